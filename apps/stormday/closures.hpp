#pragma once
//! Road closures: what the flood stage hands the routing stage. A segment is closed over time
//! intervals in which its flood hazard passed the thresholds; a closure still in force when the
//! simulation ends has no known end and is open-ended (end_s = infinity).

#include <limits>
#include <vector>

namespace karst::stormday {

struct Closure {
  double begin_s = 0.0;
  double end_s = std::numeric_limits<double>::infinity();  //!< exclusive
  bool open_ended() const { return end_s == std::numeric_limits<double>::infinity(); }
  //! Whether driving the segment over [enter_s, leave_s) meets this closure.
  bool blocks(double enter_s, double leave_s) const { return enter_s < end_s && begin_s < leave_s; }
};

//! Per road segment (index as in County::segments): its closures, sorted and disjoint.
using SegmentClosures = std::vector<std::vector<Closure>>;

}  // namespace karst::stormday
