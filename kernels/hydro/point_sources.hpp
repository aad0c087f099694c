#pragma once
//! Point sources: a depth added at given cells, at rest (volume, no momentum). Returns the largest
//! wave speed max(|u|,|v|) + sqrt(g h) of the cells it filled, because the flux update measured
//! the wave speed before this water arrived and the next time step must see it.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/hydro/state.hpp"
#include "kernels/hydro/wave_speed.hpp"

namespace karst::hydro {

//! cells(k) = (i, j) of an owned cell; depth(k) = the depth added there, m (>= 0).
//! The depth is added rounded to Real: the caller books that rounded depth in its budget.
template <class Real>
double add_point_sources(const FieldsOf<Real>& s,
                         const Kokkos::View<const int* [2], MemSpace>& cells,
                         const Kokkos::View<const double*, MemSpace>& depth, double g) {
  const auto h = s.h, hu = s.hu, hv = s.hv;
  const Real g_real = Real(g);
  double result = 0.0;
  // Sequential over sources: two sources may share a cell, and each must see the other's water.
  Kokkos::parallel_reduce(
      "hydro::add_point_sources", Kokkos::RangePolicy<ExecSpace>(0, 1),
      KOKKOS_LAMBDA(const int, double& m) {
        for (size_t k = 0; k < cells.extent(0); ++k) {
          const int i = cells(k, 0), j = cells(k, 1);
          h(i, j) += Real(depth(k));
          const double w = cell_wave_speed(h(i, j), hu(i, j), hv(i, j), g_real);
          if (w > m) m = w;
        }
      },
      Kokkos::Max<double>(result));
  return result;
}

//! Per source: 1 add, 1 div, 1 sqrt, 1 add, 1 mul; reads h, hu, hv and the source, writes h.
inline constexpr KernelCost kPointSourceCost{5.0,
                                             4 * sizeof(double) + 2 * sizeof(int) + sizeof(double)};

}  // namespace karst::hydro
