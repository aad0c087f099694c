#pragma once
//! Max over owned cells of max(|u|,|v|) + sqrt(g h): the CFL time step's denominator. The flux
//! update returns the same quantity for the new state, so this runs only at start and restart.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/hydro/interface_flux.hpp"
#include "kernels/hydro/state.hpp"

namespace karst::hydro {

//! max(|u|,|v|) + sqrt(g h) of one cell; 0 when it is dry (no velocity from thinner films).
template <class Real>
KOKKOS_INLINE_FUNCTION Real cell_wave_speed(Real h, Real hu, Real hv, Real g) {
  return h > Real(kDryDepth) ? math::max(math::fabs(hu), math::fabs(hv)) / h + math::sqrt(g * h)
                             : Real(0);
}

template <class Real>
double max_wave_speed(const FieldsOf<Real>& s, int ny, int nx, double g) {
  const auto h = s.h, hu = s.hu, hv = s.hv;
  const Real g_real = Real(g);
  double result = 0.0;
  Kokkos::parallel_reduce(
      "hydro::max_wave_speed",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({1, 1}, {ny + 1, nx + 1}),
      KOKKOS_LAMBDA(const int i, const int j, double& m) {
        const double w = cell_wave_speed(h(i, j), hu(i, j), hv(i, j), g_real);
        if (w > m) m = w;
      },
      Kokkos::Max<double>(result));
  return result;
}

//! 2 divisions... counted as: 1 div, 1 mul, 1 sqrt, 1 add; reads h, hu, hv.
inline constexpr KernelCost kWaveSpeedCost{4.0, 3 * sizeof(double)};

//! Water volume of the owned cells, m3 (diagnostic: the mass budget), summed in double whatever
//! the field's type.
template <class Real>
double water_volume(const Field2DOf<Real>& h, int ny, int nx, double cell_area) {
  double sum = 0.0;
  Kokkos::parallel_reduce(
      "hydro::water_volume",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({1, 1}, {ny + 1, nx + 1}),
      KOKKOS_LAMBDA(const int i, const int j, double& s) { s += double(h(i, j)); }, sum);
  return sum * cell_area;
}

//! Largest value of a field over the owned cells (the flood's peak depth from its max-depth map).
template <class Real>
double field_max(const Field2DOf<Real>& f, int ny, int nx) {
  double m = 0.0;
  Kokkos::parallel_reduce(
      "hydro::field_max",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({1, 1}, {ny + 1, nx + 1}),
      KOKKOS_LAMBDA(const int i, const int j, double& v) {
        if (double(f(i, j)) > v) v = double(f(i, j));
      },
      Kokkos::Max<double>(m));
  return m;
}

}  // namespace karst::hydro
