#pragma once
//! An FMA-bound kernel for the compute ceiling of the roofline. Each work item runs kChains
//! independent multiply-add chains (enough to hide FMA latency on two FMA pipes and to fill SIMD
//! lanes) for `iterations` steps and writes one value, so the kernel touches almost no memory.

#include "kernels/common/kernel_cost.hpp"

#include <Kokkos_Core.hpp>

namespace karst::ceilings {

inline constexpr int kFmaChains = 32;

//! 2 FLOPs per FMA plus the final sum of the chains; one store per item.
template <class Real>
constexpr KernelCost fma_peak_cost(int iterations) {
  return KernelCost{2.0 * kFmaChains * iterations + kFmaChains, static_cast<double>(sizeof(Real))};
}

template <class Real, class ExecSpace, class View>
void fma_peak(const ExecSpace& space, const View& out, int iterations) {
  Kokkos::parallel_for(
      "ceilings::fma_peak", Kokkos::RangePolicy<ExecSpace>(space, 0, out.extent(0)),
      KOKKOS_LAMBDA(const int i) {
        Real acc[kFmaChains];
        for (int c = 0; c < kFmaChains; ++c) acc[c] = Real(i % 7) * Real(1e-3) + Real(c);
        // x*a+b with |a| < 1 converges, so values stay finite however long the loop runs.
        const Real a = Real(0.999999);
        const Real b = Real(1e-6);
        for (int it = 0; it < iterations; ++it) {
          for (int c = 0; c < kFmaChains; ++c) acc[c] = acc[c] * a + b;
        }
        Real sum = 0;
        for (int c = 0; c < kFmaChains; ++c) sum += acc[c];
        out(i) = sum;
      });
}

}  // namespace karst::ceilings
