#pragma once
//! Reference peaks that every record is measured against.

namespace karst::bench {

//! The Gui'an centre's theoretical peak, the yardstick of every PFlop/s figure Karst prints.
inline constexpr double kGuianPeakFlops = 13.0e15;

}  // namespace karst::bench
