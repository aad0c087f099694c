#pragma once
//! The fused cell update: fluxes through the four faces (hydrostatic reconstruction + HLLC),
//! rainfall, infiltration, semi-implicit Manning friction, the running maps, and the wave speed
//! of the new state for the next time step -- all in one pass, so each cell's state is read and
//! written once per step. Faces are evaluated from both sides (twice) on purpose: the extra
//! arithmetic is cheaper than writing and re-reading face fluxes.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/hydro/interface_flux.hpp"
#include "kernels/hydro/state.hpp"

namespace karst::hydro {

//! Per-step sums and maxima over the cells a launch updated.
struct StepTotals {
  double max_speed = 0.0;    //!< max(|u|,|v|) + sqrt(g h) of the new state, m/s
  double rain_volume = 0.0;  //!< m3 added by rain
  double infiltrated_volume = 0.0;
  double boundary_volume = 0.0;  //!< m3 that entered through domain edges (negative: left)
  double clipped_volume = 0.0;   //!< m3 added by clipping round-off negatives to zero
  //! The lowest local flat index (i * (nx + 2) + j) of a cell whose new state is NaN or Inf, or
  //! kNoBadCell: a blown-up step is caught in the step it happens, with its cell.
  double first_bad_cell = kNoBadCell;
  static constexpr double kNoBadCell = 1e300;

  KOKKOS_INLINE_FUNCTION void combine(const StepTotals& o) {
    max_speed = max_speed > o.max_speed ? max_speed : o.max_speed;
    first_bad_cell = first_bad_cell < o.first_bad_cell ? first_bad_cell : o.first_bad_cell;
    rain_volume += o.rain_volume;
    infiltrated_volume += o.infiltrated_volume;
    boundary_volume += o.boundary_volume;
    clipped_volume += o.clipped_volume;
  }
};

//! Scalars of one step.
struct StepParams {
  double dt = 0.0;
  double dx = 1.0;  //!< square cells, metres
  double g = 9.81;
  double rain_rate = 0.0;       //!< m/s at this step (times the per-cell pattern)
  double infiltration = 0.0;    //!< potential infiltration rate at this step, m/s
  double time_new = 0.0;        //!< simulated time at the end of the step, s
  double arrival_depth = 0.05;  //!< depth that counts as inundated, m
};

//! HR = d (v + 0.5) + DF with the debris factor DF of Defra/EA FD2320 (0, 0.5, 1 by depth).
KOKKOS_INLINE_FUNCTION double hazard_rating(double depth, double speed) {
  const double debris = depth <= 0.25 ? 0.0 : (depth <= 0.75 ? 0.5 : 1.0);
  return depth * (speed + 0.5) + debris;
}

class FluxUpdate {
 public:
  using value_type = StepTotals;

  FluxUpdate(const Fields& old_state, const Fields& new_state, const Field2D& bed,
             const Field2D& manning, const Field2D& rain_pattern,
             const Field2D& infiltration_pattern, const Maps& maps, const StepParams& p,
             const DomainEdges& edges, int ny, int nx)
      : h_(old_state.h),
        hu_(old_state.hu),
        hv_(old_state.hv),
        h1_(new_state.h),
        hu1_(new_state.hu),
        hv1_(new_state.hv),
        z_(bed),
        n_(manning),
        rain_(rain_pattern),
        infil_(infiltration_pattern),
        hmax_(maps.max_depth),
        vmax_(maps.max_speed),
        hrmax_(maps.max_hazard),
        arrival_(maps.arrival_time),
        p_(p),
        edges_(edges),
        ny_(ny),
        nx_(nx) {}

  KOKKOS_INLINE_FUNCTION void operator()(const int i, const int j, value_type& acc) const {
    const double g = p_.g, dt = p_.dt, area = p_.dx * p_.dx;
    const double hC = h_(i, j), zC = z_(i, j);
    const double uC = velocity(hC, hu_(i, j)), vC = velocity(hC, hv_(i, j));
    const double hW = h_(i, j - 1), hE = h_(i, j + 1), hN = h_(i - 1, j), hS = h_(i + 1, j);
    const double uW = velocity(hW, hu_(i, j - 1)), vW = velocity(hW, hv_(i, j - 1));
    const double uE = velocity(hE, hu_(i, j + 1)), vE = velocity(hE, hv_(i, j + 1));
    const double uN = velocity(hN, hu_(i - 1, j)), vN = velocity(hN, hv_(i - 1, j));
    const double uS = velocity(hS, hu_(i + 1, j)), vS = velocity(hS, hv_(i + 1, j));
    // Along j the normal velocity is u; along i it is v (tangential the other one).
    const auto W = well_balanced_flux(hW, uW, vW, z_(i, j - 1), hC, uC, vC, zC, g);
    const auto E = well_balanced_flux(hC, uC, vC, zC, hE, uE, vE, z_(i, j + 1), g);
    const auto N = well_balanced_flux(hN, vN, uN, z_(i - 1, j), hC, vC, uC, zC, g);
    const auto S = well_balanced_flux(hC, vC, uC, zC, hS, vS, uS, z_(i + 1, j), g);

    const double k = dt / p_.dx;
    double h1 = hC - k * (E.flux.h - W.flux.h + S.flux.h - N.flux.h);
    double hu1 = hu_(i, j) - k * ((E.flux.qn + E.pressure_left) - (W.flux.qn + W.pressure_right) +
                                  S.flux.qt - N.flux.qt);
    double hv1 = hv_(i, j) - k * ((S.flux.qn + S.pressure_left) - (N.flux.qn + N.pressure_right) +
                                  E.flux.qt - W.flux.qt);

    // Mass crossing the domain's own edges, for the budget (faces inside are internal).
    double edge_in = 0.0;
    if (edges_.west && j == 1) edge_in += W.flux.h;
    if (edges_.east && j == nx_) edge_in -= E.flux.h;
    if (edges_.north && i == 1) edge_in += N.flux.h;
    if (edges_.south && i == ny_) edge_in -= S.flux.h;
    acc.boundary_volume += edge_in * dt * p_.dx;

    const double rain = dt * p_.rain_rate * rain_(i, j);
    h1 += rain;
    acc.rain_volume += rain * area;
    // (dt f) x pattern: a pattern of exactly 1 leaves the product bitwise unchanged.
    const double infiltrated = math::min(math::max(h1, 0.0), dt * p_.infiltration * infil_(i, j));
    h1 -= infiltrated;
    acc.infiltrated_volume += infiltrated * area;
    if (h1 < 0.0) {  // positive for CFL <= 3/8 (docs/flood.md); above, booked as clipped
      acc.clipped_volume -= h1 * area;
      h1 = 0.0;
    }

    double speed = 0.0;
    if (h1 > kDryDepth) {
      // Semi-implicit Manning: q1 = q* / (1 + dt g n^2 |u| / h^(4/3)); stable for any dt.
      const double n = n_(i, j);
      const double s = math::sqrt(hu1 * hu1 + hv1 * hv1) / h1;
      const double factor = 1.0 + dt * g * n * n * s / (h1 * math::cbrt(h1));
      hu1 /= factor;
      hv1 /= factor;
      speed = s / factor;
      const double wave = math::max(math::fabs(hu1), math::fabs(hv1)) / h1 + math::sqrt(g * h1);
      acc.max_speed = math::max(acc.max_speed, wave);
    } else {
      hu1 = 0.0;
      hv1 = 0.0;
    }
    // NaN fails every comparison and Inf exceeds any bound: one test catches both.
    if (!(math::fabs(h1) + math::fabs(hu1) + math::fabs(hv1) <= 1e300)) {
      const double cell = double(i) * (nx_ + 2) + j;
      acc.first_bad_cell = math::min(acc.first_bad_cell, cell);
    }
    h1_(i, j) = h1;
    hu1_(i, j) = hu1;
    hv1_(i, j) = hv1;

    if (h1 > hmax_(i, j)) hmax_(i, j) = h1;
    if (speed > vmax_(i, j)) vmax_(i, j) = speed;
    const double hr = hazard_rating(h1, speed);
    if (hr > hrmax_(i, j)) hrmax_(i, j) = hr;
    if (arrival_(i, j) < 0.0 && h1 >= p_.arrival_depth) arrival_(i, j) = p_.time_new;
  }

  KOKKOS_INLINE_FUNCTION void init(value_type& v) const { v = StepTotals{}; }
  KOKKOS_INLINE_FUNCTION void join(value_type& dst, const value_type& src) const {
    dst.combine(src);
  }
#if KOKKOS_VERSION < 40000
  // Kokkos 3.x joins through volatile references.
  KOKKOS_INLINE_FUNCTION void join(volatile value_type& dst, const volatile value_type& src) const {
    dst.max_speed = dst.max_speed > src.max_speed ? dst.max_speed : src.max_speed;
    dst.first_bad_cell =
        dst.first_bad_cell < src.first_bad_cell ? dst.first_bad_cell : src.first_bad_cell;
    dst.rain_volume += src.rain_volume;
    dst.infiltrated_volume += src.infiltrated_volume;
    dst.boundary_volume += src.boundary_volume;
    dst.clipped_volume += src.clipped_volume;
  }
#endif

 private:
  Field2D h_, hu_, hv_, h1_, hu1_, hv1_, z_, n_, rain_, infil_;
  Field2D hmax_, vmax_, hrmax_, arrival_;
  StepParams p_;
  DomainEdges edges_;
  int ny_, nx_;
};

//! Cost of one cell update (see docs/methodology.md). FLOPs: 4 interface fluxes, 10 velocity
//! divisions (u and v of the cell and its four neighbours), the update (3 x 8), rain/infiltration
//! (7), friction (14), wave speed (5), hazard (3). Bytes: read h, hu, hv, z, n, rain and
//! infiltration patterns (7 doubles; neighbours come from cache), write h, hu, hv (3), read+write
//! the four maps (8): 18 doubles.
inline constexpr KernelCost kFluxUpdateCost{4 * kInterfaceFlops + 10 + 24 + 7 + 14 + 5 + 3,
                                            18 * sizeof(double)};

}  // namespace karst::hydro
