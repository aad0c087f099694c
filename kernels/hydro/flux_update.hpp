#pragma once
//! The cell update: fluxes through the four faces (hydrostatic reconstruction + HLLC), rainfall,
//! infiltration, semi-implicit Manning friction, the running maps, and the wave speed of the new
//! state for the next time step -- all in one pass, so each cell's state is read and written once
//! per step. Two forms share CellUpdate: FluxUpdate (here; GPUs), which evaluates every face from
//! both sides because on a GPU the extra arithmetic is cheaper than storing face fluxes, and
//! RowSweepUpdate (row_sweep_update.hpp; CPUs), which computes each face once.

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
  //! The same for Kokkos 3.x, which joins through volatile references.
  KOKKOS_INLINE_FUNCTION static void combine(volatile StepTotals& dst,
                                             const volatile StepTotals& src) {
    dst.max_speed = dst.max_speed > src.max_speed ? dst.max_speed : src.max_speed;
    dst.first_bad_cell =
        dst.first_bad_cell < src.first_bad_cell ? dst.first_bad_cell : src.first_bad_cell;
    dst.rain_volume += src.rain_volume;
    dst.infiltrated_volume += src.infiltrated_volume;
    dst.boundary_volume += src.boundary_volume;
    dst.clipped_volume += src.clipped_volume;
  }
};

//! x^(-1/3) for a positive, finite, normal x, to about 3 ulp, without a division or a call: the
//! exponent divided by 3 as an integer (within 3.5 %), then four Newton steps y (4 - x y^3) / 3,
//! which square the relative error (3.5e-2, 2.5e-3, 1.2e-5, 2.4e-10, round-off). The friction
//! needs h^(-4/3) = y^4; libm's cbrt (a call with its own calls, and a division after it) was a
//! tenth of the CPU update's time once the cells are wet. The guess divides only the upper 32 bits
//! (sign, exponent, 20 bits of mantissa): CPUs have no vector division of 64-bit integers, and a
//! 32-bit one kept the row sweep's cell loop vectorisable (it was the whole 64 bits until
//! 2026-12-06; the guess moved by under 1e-6, the result by round-off).
KOKKOS_INLINE_FUNCTION double inverse_cbrt(const double x) {
  unsigned long long bits;
  __builtin_memcpy(&bits, &x, sizeof bits);
  const unsigned int high = static_cast<unsigned int>(bits >> 32);
  bits = static_cast<unsigned long long>(0x553EEEEFU - high / 3) << 32;
  double y;
  __builtin_memcpy(&y, &bits, sizeof y);
  const double third_x = x * (1.0 / 3.0);
  for (int k = 0; k < 4; ++k) y = y * (4.0 / 3.0 - third_x * (y * y * y));
  return y;
}
//! The same for float: the same first guess in 32 bits, and three Newton steps reach 2.4e-10,
//! below float's round-off.
KOKKOS_INLINE_FUNCTION float inverse_cbrt(const float x) {
  unsigned int bits;
  __builtin_memcpy(&bits, &x, sizeof bits);
  bits = 0x54A22222U - bits / 3;
  float y;
  __builtin_memcpy(&y, &bits, sizeof y);
  const float third_x = x * (1.0f / 3.0f);
  for (int k = 0; k < 3; ++k) y = y * (4.0f / 3.0f - third_x * (y * y * y));
  return y;
}

//! A bound no finite state of water reaches, yet finite in Real: a sum of magnitudes above it (or
//! NaN, which fails every comparison) means the step blew up.
template <class Real>
KOKKOS_INLINE_FUNCTION constexpr Real blown_up_bound() {
  return sizeof(Real) == sizeof(double) ? Real(1e300) : Real(1e30);
}

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
template <class Real>
KOKKOS_INLINE_FUNCTION Real hazard_rating(Real depth, Real speed) {
  // Two steps of 0.5 (the same three values), as two selects a compiler vectorises.
  const Real debris =
      (depth > Real(0.25) ? Real(0.5) : Real(0)) + (depth > Real(0.75) ? Real(0.5) : Real(0));
  return depth * (speed + Real(0.5)) + debris;
}

//! The StepTotals reduction both forms of the update launch with (Kokkos finds value_type, init
//! and join on the functor).
struct StepTotalsReduction {
  using value_type = StepTotals;
  KOKKOS_INLINE_FUNCTION void init(value_type& v) const { v = StepTotals{}; }
  KOKKOS_INLINE_FUNCTION void join(value_type& dst, const value_type& src) const {
    dst.combine(src);
  }
#if KOKKOS_VERSION < 40000
  // Kokkos 3.x joins through volatile references.
  KOKKOS_INLINE_FUNCTION void join(volatile value_type& dst, const volatile value_type& src) const {
    StepTotals::combine(dst, src);
  }
#endif
};

//! What every form of the update shares: the fields, the step's scalars, and what one cell does
//! with the fluxes through its four faces. The forms differ only in how they get those fluxes.
//! Real is the type of the fields and of the arithmetic (double, or float in the FP32 mode); the
//! step's sums are double either way, each term the Real value the state gained or lost.
template <class Real>
class CellUpdateOf {
 public:
  using Field = Field2DOf<Real>;
  using Face = InterfaceFluxOf<Real>;
  CellUpdateOf(const FieldsOf<Real>& old_state, const FieldsOf<Real>& new_state, const Field& bed,
               const Field& manning, const Field& rain_pattern, const Field& infiltration_pattern,
               const MapsOf<Real>& maps, const StepParams& p, const DomainEdges& edges, int ny,
               int nx)
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

  //! Flux through the face between (i, j) and (i, j + 1): the normal velocity is u.
  KOKKOS_FORCEINLINE_FUNCTION Face x_face(int i, int j, Real uL, Real vL, Real uR, Real vR) const {
    return well_balanced_flux(h_(i, j), uL, vL, z_(i, j), h_(i, j + 1), uR, vR, z_(i, j + 1),
                              Real(p_.g));
  }
  //! Flux through the face between (i, j) and (i + 1, j): the normal velocity is v.
  KOKKOS_FORCEINLINE_FUNCTION Face y_face(int i, int j, Real uN, Real vN, Real uS, Real vS) const {
    return well_balanced_flux(h_(i, j), vN, uN, z_(i, j), h_(i + 1, j), vS, uS, z_(i + 1, j),
                              Real(p_.g));
  }
  //! True when cell (i, j) holds no water at all. A face between two such cells carries nothing:
  //! hllc_flux takes its dry-dry branch and both pressures are g/2 (0 - 0), whatever the beds.
  KOKKOS_FORCEINLINE_FUNCTION bool empty(int i, int j) const { return h_(i, j) == Real(0); }
  KOKKOS_FORCEINLINE_FUNCTION Real u(int i, int j) const { return velocity(h_(i, j), hu_(i, j)); }
  //! u and v of cells (i, j) .. (i, j + n - 1) into u[0, n) and v[0, n): velocity() of each, in a
  //! loop a CPU compiler vectorises (the row sweep's two divisions per cell).
  KOKKOS_FORCEINLINE_FUNCTION void velocities(int i, int j, int n, Real* KOKKOS_RESTRICT u,
                                              Real* KOKKOS_RESTRICT v) const {
    const Real* KOKKOS_RESTRICT h = &h_(i, j);
    const Real* KOKKOS_RESTRICT hu = &hu_(i, j);
    const Real* KOKKOS_RESTRICT hv = &hv_(i, j);
#if defined(_OPENMP) && !defined(__CUDA_ARCH__)
#pragma omp simd
#endif
    for (int k = 0; k < n; ++k) {
      u[k] = velocity(h[k], hu[k]);
      v[k] = velocity(h[k], hv[k]);
    }
  }
  //! Depth and bed of cells (i, j), (i, j + 1), ...: for loops over a row (the row sweep's faces),
  //! which call well_balanced_flux with the arguments x_face() and y_face() pass.
  KOKKOS_FORCEINLINE_FUNCTION const Real* depth_row(int i, int j) const {
    return &h_(i, j);
  }
  KOKKOS_FORCEINLINE_FUNCTION const Real* bed_row(int i, int j) const {
    return &z_(i, j);
  }
  KOKKOS_FORCEINLINE_FUNCTION Real g() const {
    return Real(p_.g);
  }
  //! The block's owned rows and columns ([1, ny] x [1, nx]): where the domain's edges can be.
  KOKKOS_FORCEINLINE_FUNCTION int rows() const {
    return ny_;
  }
  KOKKOS_FORCEINLINE_FUNCTION int columns() const {
    return nx_;
  }
  KOKKOS_FORCEINLINE_FUNCTION Real v(int i, int j) const {
    return velocity(h_(i, j), hv_(i, j));
  }

  //! The new state of cell (i, j) from its west, east, north and south face fluxes: the
  //! conservative update, rain, infiltration, friction, the maps and the step's totals. Forced
  //! inline: as a call (the fluxes passed through memory) the row sweep ran a fifth slower.
  //! Each line is written so that with Real = double it is the arithmetic, in the order, that
  //! FP64 runs have always done (products of step scalars form in double, then round to Real).
  KOKKOS_FORCEINLINE_FUNCTION void apply(const int i, const int j, const Face& W, const Face& E,
                                         const Face& N, const Face& S, StepTotals& acc) const {
    const Real g = Real(p_.g), zero = Real(0);
    const double dt = p_.dt, area = p_.dx * p_.dx;
    const Real k = Real(dt / p_.dx);
    Real h1 = h_(i, j) - k * (E.flux.h - W.flux.h + S.flux.h - N.flux.h);
    Real hu1 = hu_(i, j) - k * ((E.flux.qn + E.pressure_left) - (W.flux.qn + W.pressure_right) +
                                S.flux.qt - N.flux.qt);
    Real hv1 = hv_(i, j) - k * ((S.flux.qn + S.pressure_left) - (N.flux.qn + N.pressure_right) +
                                E.flux.qt - W.flux.qt);

    book_edges(i, j, W.flux.h, E.flux.h, N.flux.h, S.flux.h, acc);

    const Real rain = Real(dt * p_.rain_rate) * rain_(i, j);
    h1 += rain;
    acc.rain_volume += double(rain) * area;
    // (dt f) x pattern: a pattern of exactly 1 leaves the product bitwise unchanged.
    const Real infiltrated =
        math::min(math::max(h1, zero), Real(dt * p_.infiltration) * infil_(i, j));
    h1 -= infiltrated;
    acc.infiltrated_volume += double(infiltrated) * area;
    if (h1 < zero) {  // positive for CFL <= 3/8 (docs/flood.md); above, booked as clipped
      acc.clipped_volume -= double(h1) * area;
      h1 = zero;
    }

    Real speed = zero;
    if (h1 > Real(kDryDepth)) {
      // Semi-implicit Manning: q1 = q* / (1 + dt g n^2 |u| / h^(4/3)); stable for any dt.
      const Real n = n_(i, j);
      const Real s = math::sqrt(hu1 * hu1 + hv1 * hv1) / h1;
      const Real y = inverse_cbrt(h1), y2 = y * y;  // h^(-4/3) = y2 y2
      const Real inv_factor = Real(1) / (Real(1) + Real(dt * p_.g) * n * n * s * (y2 * y2));
      hu1 *= inv_factor;
      hv1 *= inv_factor;
      speed = s * inv_factor;
      // cell_wave_speed() of the new state, bitwise: the next step's speed at start and restart.
      const Real wave = math::max(math::fabs(hu1), math::fabs(hv1)) / h1 + math::sqrt(g * h1);
      acc.max_speed = math::max(acc.max_speed, double(wave));
    } else {
      hu1 = zero;
      hv1 = zero;
    }
    // NaN fails every comparison and Inf exceeds any bound: one test catches both.
    if (!(math::fabs(h1) + math::fabs(hu1) + math::fabs(hv1) <= blown_up_bound<Real>())) {
      const double cell = double(i) * (nx_ + 2) + j;
      acc.first_bad_cell = math::min(acc.first_bad_cell, cell);
    }
    h1_(i, j) = h1;
    hu1_(i, j) = hu1;
    hv1_(i, j) = hv1;

    if (h1 > hmax_(i, j)) hmax_(i, j) = h1;
    if (speed > vmax_(i, j)) vmax_(i, j) = speed;
    const Real hr = hazard_rating(h1, speed);
    if (hr > hrmax_(i, j)) hrmax_(i, j) = hr;
    if (arrival_(i, j) < zero && h1 >= Real(p_.arrival_depth)) arrival_(i, j) = Real(p_.time_new);
  }

  //! Mass crossing the domain's own edges through cell (i, j)'s faces, for the budget (faces
  //! inside are internal): the mass fluxes of its west, east, north and south faces.
  KOKKOS_FORCEINLINE_FUNCTION void book_edges(int i, int j, Real west, Real east, Real north,
                                              Real south, StepTotals& acc) const {
    double edge_in = 0.0;
    if (edges_.west && j == 1) edge_in += west;
    if (edges_.east && j == nx_) edge_in -= east;
    if (edges_.north && i == 1) edge_in += north;
    if (edges_.south && i == ny_) edge_in -= south;
    acc.boundary_volume += edge_in * p_.dt * p_.dx;
  }

  //! Face fluxes of a run of faces as five arrays (the row sweep's buffers).
  struct FaceArrays {
    const Real* KOKKOS_RESTRICT h;
    const Real* KOKKOS_RESTRICT qn;
    const Real* KOKKOS_RESTRICT qt;
    const Real* KOKKOS_RESTRICT pl;
    const Real* KOKKOS_RESTRICT pr;
  };

  //! apply() for cells (i, j) .. (i, j + n - 1) in one loop a CPU compiler vectorises: the cell
  //! (i, j + c) has west face x[c], east face x[c + 1], north face north[c], south face south[c].
  //! Each value is apply()'s arithmetic with its branches made selects; what a branch skipped
  //! (friction on a dry cell, a map that did not grow) is computed and not selected. The sums go
  //! into the step's totals in another order. Edges are booked with book_edges() by the caller.
  KOKKOS_FORCEINLINE_FUNCTION void apply_row(const int i, const int j, const int n,
                                             const FaceArrays& x, const FaceArrays& north,
                                             const FaceArrays& south, StepTotals& acc) const {
    const Real zero = Real(0), one = Real(1), g = Real(p_.g), dry = Real(kDryDepth);
    const double dt = p_.dt, area = p_.dx * p_.dx;
    const Real k = Real(dt / p_.dx), rain_dt = Real(dt * p_.rain_rate);
    const Real infiltration_dt = Real(dt * p_.infiltration), friction_dt = Real(dt * p_.g);
    const Real arrival_depth = Real(p_.arrival_depth), time_new = Real(p_.time_new);
    const Real* KOKKOS_RESTRICT h = &h_(i, j);
    const Real* KOKKOS_RESTRICT hu = &hu_(i, j);
    const Real* KOKKOS_RESTRICT hv = &hv_(i, j);
    const Real* KOKKOS_RESTRICT manning = &n_(i, j);
    const Real* KOKKOS_RESTRICT rain_pattern = &rain_(i, j);
    const Real* KOKKOS_RESTRICT infiltration_pattern = &infil_(i, j);
    Real* KOKKOS_RESTRICT h1_out = &h1_(i, j);
    Real* KOKKOS_RESTRICT hu1_out = &hu1_(i, j);
    Real* KOKKOS_RESTRICT hv1_out = &hv1_(i, j);
    Real* KOKKOS_RESTRICT hmax = &hmax_(i, j);
    Real* KOKKOS_RESTRICT vmax = &vmax_(i, j);
    Real* KOKKOS_RESTRICT hrmax = &hrmax_(i, j);
    Real* KOKKOS_RESTRICT arrival = &arrival_(i, j);
    const FaceArrays N = north, S = south;
    const double first_cell = double(i) * (nx_ + 2) + j;
    double rain_volume = 0.0, infiltrated_volume = 0.0, clipped_volume = 0.0;
    double max_speed = acc.max_speed, first_bad = acc.first_bad_cell;
#if defined(_OPENMP) && !defined(__CUDA_ARCH__)
#pragma omp simd reduction(+ : rain_volume, infiltrated_volume, clipped_volume) \
    reduction(max : max_speed) reduction(min : first_bad)
#endif
    for (int c = 0; c < n; ++c) {
      Real h1 = h[c] - k * (x.h[c + 1] - x.h[c] + S.h[c] - N.h[c]);
      Real hu1 =
          hu[c] - k * ((x.qn[c + 1] + x.pl[c + 1]) - (x.qn[c] + x.pr[c]) + S.qt[c] - N.qt[c]);
      Real hv1 = hv[c] - k * ((S.qn[c] + S.pl[c]) - (N.qn[c] + N.pr[c]) + x.qt[c + 1] - x.qt[c]);
      const Real rain = rain_dt * rain_pattern[c];
      h1 += rain;
      rain_volume += double(rain) * area;
      const Real infiltrated =
          math::min(math::max(h1, zero), infiltration_dt * infiltration_pattern[c]);
      h1 -= infiltrated;
      infiltrated_volume += double(infiltrated) * area;
      const Real negative = h1 < zero ? h1 : zero;
      clipped_volume -= double(negative) * area;
      h1 = h1 < zero ? zero : h1;
      // Friction and wave speed as apply() computes them for a wet cell (NaN on a dry one, where
      // they are not selected).
      const Real nc = manning[c];
      const Real s = math::sqrt(hu1 * hu1 + hv1 * hv1) / h1;
      const Real y = inverse_cbrt(h1), y2 = y * y;
      const Real inv_factor = one / (one + friction_dt * nc * nc * s * (y2 * y2));
      const bool wet = h1 > dry;
      hu1 = wet ? hu1 * inv_factor : zero;
      hv1 = wet ? hv1 * inv_factor : zero;
      const Real speed = wet ? s * inv_factor : zero;
      const Real wave = math::max(math::fabs(hu1), math::fabs(hv1)) / h1 + math::sqrt(g * h1);
      max_speed = math::max(max_speed, wet ? double(wave) : 0.0);
      const Real magnitude = math::fabs(h1) + math::fabs(hu1) + math::fabs(hv1);
      first_bad = math::min(
          first_bad, magnitude <= blown_up_bound<Real>() ? StepTotals::kNoBadCell : first_cell + c);
      h1_out[c] = h1;
      hu1_out[c] = hu1;
      hv1_out[c] = hv1;
      hmax[c] = h1 > hmax[c] ? h1 : hmax[c];
      vmax[c] = speed > vmax[c] ? speed : vmax[c];
      const Real hr = hazard_rating(h1, speed);
      hrmax[c] = hr > hrmax[c] ? hr : hrmax[c];
      arrival[c] = arrival[c] < zero ? (h1 >= arrival_depth ? time_new : arrival[c]) : arrival[c];
    }
    acc.rain_volume += rain_volume;
    acc.infiltrated_volume += infiltrated_volume;
    acc.clipped_volume += clipped_volume;
    acc.max_speed = max_speed;
    acc.first_bad_cell = first_bad;
  }

  //! apply() for an empty cell whose four neighbours are empty too (empty() above), so that all
  //! four fluxes and pressures are zero: the same new state, maps and totals, bit for bit, without
  //! reading the momenta, roughness or -- while the cell stays below kDryDepth and the arrival
  //! depth -- the maps. An empty cell's maps need no update: its maximum depth, speed and hazard
  //! are at least 0 already (they start at the initial depth, 0 and 0 and only grow).
  KOKKOS_FORCEINLINE_FUNCTION void apply_empty(const int i, const int j, StepTotals& acc) const {
    const Real zero = Real(0);
    const double dt = p_.dt, area = p_.dx * p_.dx;
    const Real rain = Real(dt * p_.rain_rate) * rain_(i, j);
    Real h1 = h_(i, j) + rain;  // h - k (0 - 0 + 0 - 0) is h itself
    const Real infiltrated =
        math::min(math::max(h1, zero), Real(dt * p_.infiltration) * infil_(i, j));
    h1 -= infiltrated;
    if (h1 > Real(kDryDepth)) {  // rain beat the soil: the friction and maps of apply() (rare)
      const Face none{};
      apply(i, j, none, none, none, none, acc);
      return;
    }
    acc.rain_volume += double(rain) * area;
    acc.infiltrated_volume += double(infiltrated) * area;
    if (h1 < zero) {
      acc.clipped_volume -= double(h1) * area;
      h1 = zero;
    }
    if (!(math::fabs(h1) <= blown_up_bound<Real>())) {
      const double cell = double(i) * (nx_ + 2) + j;
      acc.first_bad_cell = math::min(acc.first_bad_cell, cell);
    }
    h1_(i, j) = h1;
    hu1_(i, j) = zero;
    hv1_(i, j) = zero;
    if (h1 > zero) {
      if (h1 > hmax_(i, j)) hmax_(i, j) = h1;
      const Real hr = hazard_rating(h1, zero);
      if (hr > hrmax_(i, j)) hrmax_(i, j) = hr;
    }
    if (h1 >= Real(p_.arrival_depth) && arrival_(i, j) < zero) arrival_(i, j) = Real(p_.time_new);
  }

 private:
  Field h_, hu_, hv_, h1_, hu1_, hv1_, z_, n_, rain_, infil_;
  Field hmax_, vmax_, hrmax_, arrival_;
  StepParams p_;
  DomainEdges edges_;
  int ny_, nx_;
};

using CellUpdate = CellUpdateOf<double>;

//! The fused form, one thread per cell (what GPUs run): each cell computes the fluxes through its
//! four faces itself, so every face is computed twice, by the cells on either side, and never
//! stored. Launch over an MDRangePolicy of cells with a StepTotals reduction.
template <class Real>
class FluxUpdate : public StepTotalsReduction {
 public:
  explicit FluxUpdate(const CellUpdateOf<Real>& cell) : cell_(cell) {}

  KOKKOS_INLINE_FUNCTION void operator()(const int i, const int j, value_type& acc) const {
    const Real uC = cell_.u(i, j), vC = cell_.v(i, j);
    const Real uW = cell_.u(i, j - 1), vW = cell_.v(i, j - 1);
    const Real uE = cell_.u(i, j + 1), vE = cell_.v(i, j + 1);
    const Real uN = cell_.u(i - 1, j), vN = cell_.v(i - 1, j);
    const Real uS = cell_.u(i + 1, j), vS = cell_.v(i + 1, j);
    cell_.apply(i, j, cell_.x_face(i, j - 1, uW, vW, uC, vC), cell_.x_face(i, j, uC, vC, uE, vE),
                cell_.y_face(i - 1, j, uN, vN, uC, vC), cell_.y_face(i, j, uC, vC, uS, vS), acc);
  }

 private:
  CellUpdateOf<Real> cell_;
};

//! Friction, counted as the code does it: the speed 5 (two squares and an add, sqrt, division by
//! h), h^(-4/3) 23 (inverse_cbrt: 1 + 4 Newton steps of 5; two squarings), the factor 7 (dt g n n
//! s, times h^(-4/3), plus 1, its reciprocal), three products (hu, hv, speed). Until 2026-12-06 the
//! friction called cbrt (counted as 1) and divided four times: 14.
inline constexpr double kFrictionFlops = 5 + 23 + 7 + 3;

//! Cost of one cell update (see docs/methodology.md). FLOPs: 4 interface fluxes, 10 velocity
//! divisions (u and v of the cell and its four neighbours), the update (3 x 8), rain/infiltration
//! (7), friction (kFrictionFlops), wave speed (5), hazard (3). Bytes: read h, hu, hv, z, n, rain
//! and infiltration patterns (7 doubles; neighbours come from cache), write h, hu, hv (3),
//! read+write the four maps (8): 18 values of Real.
template <class Real>
inline constexpr KernelCost kFluxUpdateCostOf{
    4 * kInterfaceFlops + 10 + 24 + 7 + kFrictionFlops + 5 + 3, 18 * sizeof(Real)};
inline constexpr KernelCost kFluxUpdateCost = kFluxUpdateCostOf<double>;

}  // namespace karst::hydro
