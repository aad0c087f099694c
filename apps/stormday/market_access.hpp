#pragma once
//! Which places can reach a market at all, and when: the static half of the routing stage.
//!
//!  - dry_market_times: the dry-weather travel time from every node to its nearest market, one
//!    delta-stepping search (kernels/routing) from a virtual source joined to every market by a
//!    zero-time arc. Roads run both ways, so times from the markets are times to them.
//!  - cut_off_intervals: when a node has no open path to any market. Between two consecutive
//!    closure breakpoints (a begin or an end) the set of open segments is constant, so a
//!    multi-source reachability from the markets on each such interval gives the answer exactly;
//!    after the last breakpoint nothing changes again, which decides whether a cut-off is
//!    permanent.

#include "apps/stormday/closures.hpp"
#include "apps/stormday/county.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace karst::stormday {

//! Seconds from each node to its nearest market on dry roads; -1 where no market can be reached.
std::vector<std::int64_t> dry_market_times(const County& county);

//! When one node is cut off from every market, within [0, horizon_s).
struct CutOff {
  std::vector<std::pair<double, double>> intervals;  //!< [begin, end), sorted, disjoint, merged
  double total_s = 0.0;
  double first_s = -1.0;    //!< begin of the first interval; -1 when never cut off
  bool at_horizon = false;  //!< cut off just before the horizon (the last interval ends there)
  bool permanent = false;   //!< cut off from the last breakpoint on, for ever (open-ended)
};

//! Cut-off intervals of `nodes` (indices into County::nodes) during [0, horizon_s). A segment is
//! open at time t when none of its closures has begin_s <= t < end_s; a node is cut off at t when
//! no path of open segments joins it to a market node. `closures` is empty or one list per
//! segment, sorted and disjoint (validate_closures).
std::vector<CutOff> cut_off_intervals(const County& county, const SegmentClosures& closures,
                                      const std::vector<int>& nodes, double horizon_s);

//! The closure breakpoints (every begin, every finite end), sorted, without repeats.
std::vector<double> closure_breakpoints(const SegmentClosures& closures);

}  // namespace karst::stormday
