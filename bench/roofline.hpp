#pragma once
//! Roofline arithmetic (Williams, Waterman & Patterson 2009): what a kernel of a given
//! arithmetic intensity can attain on a node with a measured bandwidth and FP peak.

#include <algorithm>

namespace karst::bench {

struct Roofline {
  double peak_gflops = 0.0;    //!< FP64 FMA ceiling, GFLOP/s
  double bandwidth_gbs = 0.0;  //!< STREAM Triad, GB/s
  //! FLOP/byte where the memory roof meets the compute roof.
  double ridge_point() const { return bandwidth_gbs > 0 ? peak_gflops / bandwidth_gbs : 0.0; }
  //! min(peak, intensity x bandwidth), GFLOP/s.
  double attainable_gflops(double intensity) const {
    return std::min(peak_gflops, intensity * bandwidth_gbs);
  }
  //! Achieved / attainable: a kernel's distance from its roof. 0 when nothing is attainable
  //! (a kernel that books no FLOPs is judged by bandwidth instead, see fraction_of_bandwidth).
  double fraction_of_attainable(double intensity, double achieved_gflops) const {
    const double a = attainable_gflops(intensity);
    return a > 0 ? achieved_gflops / a : 0.0;
  }
  double fraction_of_bandwidth(double achieved_gbs) const {
    return bandwidth_gbs > 0 ? achieved_gbs / bandwidth_gbs : 0.0;
  }
  bool memory_bound(double intensity) const { return intensity < ridge_point(); }
};

}  // namespace karst::bench
