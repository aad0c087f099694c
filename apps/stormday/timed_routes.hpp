#pragma once
//! Earliest arrival on the county's roads while segments are closed for time windows: a truck
//! leaves a node at a given time for whichever market it can reach first.
//!
//! A segment entered at time t is usable iff none of its closures blocks [t, t + travel_s). A truck
//! may wait at a node for a road to reopen, so the time it leaves u along (u, v) is the earliest
//! t' >= t with [t', t' + travel_s) free, and its arrival at v is a non-decreasing function of its
//! arrival at u (FIFO: arriving later never lets it leave earlier). On a FIFO network a Dijkstra on
//! arrival times is exact (Dreyfus 1969; Kaufman & Smith 1993), so the search is the ordinary
//! label-setting one with the arc cost evaluated at the label's time. With `allow_waiting` off, a
//! segment blocked when the truck reaches its tail is skipped; that network is not FIFO and the
//! search then returns the best route among those that reach every node at its earliest time (see
//! docs/stormday-routing.md).
//!
//! Ties are broken by indices only: nodes are settled in order of (arrival, node index), a label
//! changes only on a strictly earlier arrival, and a node's roads are tried in segment order. The
//! dry plan is this same search with no closures, so a storm without closures gives it bit for bit.

#include "apps/stormday/closures.hpp"
#include "apps/stormday/county.hpp"

#include <limits>
#include <vector>

namespace karst::stormday {

inline constexpr double kNever = std::numeric_limits<double>::infinity();

//! One segment of a route, driven over [enter_s, leave_s).
struct RouteStep {
  int segment = 0;
  bool forward = true;  //!< driven from the segment's `from` node to its `to` node
  double enter_s = 0.0, leave_s = 0.0;
};

struct TimedRoute {
  bool reached = false;  //!< false: no market can be reached at all (open-ended closures)
  int market = -1;       //!< index into County::markets
  int start_node = 0;
  double departure_s = 0.0;
  double arrival_s = kNever;  //!< kNever when not reached
  double distance_m = 0.0;    //!< driven
  double drive_s = 0.0;       //!< sum of the segments' travel_s
  double wait_s = 0.0;        //!< time spent waiting at nodes for roads to reopen
  std::vector<RouteStep> steps;
};

//! Same segments in the same directions (times may differ: a truck that waited took the same road).
bool same_path(const TimedRoute& a, const TimedRoute& b);
//! The nodes of the route, start node first.
std::vector<int> route_nodes(const County& county, const TimedRoute& route);

//! Checks what the searches rely on: every segment joins nodes of the county and takes a positive
//! travel time, and there is a market at a node of the county. karst::Error names the first fault.
void validate_roads(const County& county);

//! Checks that `closures` fits the county: empty (no closures at all) or one list per segment,
//! each closure with a finite begin before its end, sorted and disjoint. karst::Error names the
//! segment and the closure otherwise.
void validate_closures(const County& county, const SegmentClosures& closures);

//! The earliest t' >= t such that no closure in `closures` (sorted, disjoint) blocks
//! [t', t' + travel_s); kNever when an open-ended closure blocks every such t'.
double earliest_entry(const std::vector<Closure>& closures, double t, double travel_s);
//! Whether [enter_s, leave_s) meets any of `closures` (sorted, disjoint).
bool blocked(const std::vector<Closure>& closures, double enter_s, double leave_s);

class TimedRouter {
 public:
  //! Copies what it needs; `closures` may be empty (the dry plan). Validates both.
  TimedRouter(const County& county, const SegmentClosures& closures, bool allow_waiting = true);
  //! The route from `from_node`, leaving at `departure_s`, to the market reached first (equal
  //! arrivals: the market whose node is settled first, then the lowest market index).
  TimedRoute route(int from_node, double departure_s) const;

 private:
  struct Arc {
    int segment = 0;
    int head = 0;
    bool forward = true;
  };
  struct Labels;  // one search's labels per node (timed_routes.cpp)
  //! When a truck at the tail of `arc` at time `t` enters it: t, later after waiting, or kNever.
  double entry_time(const Arc& arc, double t) const;
  //! The label-setting search from `from_node`; the node of the market settled first, or -1.
  int search(int from_node, double departure_s, Labels& labels) const;
  std::vector<std::int64_t> first_arc_;  // node u's roads: arcs_[first_arc_[u], first_arc_[u+1])
  std::vector<Arc> arcs_;
  std::vector<double> travel_s_, length_m_;  // per segment
  std::vector<int> market_at_;               // lowest market index at a node, -1 for none
  SegmentClosures closures_;                 // empty or one list per segment
  bool allow_waiting_ = true;
};

//! The route with no closures at all.
TimedRoute dry_route(const County& county, int from_node, double departure_s);

}  // namespace karst::stormday
