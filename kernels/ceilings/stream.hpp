#pragma once
//! STREAM Copy and Triad (McCalpin) in Kokkos: the bandwidth ceiling of the roofline.
//! Counting follows STREAM's rules: only the words the kernel names are counted (no
//! write-allocate traffic), 8 bytes per double; Triad's a = b + s*c is 2 FLOPs.

#include "kernels/common/kernel_cost.hpp"

#include <Kokkos_Core.hpp>

namespace karst::ceilings {

inline constexpr KernelCost kStreamCopyCost{0.0, 2 * sizeof(double)};
inline constexpr KernelCost kStreamTriadCost{2.0, 3 * sizeof(double)};

template <class ExecSpace, class View>
void stream_copy(const ExecSpace& space, const View& dst, const View& src) {
  Kokkos::parallel_for(
      "ceilings::stream_copy", Kokkos::RangePolicy<ExecSpace>(space, 0, dst.extent(0)),
      KOKKOS_LAMBDA(const int i) { dst(i) = src(i); });
}

template <class ExecSpace, class View>
void stream_triad(const ExecSpace& space, const View& a, const View& b, const View& c,
                  double scalar) {
  Kokkos::parallel_for(
      "ceilings::stream_triad", Kokkos::RangePolicy<ExecSpace>(space, 0, a.extent(0)),
      KOKKOS_LAMBDA(const int i) { a(i) = b(i) + scalar * c(i); });
}

}  // namespace karst::ceilings
