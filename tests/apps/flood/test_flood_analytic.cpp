// The flood solver against known answers: lake at rest (well-balancing), Ritter and Stoker dam
// breaks (analytical, with convergence under refinement), Thacker's bowl (moving wet/dry fronts),
// the mass budget with every source closed to round-off, and positivity of the depth.
#include "analytic.hpp"
#include "apps/flood/flood_config.hpp"
#include "apps/flood/flood_model.hpp"
#include "base/error.hpp"
#include "dem_files.hpp"
#include "flood_cases.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace karst;
using namespace karst::test;

namespace {
const auto self = mpi::Comm::self();

// L1 norm of (h - exact) over the middle row of a 3-row channel, in m2.
template <class Exact>
double channel_l1_error(const flood::FloodModel& m, Exact exact) {
  const auto h = m.gather(m.state().h);
  const auto& s = m.setup();
  double err = 0;
  for (long long j = 0; j < s.nx; ++j) err += std::fabs(h[s.nx + j] - exact(s.cell_x(j))) * s.dx;
  return err;
}

// A frictionless channel along x in [-half_length, half_length], 3 cells wide, walls at the sides
// and the west end, open at the east end; depth hL for x < 0, hR beyond. Set up as a user does:
// a flat DEM file, and the reservoir as flood.initial (a level in a box on a dry bed, or a level
// raster when the bed downstream is wet). Default numerics (CFL 3/8).
flood::FloodSetup dam_break(const TempDir& dir, int nx, double half_length, double hL, double hR,
                            double t_end) {
  const AscGrid grid{3, nx, 2 * half_length / nx, -half_length, 0.0};
  const auto dem = dir / fmt::format("channel{}.asc", nx);
  write_asc(
      dem, grid, [](int, int) { return 0.0; }, self);
  std::string initial =
      fmt::format("{{level_m: {}, box: [{}, 0, 0, {}]}}", hL, -half_length, grid.y0());
  if (hR > 0) {
    const auto level = dir / fmt::format("level{}.asc", nx);
    // Cell centres are at +-dx/2 around the dam (nx is even): none sits on x = 0.
    write_asc(
        level, grid, [&](int, int j) { return j < nx / 2 ? hL : hR; }, self);
    initial = "{level_file: " + level + "}";
  }
  const auto yaml = fmt::format(
      "flood: {{dem: {{file: {}}}, roughness: 0, t_end_s: {}, boundaries: {{east: outflow}}, "
      "initial: {}}}",
      dem, t_end, initial);
  return flood::parse_flood_config(apps::Config::from_text(yaml, "dam-break.yaml")).setup;
}

void run(flood::FloodModel& m, bool check_positive = false) {
  while (!m.done()) {
    m.step();
    if (check_positive) {
      ASSERT_GE(m.min_depth(), 0.0) << "t=" << m.time();
    }
  }
}
}  // namespace

TEST(Flood, LakeAtRestStaysAtRest) {
  flood::FloodModel m(lake_at_rest(), self);
  for (int k = 0; k < 300; ++k) m.step();
  const auto h = m.gather(m.state().h), hu = m.gather(m.state().hu), hv = m.gather(m.state().hv);
  const auto z = m.gather(m.bed());
  int dry = 0;
  for (size_t c = 0; c < h.size(); ++c) {
    const double u = h[c] > 0 ? hu[c] / h[c] : 0, v = h[c] > 0 ? hv[c] / h[c] : 0;
    ASSERT_LT(std::fabs(u), 1e-12) << c;
    ASSERT_LT(std::fabs(v), 1e-12) << c;
    if (h[c] == 0.0) {
      ++dry;
      ASSERT_GT(z[c], 1.0);  // only the island is dry
    } else {
      ASSERT_NEAR(h[c] + z[c], 1.0, 1e-12) << c;
    }
  }
  EXPECT_GT(dry, 20);  // the island really is there, so the test covers wet/dry faces
}

TEST(Flood, RitterDryDamBreakConvergesAtFirstOrder) {
  // h0 = 1 m, t = 30 s: the front reaches 2 sqrt(g h0) t = 188 m, well inside 300 m.
  const double h0 = 1.0, t = 30.0;
  const TempDir dir("ritter", self);
  double errors[3];
  const int cells[3] = {150, 300, 600};
  for (int k = 0; k < 3; ++k) {
    flood::FloodModel m(dam_break(dir, cells[k], 300.0, h0, 0.0, t), self);
    run(m, true);
    errors[k] = channel_l1_error(m, [&](double x) { return ritter_depth(x, t, h0); });
  }
  const double order1 = std::log2(errors[0] / errors[1]), order2 = std::log2(errors[1] / errors[2]);
  std::printf("Ritter L1 errors %.4g %.4g %.4g m2, orders %.3f %.3f\n", errors[0], errors[1],
              errors[2], order1, order2);
  // First-order Godunov at a dry front converges at slightly below first order.
  EXPECT_GT(order1, 0.6);
  EXPECT_GT(order2, 0.6);
  EXPECT_LT(errors[2], 0.01 * 300.0 * h0);  // under 1 % of the initial volume per metre width
}

TEST(Flood, StokerWetDamBreakMatchesAnalyticalSolution) {
  const double hL = 1.0, hR = 0.1, t = 30.0;
  const TempDir dir("stoker", self);
  double errors[2];
  const int cells[2] = {300, 600};
  for (int k = 0; k < 2; ++k) {
    flood::FloodModel m(dam_break(dir, cells[k], 300.0, hL, hR, t), self);
    run(m, true);
    errors[k] = channel_l1_error(m, [&](double x) { return stoker_depth(x, t, hL, hR); });
  }
  std::printf("Stoker L1 errors %.4g %.4g m2 (middle depth %.5f m)\n", errors[0], errors[1],
              stoker_middle_depth(hL, hR));
  EXPECT_LT(errors[1], errors[0]);
  EXPECT_LT(errors[1] / (600.0 * hL), 0.005);  // relative L1 error under 0.5 %
}

TEST(Flood, ThackerBowlFrontsFollowTheAnalyticalSolution) {
  const Thacker th;
  const double period = 2 * M_PI / th.omega();
  const double t = 0.5 * period;  // the lens has swung to the other side of the bowl
  flood::FloodModel m(thacker_bowl(100, th, t), self);
  run(m, true);
  const auto h = m.gather(m.state().h);
  const auto& s = m.setup();
  double mass = 0, mass_exact = 0, cx = 0, cx_exact = 0, err = 0;
  long long wet_mismatch = 0, wet = 0;
  for (long long i = 0; i < s.ny; ++i)
    for (long long j = 0; j < s.nx; ++j) {
      const double x = s.cell_x(j), y = s.cell_y(i);
      const double he = th.depth(x, y, t), hn = h[i * s.nx + j];
      mass += hn;
      mass_exact += he;
      cx += hn * x;
      cx_exact += he * x;
      err += std::fabs(hn - he);
      wet += he > 0;
      // A cell is misclassified when one solution has water (beyond 1 mm) and the other none.
      wet_mismatch += (he > 1e-3) != (hn > 1e-3);
    }
  cx /= mass;
  cx_exact /= mass_exact;
  std::printf("Thacker: centroid x %.4f (exact %.4f), L1/mass %.4f, wet mismatch %lld of %lld\n",
              cx, cx_exact, err / mass_exact, wet_mismatch, wet);
  EXPECT_NEAR(mass, mass_exact, 1e-9 * mass_exact);  // closed bowl: mass is conserved
  EXPECT_NEAR(cx, cx_exact, 0.05 * th.a);            // the lens is where it should be
  EXPECT_LT(err / mass_exact, 0.15);                 // first order smears the fronts
  EXPECT_LT(double(wet_mismatch) / wet, 0.15);
}

TEST(Flood, MassBudgetClosesToRoundOff) {
  flood::FloodModel m(small_catchment(40, 60, 600.0), self);
  run(m, true);
  const auto b = m.budget();
  std::printf("budget: volume %.6g, rain %.6g, infiltrated %.6g, edges %.6g, clipped %.3g m3\n",
              b.volume, b.rain, b.infiltrated, b.boundary_net_in, b.clipped);
  EXPECT_GT(b.rain, 0);
  EXPECT_GT(b.infiltrated, 0);
  EXPECT_GT(b.boundary_net_in, 0);  // the river brings more than the outlet has let go so far
  EXPECT_GT(b.volume, 0);
  const double scale = b.rain + b.infiltrated + std::fabs(b.boundary_net_in) + b.volume;
  EXPECT_LT(std::fabs(b.imbalance()), 1e-12 * scale) << "imbalance " << b.imbalance();
  EXPECT_LT(b.clipped, 1e-9 * scale);
}

TEST(Flood, BadSetupsAreRejectedWithTheField) {
  auto expect = [](flood::FloodSetup s, const std::string& needle) {
    try {
      flood::FloodModel m(s, mpi::Comm::self());
      ADD_FAILURE() << "accepted; expected an error mentioning " << needle;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  auto s = small_catchment(20, 20, 10);
  s.cfl = 1.5;
  expect(s, "flood.cfl");
  s = small_catchment(20, 20, 10);
  s.rain_mm_per_h.value[1] = -5;
  expect(s, "flood.rain: entry 1 is negative");
  s = small_catchment(20, 20, 10);
  s.gauges[0].x = -50;
  expect(s, "flood.gauges.upper");
  s = small_catchment(20, 20, 10);
  s.bed = [](long long, long long, int ny, int nx, double* out) {
    for (int k = 0; k < ny * nx; ++k) out[k] = k == 7 ? NAN : 1.0;
  };
  expect(s, "bed elevation: cell (row 0, column 7) is not a finite number");
}

// flood.precision: fp32 against the same known answers and against FP64 on the same case. The
// bounds are a few times what FP32 measured (docs/flood.md#fp32-mode lists the measurements), so
// an FP32 path that lost precision somewhere (a bed added to a depth, a sum in float) fails them.
namespace {
flood::FloodSetup in_fp32(flood::FloodSetup s) {
  s.precision = flood::FloodSetup::Precision::fp32;
  return s;
}

double max_abs_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (size_t k = 0; k < a.size(); ++k) m = std::max(m, std::fabs(a[k] - b[k]));
  return m;
}
}  // namespace

// Also 800 m up, where a float holds the bed to 6e-5 m: a face depth rebuilt as h + z - z* would
// lose the depth there (the test fails that way), h - (z* - z) keeps it.
TEST(FloodFp32, LakeAtRestStaysAtRest) {
  for (const double base : {0.0, 800.0}) {
    auto s = in_fp32(lake_at_rest());
    const auto bed = s.bed, depth = s.initial_depth;
    s.bed = [=](long long i0, long long j0, int ny, int nx, double* out) {
      bed(i0, j0, ny, nx, out);
      for (int k = 0; k < ny * nx; ++k) out[k] += base;
    };
    flood::FloodModel m(s, self);
    for (int k = 0; k < 300; ++k) m.step();
    const auto h = m.gather(m.state().h), hu = m.gather(m.state().hu), hv = m.gather(m.state().hv);
    const auto z = m.gather(m.bed());
    double worst_speed = 0, worst_level = 0;
    for (size_t c = 0; c < h.size(); ++c) {
      if (h[c] == 0.0) continue;
      worst_speed = std::max({worst_speed, std::fabs(hu[c] / h[c]), std::fabs(hv[c] / h[c])});
      worst_level = std::max(worst_level, std::fabs(h[c] + (z[c] - base) - 1.0));
    }
    std::printf(
        "FP32 lake at rest %g m up, 300 steps: |u| <= %.3g m/s, |h + z - level| <= %.3g m\n", base,
        worst_speed, worst_level);
    EXPECT_LT(worst_speed, 1e-5) << base;
    EXPECT_LT(worst_level, base > 0 ? 3e-5 : 1e-6) << base;  // 3e-5: the bed's own rounding
  }
}

TEST(FloodFp32, DamBreaksMatchTheAnalyticalSolutionsAsFp64Does) {
  const double t = 30.0;
  const TempDir dir("fp32-dam", self);
  struct Case {
    double hL, hR;
  };
  for (const Case c : {Case{1.0, 0.0}, Case{1.0, 0.1}}) {
    double errors[2];
    for (int fp32 = 0; fp32 < 2; ++fp32) {
      auto s = dam_break(dir, 300, 300.0, c.hL, c.hR, t);
      if (fp32) s = in_fp32(s);
      flood::FloodModel m(s, self);
      run(m, true);
      errors[fp32] = channel_l1_error(m, [&](double x) {
        return c.hR > 0 ? stoker_depth(x, t, c.hL, c.hR) : ritter_depth(x, t, c.hL);
      });
    }
    std::printf("dam break hR = %.1f: L1 error FP64 %.9g, FP32 %.9g m2\n", c.hR, errors[0],
                errors[1]);
    EXPECT_NEAR(errors[1], errors[0], 1e-4 * errors[0]) << "hR " << c.hR;
  }
}

TEST(FloodFp32, ThackerBowlConservesMassAndFollowsFp64) {
  const Thacker th;
  const double t = 0.5 * 2 * M_PI / th.omega();
  flood::FloodModel m64(thacker_bowl(100, th, t), self),
      m32(in_fp32(thacker_bowl(100, th, t)), self);
  run(m64, true);
  run(m32, true);
  const auto h64 = m64.gather(m64.state().h), h32 = m32.gather(m32.state().h);
  double mass64 = 0, mass32 = 0, diff = 0;
  for (size_t c = 0; c < h64.size(); ++c) {
    mass64 += h64[c];
    mass32 += h32[c];
    diff += std::fabs(h32[c] - h64[c]);
  }
  std::printf("Thacker FP32: mass %.9g (FP64 %.9g), L1 difference / mass %.3g, steps %lld / %lld\n",
              mass32, mass64, diff / mass64, m32.steps(), m64.steps());
  EXPECT_NEAR(mass32, mass64, 1e-7 * mass64);
  EXPECT_LT(diff / mass64, 1e-6);
}

TEST(FloodFp32, MassBudgetClosesAndMapsFollowFp64) {
  flood::FloodModel m64(small_catchment(40, 60, 600.0), self);
  flood::FloodModel m32(in_fp32(small_catchment(40, 60, 600.0)), self);
  run(m64, true);
  run(m32, true);
  const auto b = m32.budget(), b64 = m64.budget();
  const double scale = b.rain + b.infiltrated + std::fabs(b.boundary_net_in) + b.volume;
  const auto depth64 = m64.gather(m64.maps().max_depth);
  const double depth_diff = max_abs_difference(m32.gather(m32.maps().max_depth), depth64);
  const double peak = *std::max_element(depth64.begin(), depth64.end());
  std::printf(
      "FP32 budget: imbalance %.3g of %.6g m3 (FP64 %.3g); volume %.9g (FP64 %.9g); max "
      "depth map within %.3g m of FP64 (peak %.4g m)\n",
      b.imbalance(), scale, b64.imbalance(), b.volume, b64.volume, depth_diff, peak);
  EXPECT_LT(std::fabs(b.imbalance()), 1e-6 * scale);
  EXPECT_NEAR(b.volume, b64.volume, 1e-6 * b64.volume);
  EXPECT_LT(depth_diff, 5e-6);
  const auto g32 = m32.gauges(), g64 = m64.gauges();
  for (size_t g = 0; g < g64.size(); ++g)
    for (int l = 0; l < 4; ++l) {
      // A warning fires in FP32 when it fires in FP64, within a step or two (steps are seconds).
      EXPECT_EQ(g32[g].first_reached[l] < 0, g64[g].first_reached[l] < 0);
      EXPECT_NEAR(g32[g].first_reached[l], g64[g].first_reached[l], 5.0) << g64[g].spec.name;
    }
}

// GPUs run the fused form, CPUs the row sweep. In FP64 they agree bitwise (test_hydro_kernels);
// in FP32 the compiler contracts and vectorises the two forms' float arithmetic differently
// (-ffp-contract=fast), so they agree to float round-off, far below the FP32-FP64 difference.
TEST(FloodFp32, FusedAndRowSweepFormsGiveTheSameState) {
  using Form = flood::FloodSetup::UpdateForm;
  std::vector<double> h[2];
  for (int k = 0; k < 2; ++k) {
    auto s = in_fp32(small_catchment(24, 31, 300.0));
    s.update_form = k ? Form::row_sweep : Form::fused;
    flood::FloodModel m(s, self);
    run(m);
    h[k] = m.gather(m.maps().max_depth);
  }
  const double peak = *std::max_element(h[0].begin(), h[0].end());
  const double diff = max_abs_difference(h[0], h[1]);
  std::printf("FP32 fused vs row sweep: max depth maps within %.3g m (peak %.4g m)\n", diff, peak);
  EXPECT_GT(peak, 0.05);
  EXPECT_LT(diff, 2e-6 * peak);
}
