// The hydro kernels on their own, without FloodModel: HLLC consistency and symmetries, the
// well-balance of the hydrostatic reconstruction (lake at rest, wet/dry steps included),
// positivity of one update at the kernel's own CFL rule, mass conservation in a closed box, and
// the update's invariance under mirroring and transposing the grid. Positivity holds up to CFL
// 3/8: dt uses max(|u|,|v|) + sqrt(g h) while a wet cell beside dry ones drains through four
// faces at the dry-bed speed 2 sqrt(g h), so a still column on dry ground loses 8/3 CFL of its
// depth (docs/flood.md; above 3/8 the kernel clips and books the clipped volume).
//
// Tolerances. Unless a check is exact (and then it says why), a tolerance is "relative to the
// flux or depth scale of the case" and sized from the number of roundings involved: the kernels
// do at most ~10 double roundings along any path, each <= 1.1e-16 relative, so ~1e-15 is what
// round-off can produce; the tolerances below are 1e-13 to 1e-12 (100x to 1000x headroom, for
// FMA contraction on other backends) and still 10+ orders below any error a wrong sign or a
// swapped argument gives (those are O(1) relative; each check was confirmed to fail that way).
#include "kernels/hydro/boundary_ghosts.hpp"
#include "kernels/hydro/flux_update.hpp"
#include "kernels/hydro/interface_flux.hpp"
#include "kernels/hydro/riemann_hllc.hpp"
#include "kernels/hydro/row_sweep_update.hpp"
#include "kernels/hydro/wave_speed.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <random>
#include <tuple>
#include <vector>

namespace {

using namespace karst;
using hydro::Flux;

constexpr double kG = 9.81;

// ---------------------------------------------------------------------------------------------
// Riemann solver

Flux physical_flux(double h, double u, double v) {
  Flux f;
  f.h = h * u;
  f.qn = f.h * u + 0.5 * kG * h * h;
  f.qt = f.h * v;
  return f;
}

// Equal left and right states: the numerical flux is the physical flux F(U). Supercritical
// states take the upwind branch, which returns F of that side as computed: bitwise equal. The
// subcritical ones go through the HLL average (sR F - sL F) / (sR - sL) with sL < 0 < sR, whose
// terms have one sign (no cancellation): a few ulp, checked at 1e-13 relative to the
// component. At u = 0 the mass and tangential fluxes are exactly 0 (0 * anything).
TEST(Hllc, EqualStatesGiveThePhysicalFlux) {
  struct Case {
    double h, u, v;
    bool supercritical;
  };
  const Case cases[] = {
      {1.0, 0.0, 0.0, false},  {1.0, 0.0, 0.7, false},  {2.0, 0.5, -0.3, false},
      {0.3, -1.2, 0.7, false}, {10.0, 3.0, 1.0, false}, {1e-3, 0.05, 0.0, false},
      {1.0, 5.0, 0.4, true},   {0.5, -6.0, 1.0, true},  {0.2, 2.0, -2.0, true},
      {0.2, -2.0, -2.0, true}, {3.0, 40.0, 0.0, true},  {2e-6, 0.1, 0.1, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "h " << c.h << " u " << c.u << " v " << c.v);
    ASSERT_EQ(std::fabs(c.u) > std::sqrt(kG * c.h), c.supercritical);  // the case is what it says
    const Flux f = hydro::hllc_flux(c.h, c.u, c.v, c.h, c.u, c.v, kG);
    const Flux F = physical_flux(c.h, c.u, c.v);
    if (c.supercritical) {
      EXPECT_EQ(f.h, F.h);
      EXPECT_EQ(f.qn, F.qn);
      EXPECT_EQ(f.qt, F.qt);
    } else {
      EXPECT_NEAR(f.h, F.h, 1e-13 * std::fabs(F.h));
      EXPECT_NEAR(f.qn, F.qn, 1e-13 * std::fabs(F.qn));
      EXPECT_NEAR(f.qt, F.qt, 1e-13 * std::fabs(F.qt));
    }
  }
  // Both sides dry: no flux at all, whatever the (meaningless) velocities.
  const Flux dry = hydro::hllc_flux(0.0, 3.0, 1.0, 0.5 * hydro::kDryDepth, -2.0, 1.0, kG);
  EXPECT_EQ(dry.h, 0.0);
  EXPECT_EQ(dry.qn, 0.0);
  EXPECT_EQ(dry.qt, 0.0);
}

struct RiemannCase {
  double hL, uL, vL, hR, uR, vR;
};

// Random left/right states: wet/wet, wet/dry both ways, near-dry, sub- and supercritical.
RiemannCase random_riemann(std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto depth = [&] {
    const double r = unit(rng);
    if (r < 0.15) return 0.0;
    if (r < 0.3) return std::pow(10.0, -7.0 + 4.0 * unit(rng));  // around kDryDepth
    return 0.01 + 4.0 * unit(rng);
  };
  const auto speed = [&] { return (unit(rng) < 0.3 ? 15.0 : 3.0) * (2.0 * unit(rng) - 1.0); };
  return {depth(), speed(), speed(), depth(), speed(), speed()};
}

// Scales of the three flux components for a case: any flux the states can produce is below them.
Flux flux_scale(const RiemannCase& c) {
  const double h = std::max(c.hL, c.hR);
  const double a = std::max(std::fabs(c.uL), std::fabs(c.uR)) + 2.0 * std::sqrt(kG * h);
  Flux s;
  s.h = h * a;
  s.qn = h * a * a + 0.5 * kG * h * h;
  s.qt = h * a * std::max(std::fabs(c.vL), std::fabs(c.vR));
  return s;
}

// Mirroring x -> -x: swap the sides and negate the normal velocities. The mass flux and the
// tangential momentum flux change sign, the normal momentum flux (h u^2 + g h^2 / 2) does not.
// The kernel's star-state estimate adds the same terms in another order once mirrored, so this
// holds to round-off: 1e-12 of the case's flux scale (a few ulp of the wave speeds, amplified at
// most by the HLL weights, which are bounded by 1). Where the contact speed is ~0 the two
// evaluations may pick different tangential velocities, but then the mass flux (the contact
// speed times the star depth) is ~0 too, and so is the tangential flux.
TEST(Hllc, MirroredStatesGiveTheMirroredFlux) {
  std::mt19937 rng(17);
  for (int n = 0; n < 5000; ++n) {
    const auto c = random_riemann(rng);
    SCOPED_TRACE(testing::Message() << "case " << n << ": " << c.hL << " " << c.uL << " " << c.vL
                                    << " | " << c.hR << " " << c.uR << " " << c.vR);
    const Flux f = hydro::hllc_flux(c.hL, c.uL, c.vL, c.hR, c.uR, c.vR, kG);
    const Flux m = hydro::hllc_flux(c.hR, -c.uR, c.vR, c.hL, -c.uL, c.vL, kG);
    const Flux s = flux_scale(c);
    ASSERT_NEAR(m.h, -f.h, 1e-12 * s.h);
    ASSERT_NEAR(m.qn, f.qn, 1e-12 * s.qn);
    ASSERT_NEAR(m.qt, -f.qt, 1e-12 * s.qt + 1e-12 * s.h * std::fabs(c.vL - c.vR));
  }
}

// Reflecting the tangential axis (v -> -v on both sides): mass and normal momentum fluxes do not
// depend on v at all (bitwise), the tangential flux changes sign (bitwise: it is f.h * v).
TEST(Hllc, TangentialReflectionOnlyFlipsTheTangentialFlux) {
  std::mt19937 rng(18);
  for (int n = 0; n < 2000; ++n) {
    const auto c = random_riemann(rng);
    SCOPED_TRACE(testing::Message() << "case " << n);
    const Flux f = hydro::hllc_flux(c.hL, c.uL, c.vL, c.hR, c.uR, c.vR, kG);
    const Flux r = hydro::hllc_flux(c.hL, c.uL, -c.vL, c.hR, c.uR, -c.vR, kG);
    ASSERT_EQ(r.h, f.h);
    ASSERT_EQ(r.qn, f.qn);
    ASSERT_EQ(r.qt, -f.qt);
  }
}

// The tangential momentum is carried by the contact wave: flowing left to right it is the left
// state's v times the mass flux, right to left the right state's (exact: same product).
// Mirror symmetry alone cannot see this (swapping utL and utR is itself mirror-symmetric).
TEST(Hllc, TangentialMomentumIsUpwinded) {
  const double vL = 2.0, vR = -3.0;
  for (const double u : {0.3, 1.0, 5.0}) {  // subcritical and supercritical, both directions
    const Flux right = hydro::hllc_flux(1.0, u, vL, 0.8, u, vR, kG);
    ASSERT_GT(right.h, 0.0);
    EXPECT_EQ(right.qt, right.h * vL);
    const Flux left = hydro::hllc_flux(0.8, -u, vL, 1.0, -u, vR, kG);
    ASSERT_LT(left.h, 0.0);
    EXPECT_EQ(left.qt, left.h * vR);
  }
  // Water flowing from a wet cell onto dry ground carries the wet side's v.
  const Flux onto_dry = hydro::hllc_flux(1.0, 0.0, vL, 0.0, 0.0, vR, kG);
  ASSERT_GT(onto_dry.h, 0.0);
  EXPECT_EQ(onto_dry.qt, onto_dry.h * vL);
}

// A still dam break on a wet bed, hL = 2 > hR = 0.5: Toro's two-rarefaction estimate (eq.
// 10.17-10.18) gives u* = cL - cR and c* = (cL + cR) / 2, so sL = min(-cL, u* - c*) = -cL and
// sR = max(cR, u* + c*) = (3 cL - cR) / 2; with zero velocities the HLL fluxes reduce to
// F_h = sL sR (hR - hL) / (sR - sL) and F_qn = (sR pL - sL pR) / (sR - sL), p = g h^2 / 2.
// Computed here from these closed forms; 1e-13 relative (a few roundings). A wrong estimate
// still gives a consistent, symmetric flux, so only a value pins it.
TEST(Hllc, StillDamBreakUsesTheTwoRarefactionSpeeds) {
  const double hL = 2.0, hR = 0.5;
  const double cL = std::sqrt(kG * hL), cR = std::sqrt(kG * hR);
  const double sL = -cL, sR = 0.5 * (3.0 * cL - cR);
  ASSERT_LT(sL, 0.5 * cL - 1.5 * cR);  // -cL is indeed the min
  ASSERT_GT(sR, cR);                   // and (3 cL - cR) / 2 the max
  const double pL = 0.5 * kG * hL * hL, pR = 0.5 * kG * hR * hR;
  const double Fh = sL * sR * (hR - hL) / (sR - sL);
  const double Fq = (sR * pL - sL * pR) / (sR - sL);
  const Flux f = hydro::hllc_flux(hL, 0.0, 1.0, hR, 0.0, -1.0, kG);
  EXPECT_NEAR(f.h, Fh, 1e-13 * Fh);
  EXPECT_NEAR(f.qn, Fq, 1e-13 * Fq);
  EXPECT_NEAR(f.qt, Fh * 1.0, 1e-13 * Fh);  // flowing right: the left state's v
}

// ---------------------------------------------------------------------------------------------
// Hydrostatic reconstruction at one face

// A lake at rest (one free surface, any beds, one side possibly above it and dry): the rebuilt
// depths are equal, so no mass crosses (exact: the HLL mass flux of equal still states is
// 0 * ... + sL sR (h - h) = 0) and nothing tangential either. Each side's normal momentum flux
// plus its pressure correction is its own hydrostatic thrust g h^2 / 2, so it cancels against
// the opposite face of the same cell: checked at 1e-13 of g hmax^2 / 2 (HLL average of the
// pressure and the difference of squares: a few ulp each), plus g kDryDepth^2 / 2 (5e-12): a
// rebuilt depth at or below kDryDepth is dry by design and its thrust is dropped (zL = 1.999999).
TEST(InterfaceFlux, LakeAtRestAcrossABedStepHasNoFlux) {
  const double eta = 2.0;  // free surface
  const double beds[][2] = {
      {0.0, 0.0}, {0.0, 0.5}, {1.5, 0.2}, {0.0, 1.99}, {1.999999, 0.0},
      {0.3, 2.0}, {0.3, 2.5}, {3.0, 1.0}, {2.5, 2.2},  {-5.0, 1.0},
  };  // {zL, zR}; 2.0, 2.5, 3.0, 2.2: a side at or above the surface (dry)
  for (const auto& b : beds) {
    const double zL = b[0], zR = b[1];
    const double hL = std::max(0.0, eta - zL), hR = std::max(0.0, eta - zR);
    SCOPED_TRACE(testing::Message() << "zL " << zL << " zR " << zR);
    const auto r = hydro::well_balanced_flux(hL, 0.0, 0.0, zL, hR, 0.0, 0.0, zR, kG);
    const double tol = 1e-13 * 0.5 * kG * std::max(hL, hR) * std::max(hL, hR) +
                       0.5 * kG * hydro::kDryDepth * hydro::kDryDepth;
    EXPECT_EQ(r.flux.h, 0.0);
    EXPECT_EQ(r.flux.qt, 0.0);
    EXPECT_NEAR(r.flux.qn + r.pressure_left, 0.5 * kG * hL * hL, tol);
    EXPECT_NEAR(r.flux.qn + r.pressure_right, 0.5 * kG * hR * hR, tol);
  }
}

// Depths are rebuilt against the higher bed and never negative: water standing below a step
// crest cannot push any mass over it, and a dry cell above the water sends nothing back.
TEST(InterfaceFlux, WaterBelowACrestDoesNotCrossIt) {
  // Left: 0.5 m of water on bed 0 moving right at 1 m/s; right: dry, bed 1 m.
  const auto r = hydro::well_balanced_flux(0.5, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, kG);
  EXPECT_EQ(r.flux.h, 0.0);
  EXPECT_EQ(r.flux.qn, 0.0);
  EXPECT_EQ(r.pressure_left, 0.5 * kG * 0.5 * 0.5);  // the step holds the water back
  EXPECT_EQ(r.pressure_right, 0.0);
}

// ---------------------------------------------------------------------------------------------
// One fused update on a small grid

struct Grid {
  int ny, nx;
  hydro::Fields now, next;
  Field2D bed, manning, rain, infil;
  hydro::Maps maps;
  Field2DHost h, hu, hv, z;  // host copies of `now` and the bed

  Grid(int ny_, int nx_)
      : ny(ny_),
        nx(nx_),
        now("test::now", ny_, nx_),
        next("test::next", ny_, nx_),
        bed("test::bed", ny_ + 2, nx_ + 2),
        manning("test::manning", ny_ + 2, nx_ + 2),
        rain("test::rain", ny_ + 2, nx_ + 2),
        infil("test::infil", ny_ + 2, nx_ + 2),
        maps(ny_, nx_) {
    Kokkos::deep_copy(rain, 1.0);
    Kokkos::deep_copy(infil, 1.0);
    h = Kokkos::create_mirror_view(now.h);
    hu = Kokkos::create_mirror_view(now.hu);
    hv = Kokkos::create_mirror_view(now.hv);
    z = Kokkos::create_mirror_view(bed);
  }

  // Host state -> device, then closed walls on all four sides (the kernel's own ghosts).
  void upload_with_walls() {
    Kokkos::deep_copy(now.h, h);
    Kokkos::deep_copy(now.hu, hu);
    Kokkos::deep_copy(now.hv, hv);
    Kokkos::deep_copy(bed, z);
    for (const auto side :
         {hydro::Side::north, hydro::Side::south, hydro::Side::west, hydro::Side::east}) {
      hydro::EdgeCondition c;
      c.side = side;
      c.kind = hydro::EdgeKind::wall;
      hydro::fill_edge_ghosts(now, bed, c, ny, nx, kG);
    }
  }

  // dt by the flood model's rule: CFL dx / max(max(|u|,|v|) + sqrt(g h)). 0 if all dry.
  double cfl_dt(double cfl, double dx) const {
    const double s = hydro::max_wave_speed(now, ny, nx, kG);
    return s > 0 ? cfl * dx / s : 0.0;
  }

  hydro::CellUpdate cell_update(const hydro::StepParams& p) const {
    return hydro::CellUpdate(now, next, bed, manning, rain, infil, maps, p, hydro::DomainEdges{},
                             ny, nx);
  }

  // One fused update of every cell (the form every test below checks); p's dt, dx and g are
  // set from the arguments, its forcing (rain, infiltration) kept.
  hydro::StepTotals step(double dt, double dx, hydro::StepParams p = {}) {
    p.dt = dt;
    p.dx = dx;
    p.g = kG;
    hydro::StepTotals t;
    Kokkos::parallel_reduce(
        "test::flux_update",
        Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({1, 1}, {ny + 1, nx + 1}),
        hydro::FluxUpdate(cell_update(p)), t);
    return t;
  }

  struct HostState {
    Field2DHost h, hu, hv;
  };
  HostState result() const {
    return {Kokkos::create_mirror_view_and_copy(HostSpace(), next.h),
            Kokkos::create_mirror_view_and_copy(HostSpace(), next.hu),
            Kokkos::create_mirror_view_and_copy(HostSpace(), next.hv)};
  }
};

// A lake at rest over a rough bed with islands (cells above the surface, dry) in a closed box,
// one update. Beds on a 2^-10 m grid make eta - z and h + z exact, so the rebuilt depths at each
// face are exactly equal, all mass fluxes exactly 0 and every depth bitwise unchanged. Any other
// bed rounds h = eta - z, so h + z may miss eta by an ulp: the rebuilt depths then differ by
// ~2 ulp and the depths move by ~CFL * 4 * 2 ulp; held to 1e-13 of eta. The momenta are
// round-off in both: |hu|, |hv| <= 1e-13 * dt/dx * g hmax^2 / 2, the four thrusts of about
// g h^2 / 2 that cancel, each a few ulp off.
TEST(FluxUpdate, LakeAtRestStaysAtRest) {
  const int ny = 7, nx = 9;
  const double eta = 1.0, dx = 5.0, zmin = -0.8;
  for (const bool dyadic : {true, false}) {
    SCOPED_TRACE(dyadic ? "beds on a 2^-10 m grid" : "any beds");
    Grid g(ny, nx);
    Kokkos::deep_copy(g.manning, 0.03);
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> bump(zmin, 1.5);
    int islands = 0;
    for (int i = 1; i <= ny; ++i)
      for (int j = 1; j <= nx; ++j) {
        g.z(i, j) = dyadic ? std::round(bump(rng) * 1024.0) / 1024.0 : bump(rng);
        g.h(i, j) = std::max(0.0, eta - g.z(i, j));
        islands += g.h(i, j) == 0.0;
      }
    ASSERT_GE(islands, 5);  // wet/dry faces are part of the test
    g.upload_with_walls();
    const double dt = g.cfl_dt(0.45, dx);
    const auto t = g.step(dt, dx);
    const auto r = g.result();
    const double hmax = eta - zmin;
    const double tol = 1e-13 * dt / dx * 0.5 * kG * hmax * hmax;
    for (int i = 1; i <= ny; ++i)
      for (int j = 1; j <= nx; ++j) {
        SCOPED_TRACE(testing::Message() << "cell " << i << ", " << j);
        if (dyadic)
          EXPECT_EQ(r.h(i, j), g.h(i, j));
        else
          EXPECT_NEAR(r.h(i, j), g.h(i, j), 1e-13 * eta);
        EXPECT_LE(std::fabs(r.hu(i, j)), tol);
        EXPECT_LE(std::fabs(r.hv(i, j)), tol);
      }
    EXPECT_EQ(t.clipped_volume, 0.0);
    EXPECT_EQ(t.boundary_volume, 0.0);  // wall faces see two equal still states: 0 exactly
  }
}

// A still column of water (h, flat bed) on dry ground: each of its four faces has a dry right or
// left state, so HLLC takes the exact dry-bed speeds sL = -c, sR = 2c (c = sqrt(g h)) and the
// HLL mass flux out of each face is sL sR (0 - h) / (sR - sL) = 2/3 h c. The kernel's dt rule
// (CFL dx / c here) then leaves h (1 - 8/3 CFL) in the column and 2/3 CFL h in each neighbour,
// nothing on the diagonals and no momentum in the column (its push is symmetric). Checked at
// 1e-13 of h (a handful of roundings); a dry-bed speed of c instead of 2c would give 1 - 2 CFL.
// This is also the sharp bound of the scheme's positivity: the column empties at CFL = 3/8.
TEST(FluxUpdate, StillColumnOnDryGroundDrainsAtTheDryBedSpeeds) {
  const double h0 = 1.0, dx = 2.0, cfl = 0.3;
  Grid g(3, 3);
  Kokkos::deep_copy(g.manning, 0.0);
  g.h(2, 2) = h0;
  g.upload_with_walls();
  const double dt = g.cfl_dt(cfl, dx);
  ASSERT_DOUBLE_EQ(dt, cfl * dx / std::sqrt(kG * h0));
  const auto t = g.step(dt, dx);
  const auto r = g.result();
  const double tol = 1e-13 * h0;
  EXPECT_NEAR(r.h(2, 2), h0 * (1.0 - 8.0 / 3.0 * cfl), tol);
  EXPECT_NEAR(r.hu(2, 2), 0.0, tol * std::sqrt(kG * h0));
  EXPECT_NEAR(r.hv(2, 2), 0.0, tol * std::sqrt(kG * h0));
  for (const auto& [i, j] : {std::pair{1, 2}, std::pair{3, 2}, std::pair{2, 1}, std::pair{2, 3}})
    EXPECT_NEAR(r.h(i, j), h0 * 2.0 / 3.0 * cfl, tol) << "neighbour " << i << ", " << j;
  for (const auto& [i, j] : {std::pair{1, 1}, std::pair{1, 3}, std::pair{3, 1}, std::pair{3, 3}})
    EXPECT_EQ(r.h(i, j), 0.0) << "diagonal " << i << ", " << j;
  EXPECT_EQ(t.clipped_volume, 0.0);
}

// Random wet/dry/near-dry states over random beds in a closed 3 x 3 box, with dt from the
// kernel's own wave speed: the depth before clipping is never negative, i.e. the kernel never
// clips more than round-off (no rain, no infiltration: every clip would be invented mass). The
// clipped depth, booked by the kernel, is held to 1e-13 of the case's largest depth (one update
// is ~5 roundings at magnitudes <= 2 hmax; a real violation is O(0.01..1) of it).
double random_depth(std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double r = unit(rng);
  if (r < 0.3) return 0.0;
  if (r < 0.5) return std::pow(10.0, -7.0 + 5.0 * unit(rng));  // around kDryDepth to 1 cm
  return 0.01 + 3.0 * unit(rng);
}

struct PositivityResult {
  int cases = 0, clipped_cases = 0;
  double worst = 0.0;  // largest clipped depth, relative to the case's largest depth
};

PositivityResult positivity_run(unsigned seed, int n_cases, double cfl) {
  const int n = 3;
  const double dx = 2.0;
  Grid g(n, n);
  Kokkos::deep_copy(g.manning, 0.0);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  PositivityResult out;
  while (out.cases < n_cases) {
    double hmax = 0.0;
    for (int i = 1; i <= n; ++i)
      for (int j = 1; j <= n; ++j) {
        g.h(i, j) = random_depth(rng);
        const double r = unit(rng);
        const double s = r < 0.2 ? 0.0 : (r < 0.5 ? 12.0 : 2.0);  // still, fast, moderate
        g.hu(i, j) = g.h(i, j) * s * (2.0 * unit(rng) - 1.0);
        g.hv(i, j) = g.h(i, j) * s * (2.0 * unit(rng) - 1.0);
        g.z(i, j) = unit(rng) < 0.5 ? 0.0 : 1.5 * unit(rng);
        hmax = std::max(hmax, g.h(i, j));
      }
    g.upload_with_walls();
    const double dt = g.cfl_dt(cfl, dx);
    if (!(dt > 0)) continue;
    ++out.cases;
    const auto t = g.step(dt, dx);
    const double clipped = t.clipped_volume / (dx * dx) / hmax;
    out.clipped_cases += clipped > 0;
    out.worst = std::max(out.worst, clipped);
  }
  return out;
}

// At CFL 3/8, the bound the still column above makes sharp.
TEST(FluxUpdate, DepthStaysNonNegativeUpToCfl3Over8) {
  const auto r = positivity_run(2024, 4000, 0.375);
  EXPECT_LE(r.worst, 1e-13) << r.clipped_cases << " of " << r.cases
                            << " cases clipped negative depths; worst clip " << r.worst
                            << " of the case's largest depth";
}

// Closed box, wet states with random velocities and beds, CFL 0.45: no mass crosses the walls
// (the mirrored ghost makes the HLL mass flux (-sR q + sR q) / (2 sR): 0 up to the rounding of
// one product when FMA contraction is on, as in this build; held to 1e-13 of the wall faces'
// largest possible flux), each inner face flux is computed bitwise the same from both sides, so
// the total volume changes only by the round-off of the per-cell sums: <= 1e-13 * cells * hmax
// (each cell rounds ~5 times at magnitude <= hmax, ~1e-15 hmax).
TEST(FluxUpdate, ClosedBoxConservesMass) {
  const int ny = 8, nx = 11;
  const double dx = 3.0, hmax = 2.2, umax = 3.0, wall_faces = 2.0 * (ny + nx);
  Grid g(ny, nx);
  Kokkos::deep_copy(g.manning, 0.02);
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      g.h(i, j) = 0.2 + (hmax - 0.2) * unit(rng);
      g.hu(i, j) = g.h(i, j) * umax * (2.0 * unit(rng) - 1.0);
      g.hv(i, j) = g.h(i, j) * umax * (2.0 * unit(rng) - 1.0);
      g.z(i, j) = unit(rng);
    }
  g.upload_with_walls();
  const double dt = g.cfl_dt(0.45, dx);
  const auto t = g.step(dt, dx);
  const auto r = g.result();
  double before = 0.0, after = 0.0, moved = 0.0;
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      before += g.h(i, j);
      after += r.h(i, j);
      moved += std::fabs(r.h(i, j) - g.h(i, j));
    }
  ASSERT_GT(moved, 1e-3 * before);  // the water did move: the check is not vacuous
  EXPECT_NEAR(after, before, 1e-13 * ny * nx * hmax);
  EXPECT_LE(std::fabs(t.boundary_volume),
            1e-13 * wall_faces * hmax * (umax + 2.0 * std::sqrt(kG * hmax)) * dt * dx);
  EXPECT_EQ(t.clipped_volume, 0.0);
  // The wave speed the update returns for the next step is max_wave_speed of the new state.
  std::swap(g.now, g.next);
  EXPECT_EQ(t.max_speed, hydro::max_wave_speed(g.now, ny, nx, kG));
}

// The update treats x and y alike and east like west: a random state (wet, dry and near-dry,
// with friction) gives the mirrored result when mirrored east-west (hu -> -hu) and the
// transposed result when transposed (hu <-> hv). The depth sums its four face fluxes in another
// order once transposed (round-off); otherwise the same faces see bitwise the same arguments:
// 1e-13 of the case's scales.
TEST(FluxUpdate, MirroredAndTransposedGridsGiveMirroredAndTransposedResults) {
  const int ny = 5, nx = 7;
  const double dx = 4.0;
  Grid a(ny, nx), m(ny, nx), t(nx, ny);
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Field2DHost n_host = Kokkos::create_mirror_view(a.manning);
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      a.h(i, j) = random_depth(rng);
      a.hu(i, j) = a.h(i, j) * 3.0 * (2.0 * unit(rng) - 1.0);
      a.hv(i, j) = a.h(i, j) * 3.0 * (2.0 * unit(rng) - 1.0);
      a.z(i, j) = unit(rng);
      n_host(i, j) = 0.05 * unit(rng);
    }
  Field2DHost nm = Kokkos::create_mirror_view(m.manning),
              nt = Kokkos::create_mirror_view(t.manning);
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      const int jm = nx + 1 - j;
      m.h(i, jm) = a.h(i, j), m.hu(i, jm) = -a.hu(i, j), m.hv(i, jm) = a.hv(i, j);
      m.z(i, jm) = a.z(i, j), nm(i, jm) = n_host(i, j);
      t.h(j, i) = a.h(i, j), t.hu(j, i) = a.hv(i, j), t.hv(j, i) = a.hu(i, j);
      t.z(j, i) = a.z(i, j), nt(j, i) = n_host(i, j);
    }
  Kokkos::deep_copy(a.manning, n_host);
  Kokkos::deep_copy(m.manning, nm);
  Kokkos::deep_copy(t.manning, nt);
  for (Grid* g : {&a, &m, &t}) g->upload_with_walls();
  const double dt = a.cfl_dt(0.45, dx);
  ASSERT_EQ(m.cfl_dt(0.45, dx), dt);
  ASSERT_EQ(t.cfl_dt(0.45, dx), dt);
  a.step(dt, dx);
  m.step(dt, dx);
  t.step(dt, dx);
  const auto ra = a.result(), rm = m.result(), rt = t.result();
  double hmax = 0.0, qmax = 0.0, moved = 0.0;
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      hmax = std::max(hmax, ra.h(i, j));
      qmax = std::max({qmax, std::fabs(ra.hu(i, j)), std::fabs(ra.hv(i, j))});
      moved += std::fabs(ra.hu(i, j) - a.hu(i, j)) + std::fabs(ra.hv(i, j) - a.hv(i, j));
    }
  ASSERT_GT(moved, 1e-2 * qmax);  // momenta changed: the update did something to compare
  const double th = 1e-13 * hmax, tq = 1e-13 * qmax;
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      SCOPED_TRACE(testing::Message() << "cell " << i << ", " << j);
      const int jm = nx + 1 - j;
      EXPECT_NEAR(rm.h(i, jm), ra.h(i, j), th);
      EXPECT_NEAR(rm.hu(i, jm), -ra.hu(i, j), tq);
      EXPECT_NEAR(rm.hv(i, jm), ra.hv(i, j), tq);
      EXPECT_NEAR(rt.h(j, i), ra.h(i, j), th);
      EXPECT_NEAR(rt.hu(j, i), ra.hv(i, j), tq);
      EXPECT_NEAR(rt.hv(j, i), ra.hu(i, j), tq);
    }
}

// The row sweep (CPUs) computes each face once where the fused form (GPUs) computes it from both
// sides; the calls and arguments are the same, so the two agree to round-off, step after step,
// whatever the block height and however the grid is cut into rectangles (the flood model updates
// the interior, then four edge strips). Not bitwise: where the fused form adds a face's pressure
// term straight from its product, the compiler may fuse the two into one FMA; the row sweep adds
// the product as stored. A random wet/dry/near-dry state with rain, infiltration and friction on
// every cell, at CFL 0.45 so that some cells clip; a wrong face or velocity differs at O(1).
constexpr double kSameToRoundOff = 1e-13;

void fill_walls(Grid& g) {
  for (const auto side :
       {hydro::Side::north, hydro::Side::south, hydro::Side::west, hydro::Side::east}) {
    hydro::EdgeCondition c;
    c.side = side;
    c.kind = hydro::EdgeKind::wall;
    hydro::fill_edge_ghosts(g.now, g.bed, c, g.ny, g.nx, kG);
  }
}

// a and b agree to `relative` of a's largest magnitude; returns that largest difference, relative.
double expect_close_fields(const Field2D& a, const Field2D& b, int ny, int nx, double relative,
                           const char* what) {
  const auto ha = Kokkos::create_mirror_view_and_copy(HostSpace(), a);
  const auto hb = Kokkos::create_mirror_view_and_copy(HostSpace(), b);
  double scale = 0.0, worst = 0.0;
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) scale = std::max(scale, std::fabs(ha(i, j)));
  int differ = 0;
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      const double d = std::fabs(ha(i, j) - hb(i, j));
      worst = std::max(worst, d / scale);
      if (!(d <= relative * scale) && differ++ < 3)
        ADD_FAILURE() << what << " differs at (" << i << ", " << j << "): " << ha(i, j)
                      << " fused, " << hb(i, j) << " row sweep";
    }
  EXPECT_EQ(differ, 0) << what;
  return worst;
}

TEST(RowSweepUpdate, MatchesTheFusedUpdateForEveryBlockHeightAndCut) {
  const int ny = 37, nx = 23, steps = 12;
  const double dx = 5.0;
  for (const int block_rows : {1, 3, 8, 64}) {
    SCOPED_TRACE(testing::Message() << block_rows << " rows per block");
    Grid fused(ny, nx), sweep(ny, nx);
    std::mt19937 rng(23);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Field2DHost n_host = Kokkos::create_mirror_view(fused.manning);
    Field2DHost rain_host = Kokkos::create_mirror_view(fused.rain);
    Field2DHost infil_host = Kokkos::create_mirror_view(fused.infil);
    for (int i = 1; i <= ny; ++i)
      for (int j = 1; j <= nx; ++j) {
        fused.h(i, j) = random_depth(rng);
        fused.hu(i, j) = fused.h(i, j) * 2.0 * (2.0 * unit(rng) - 1.0);
        fused.hv(i, j) = fused.h(i, j) * 2.0 * (2.0 * unit(rng) - 1.0);
        fused.z(i, j) = 2.0 * unit(rng);
        n_host(i, j) = 0.08 * unit(rng);
        rain_host(i, j) = 2.0 * unit(rng);
        infil_host(i, j) = unit(rng);
        if (j <= nx / 3) {
          // A band of empty cells (the sweep's shortcut) where the soil takes all the rain, but
          // for every fifth row, where the rain wins; their momenta are ignored while empty.
          fused.h(i, j) = 0.0;
          fused.hu(i, j) = 2.0 * unit(rng) - 1.0;
          fused.hv(i, j) = 2.0 * unit(rng) - 1.0;
          infil_host(i, j) = i % 5 == 0 ? 0.0 : 50.0;
        }
      }
    for (Grid* g : {&fused, &sweep}) {
      Kokkos::deep_copy(g->h, fused.h);
      Kokkos::deep_copy(g->hu, fused.hu);
      Kokkos::deep_copy(g->hv, fused.hv);
      Kokkos::deep_copy(g->z, fused.z);
      Kokkos::deep_copy(g->manning, n_host);
      Kokkos::deep_copy(g->rain, rain_host);
      Kokkos::deep_copy(g->infil, infil_host);
      g->upload_with_walls();
    }
    hydro::StepParams p;
    p.dx = dx;
    p.g = kG;
    p.rain_rate = 1e-4;
    p.infiltration = 2e-5;
    p.arrival_depth = 0.05;
    double worst = 0.0;
    for (int n = 0; n < steps; ++n) {
      SCOPED_TRACE(testing::Message() << "step " << n);
      p.dt = fused.cfl_dt(0.45, dx);
      ASSERT_GT(p.dt, 0.0);
      p.time_new = (n + 1) * 10.0;
      const hydro::StepTotals a = fused.step(p.dt, dx, p);
      p.dt = sweep.cfl_dt(0.45, dx);  // the same to round-off
      hydro::StepTotals b;
      const hydro::CellUpdate cell = sweep.cell_update(p);
      // The model's cut: interior, first and last rows, first and last columns of inner rows.
      for (const auto& r : {std::array<int, 4>{2, ny, 2, nx},
                            {1, 2, 1, nx + 1},
                            {ny, ny + 1, 1, nx + 1},
                            {2, ny, 1, 2},
                            {2, ny, nx, nx + 1}}) {
        const hydro::RowSweepUpdate update(cell, r[0], r[1], r[2], r[3], block_rows);
        hydro::StepTotals part;
        Kokkos::parallel_reduce("test::row_sweep",
                                hydro::RowSweepUpdate<double>::Policy(update.blocks(), 1)
                                    .set_scratch_size(0, Kokkos::PerTeam(update.scratch_bytes())),
                                update, part);
        b.combine(part);
      }
      for (Grid* g : {&fused, &sweep}) {
        std::swap(g->now, g->next);
        fill_walls(*g);
      }
      for (const auto& [x, y, what] :
           {std::tuple{fused.now.h, sweep.now.h, "h"},
            {fused.now.hu, sweep.now.hu, "hu"},
            {fused.now.hv, sweep.now.hv, "hv"},
            {fused.maps.max_depth, sweep.maps.max_depth, "max_depth"},
            {fused.maps.max_speed, sweep.maps.max_speed, "max_speed"},
            {fused.maps.max_hazard, sweep.maps.max_hazard, "max_hazard"},
            {fused.maps.arrival_time, sweep.maps.arrival_time, "arrival_time"}})
        worst = std::max(worst, expect_close_fields(x, y, ny, nx, kSameToRoundOff, what));
      EXPECT_NEAR(b.max_speed, a.max_speed, kSameToRoundOff * a.max_speed);
      EXPECT_EQ(a.first_bad_cell, b.first_bad_cell);
      EXPECT_NEAR(b.rain_volume, a.rain_volume, 1e-12 * a.rain_volume);
      EXPECT_NEAR(b.infiltrated_volume, a.infiltrated_volume, 1e-12 * a.infiltrated_volume);
      EXPECT_NEAR(b.clipped_volume, a.clipped_volume, 1e-12 * a.rain_volume);
      EXPECT_NEAR(b.boundary_volume, a.boundary_volume, 1e-12 * a.rain_volume);
      if (HasFailure()) return;
    }
    std::printf("%d rows per block: largest difference %.3g of the field's largest value\n",
                block_rows, worst);
    // The case did what it is meant to: water moved, and it rained and soaked in.
    const auto h = Kokkos::create_mirror_view_and_copy(HostSpace(), fused.maps.arrival_time);
    int arrived = 0;
    for (int i = 1; i <= ny; ++i)
      for (int j = 1; j <= nx; ++j) arrived += h(i, j) > 0.0;
    EXPECT_GT(arrived, 0);
  }
}

// Wall ghosts mirror the owned neighbour (normal momentum negated, bed copied), outflow ghosts
// copy it; exact copies.
TEST(BoundaryGhosts, WallMirrorsAndOutflowCopies) {
  const int ny = 3, nx = 4;
  Grid g(ny, nx);
  for (int i = 1; i <= ny; ++i)
    for (int j = 1; j <= nx; ++j) {
      g.h(i, j) = 1.0 + i + 0.1 * j;
      g.hu(i, j) = 0.5 + i - 0.3 * j;
      g.hv(i, j) = -0.2 * i + j;
      g.z(i, j) = 0.01 * i * j;
    }
  for (const auto kind : {hydro::EdgeKind::wall, hydro::EdgeKind::outflow}) {
    g.upload_with_walls();  // fills walls, then overwrite with `kind` below
    for (const auto side :
         {hydro::Side::north, hydro::Side::south, hydro::Side::west, hydro::Side::east}) {
      hydro::EdgeCondition c;
      c.side = side;
      c.kind = kind;
      hydro::fill_edge_ghosts(g.now, g.bed, c, ny, nx, kG);
    }
    const double flip = kind == hydro::EdgeKind::wall ? -1.0 : 1.0;
    const auto h = Kokkos::create_mirror_view_and_copy(HostSpace(), g.now.h);
    const auto hu = Kokkos::create_mirror_view_and_copy(HostSpace(), g.now.hu);
    const auto hv = Kokkos::create_mirror_view_and_copy(HostSpace(), g.now.hv);
    const auto z = Kokkos::create_mirror_view_and_copy(HostSpace(), g.bed);
    for (int j = 1; j <= nx; ++j)
      for (const auto& [gi, oi] : {std::pair{0, 1}, std::pair{ny + 1, ny}}) {
        EXPECT_EQ(h(gi, j), g.h(oi, j));
        EXPECT_EQ(z(gi, j), g.z(oi, j));
        EXPECT_EQ(hu(gi, j), g.hu(oi, j));
        EXPECT_EQ(hv(gi, j), flip * g.hv(oi, j));
      }
    for (int i = 1; i <= ny; ++i)
      for (const auto& [gj, oj] : {std::pair{0, 1}, std::pair{nx + 1, nx}}) {
        EXPECT_EQ(h(i, gj), g.h(i, oj));
        EXPECT_EQ(z(i, gj), g.z(i, oj));
        EXPECT_EQ(hu(i, gj), flip * g.hu(i, oj));
        EXPECT_EQ(hv(i, gj), g.hv(i, oj));
      }
  }
}

}  // namespace

// The friction's h^(-1/3) without libm, in both precisions: within a few units in the last place
// of the correctly rounded value over the depths a flood has (1e-6 m to 10 km).
TEST(InverseCbrt, WithinFourUlpInBothPrecisions) {
  double worst64 = 0, worst32 = 0;
  for (double e = -6; e <= 4; e += 1.0 / 64) {
    const double x = std::pow(10.0, e);
    const double exact = 1.0 / std::cbrt(static_cast<long double>(x));
    worst64 = std::max(worst64, std::fabs(hydro::inverse_cbrt(x) - exact) / exact);
    const float xf = static_cast<float>(x);
    const double exact_f = 1.0 / std::cbrt(static_cast<double>(xf));
    worst32 = std::max(worst32, std::fabs(double(hydro::inverse_cbrt(xf)) - exact_f) / exact_f);
  }
  std::printf("inverse_cbrt: worst relative error %.3g (double), %.3g (float)\n", worst64, worst32);
  EXPECT_LT(worst64, 4 * 2.2e-16);
  EXPECT_LT(worst32, 4 * 1.2e-7);
}
