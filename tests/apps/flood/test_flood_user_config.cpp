// A flood run on the user's own DEM, configured as a user does: it starts from what was
// configured and nothing else (issue 18, defect 1), initial water from a level, a box or rasters,
// point inflows whose volume is known, no rain on nodata cells, and the errors of these keys.
#include "apps/flood/flood_config.hpp"
#include "apps/flood/flood_model.hpp"
#include "dem_files.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace karst;
using namespace karst::test;

namespace {

const auto world = mpi::Comm::world();

flood::FloodRunConfig parse(const std::string& yaml) {
  return flood::parse_flood_config(apps::Config::from_text(yaml, "test.yaml"));
}

void run(flood::FloodModel& m) {
  while (!m.done()) m.step();
}

// The whole grid of a BlockFiller.
std::vector<double> whole(const flood::BlockFiller& f, const flood::FloodSetup& s) {
  std::vector<double> out(static_cast<size_t>(s.ny * s.nx));
  f(0, 0, static_cast<int>(s.ny), static_cast<int>(s.nx), out.data());
  return out;
}

}  // namespace

// 600 x 4 flat cells: the built-in scenario's river ran through rows ~390 and below, and its
// storm, soils and roughness came along. Now: dry, no rain, no infiltration, one roughness.
TEST(FloodUserDem, StartsFromWhatWasConfiguredAndNothingElse) {
  TempDir dir("user-dem");
  write_asc(dir / "flat.asc", {600, 4, 10.0, 0.0, 0.0}, [](int, int) { return 100.0; });
  const auto cfg = parse("flood: {dem: {file: " + (dir / "flat.asc") + "}, t_end_s: 60}");
  const auto& s = cfg.setup;
  EXPECT_EQ(cfg.scenario, "dem");
  EXPECT_TRUE(s.rain_mm_per_h.value.empty());
  EXPECT_EQ(s.infiltration.model, flood::Infiltration::Model::none);
  EXPECT_TRUE(s.gauges.empty());
  EXPECT_TRUE(s.inflows.empty());
  for (const auto* e : {&s.north, &s.south, &s.west, &s.east}) {
    EXPECT_EQ(e->kind, hydro::EdgeKind::wall);
    EXPECT_GE(e->inflow_begin, e->inflow_end);
  }
  for (double n : whole(s.roughness, s)) ASSERT_EQ(n, 0.04);
  for (double h : whole(s.initial_depth, s)) ASSERT_EQ(h, 0.0);
  EXPECT_EQ(s.sources.rain, "none");
  EXPECT_EQ(s.sources.infiltration, "none");
  EXPECT_EQ(s.sources.roughness, "uniform 0.04 (default)");
  EXPECT_EQ(s.sources.initial_water, "dry");
  EXPECT_EQ(s.sources.inflows, "none");

  flood::FloodModel m(s, world);
  run(m);
  const auto b = m.budget();
  EXPECT_EQ(b.initial_volume, 0.0);
  EXPECT_EQ(b.volume, 0.0);
  EXPECT_EQ(b.rain, 0.0);
}

// A water level of 1 m inside a box over a bed rising 0.1 m per column eastward: depth 1 - 0.1 j
// in the box's columns, 0 beyond the box and where the bed is above the level.
TEST(FloodUserDem, InitialLevelInABox) {
  TempDir dir("initial-level");
  const AscGrid g{20, 30, 10.0, 1000.0, 2000.0};
  write_asc(dir / "ramp.asc", g, [](int, int j) { return 0.1 * j; });
  const auto cfg = parse("flood: {dem: {file: " + (dir / "ramp.asc") +
                         "}, initial: {level_m: 1.0, box: [1000, 2000, 1150, 2200]}}");
  const auto& s = cfg.setup;
  const auto h = whole(s.initial_depth, s);
  double volume = 0;
  for (int i = 0; i < g.ny; ++i)
    for (int j = 0; j < g.nx; ++j) {
      // Cell centres x = 1005 + 10 j: inside the box up to j = 14; the bed passes 1 m at j = 10.
      const double expect = j <= 14 ? std::max(0.0, 1.0 - 0.1 * j) : 0.0;
      ASSERT_NEAR(h[i * g.nx + j], expect, 1e-12) << i << "," << j;
      volume += expect * g.dx * g.dx;
    }
  EXPECT_EQ(s.sources.initial_water, "water level 1 m in box [1000, 2000, 1150, 2200]");
  flood::FloodModel m(s, world);
  EXPECT_NEAR(m.budget().initial_volume, volume, 1e-9 * volume);
  // The maximum depth starts from the initial water. A box ending where the bed is still below
  // the level (x = 1050: columns 0-4) is a dam break: its edge drains, so its peak is at t = 0
  // (missed when the maxima began after the first step).
  const auto dam = parse("flood: {dem: {file: " + (dir / "ramp.asc") +
                         "}, initial: {level_m: 1.0, box: [1000, 2000, 1050, 2200]}}");
  const auto h0 = whole(dam.setup.initial_depth, dam.setup);
  flood::FloodModel d(dam.setup, world);
  for (int k = 0; k < 5; ++k) d.step();
  const auto hmax = d.gather(d.maps().max_depth), hnow = d.gather(d.state().h);
  EXPECT_LT(hnow[4], h0[4]);  // the edge column did drain
  for (size_t c = 0; c < h0.size(); ++c) ASSERT_GE(hmax[c], h0[c]) << c;
}

// Depth and level rasters on the DEM's grid; nodata is dry.
TEST(FloodUserDem, InitialDepthAndLevelRasters) {
  TempDir dir("initial-rasters");
  const AscGrid g{6, 5, 2.0, 0.0, 0.0};
  write_asc(dir / "bed.asc", g, [](int i, int) { return 0.5 * i; });
  write_asc(dir / "depth.asc", g, [](int i, int j) { return j == 2 ? -9999.0 : 0.1 * (i + j); });
  write_asc(dir / "level.asc", g, [](int, int j) { return j == 4 ? -9999.0 : 1.2; });
  const std::string dem = "flood: {dem: {file: " + (dir / "bed.asc") + "}, initial: {";
  const auto by_depth = parse(dem + "depth_file: " + (dir / "depth.asc") + "}}").setup;
  const auto by_level = parse(dem + "level_file: " + (dir / "level.asc") + "}}").setup;
  const auto hd = whole(by_depth.initial_depth, by_depth);
  const auto hl = whole(by_level.initial_depth, by_level);
  for (int i = 0; i < g.ny; ++i)
    for (int j = 0; j < g.nx; ++j) {
      EXPECT_EQ(hd[i * g.nx + j], j == 2 ? 0.0 : 0.1 * (i + j));
      EXPECT_NEAR(hl[i * g.nx + j], j == 4 ? 0.0 : std::max(0.0, 1.2 - 0.5 * i), 1e-15);
    }
  EXPECT_EQ(by_depth.sources.initial_water, "depth file " + (dir / "depth.asc"));
}

// Q = 2 m3/s for 100 s, then 5 m3/s for 100 s, then nothing, into a closed box: 700 m3 exactly,
// which holds only if steps stop at the hydrograph's breakpoints.
TEST(FloodUserDem, PointInflowAddsItsHydrographVolume) {
  TempDir dir("inflow");
  write_asc(dir / "box.asc", {10, 10, 10.0, 0.0, 0.0}, [](int, int) { return 5.0; });
  const auto cfg = parse("flood: {dem: {file: " + (dir / "box.asc") +
                         "}, t_end_s: 300, max_dt_s: 7,"
                         " inflows: [{name: culvert, x: 45, y: 55, times_s: [0, 100, 200],"
                         " m3_per_s: [2, 5, 0]}]}");
  EXPECT_EQ(cfg.setup.sources.inflows, "1 point inflow(s): culvert");
  flood::FloodModel m(cfg.setup, world);
  run(m);
  const auto b = m.budget();
  EXPECT_NEAR(b.point_inflow, 700.0, 1e-9);
  EXPECT_NEAR(b.volume, 700.0, 1e-9);
  EXPECT_EQ(b.clipped, 0.0);  // the default CFL keeps the column on dry ground non-negative
  EXPECT_NEAR(b.imbalance(), 0.0, 1e-9);
}

// 36 mm/h = 1e-5 m/s for 100 s on a 10 x 10 DEM with two rows of nodata: rain falls on the 80
// cells of terrain only, 1e-3 m x 80 x 100 m2 = 8 m3 (10 m3 if it fell on the walls too).
TEST(FloodUserDem, NoRainOnNodataCells) {
  TempDir dir("rain-walls");
  write_asc(dir / "holes.asc", {10, 10, 10.0, 0.0, 0.0},
            [](int i, int) { return i < 2 ? -9999.0 : 3.0; });
  const auto cfg = parse("flood: {dem: {file: " + (dir / "holes.asc") +
                         "}, t_end_s: 100, rain: {times_s: [0], mm_per_h: [36]}}");
  EXPECT_EQ(cfg.setup.sources.rain, "hyetograph of 1 step(s), peak 36 mm/h, uniform");
  flood::FloodModel m(cfg.setup, world);
  run(m);
  EXPECT_NEAR(m.budget().rain, 8.0, 1e-12);
  EXPECT_NEAR(m.budget().volume, 8.0, 1e-12);
}

TEST(FloodUserDem, ErrorsNameTheKeyOrFile) {
  TempDir dir("user-errors");
  write_asc(dir / "dem.asc", {6, 6, 10.0, 0.0, 0.0},
            [](int i, int j) { return i == 0 && j == 0 ? -9999.0 : 1.0; });
  write_asc(dir / "other.asc", {6, 6, 5.0, 0.0, 0.0}, [](int, int) { return 0.5; });
  write_asc(dir / "negative.asc", {6, 6, 10.0, 0.0, 0.0}, [](int, int j) { return j - 1.0; });
  const std::string dem = "flood: {dem: {file: " + (dir / "dem.asc") + "}, ";
  auto error = [&](const std::string& rest) { return error_of([&] { parse(dem + rest + "}"); }); };
  EXPECT_NE(error("initial: {level_m: 1, depth_file: x.asc}").find("not several"),
            std::string::npos);
  EXPECT_NE(error("initial: {box: [0, 0, 1, 1]}").find("limits flood.initial.level_m only"),
            std::string::npos);
  EXPECT_NE(error("initial: {level_m: 1, box: [5, 0, 1, 1]}").find("xmin < xmax"),
            std::string::npos);
  EXPECT_NE(error("initial: {depth_file: " + (dir / "other.asc") + "}")
                .find("other.asc: is not on the terrain's grid: 6x6 cells of 5 m"),
            std::string::npos);
  EXPECT_NE(error("initial: {depth_file: " + (dir / "negative.asc") + "}")
                .find("negative.asc: cell (row 0, column 0) holds -1, outside [0, 10000]"),
            std::string::npos);
  EXPECT_NE(error("inflows: [{name: far, x: 500, y: 5, times_s: [0], m3_per_s: [1]}]")
                .find("flood.inflows.far: (500, 5) is outside the domain"),
            std::string::npos);
  EXPECT_NE(error("inflows: [{x: 5, y: 5, times_s: [0], m3_per_s: [1], q: 3}]")
                .find("unknown inflow key 'q'"),
            std::string::npos);
  EXPECT_NE(error("infiltration: {model: horton, rate_mm_per_h: 4}")
                .find("key 'flood.infiltration.initial_mm_per_h': is needed"),
            std::string::npos);
  EXPECT_NE(error("size: 0.5").find("key 'flood.size': applies to the built-in scenario only"),
            std::string::npos);
  EXPECT_NE(error("roughness: 0.03, roughness_file: " + (dir / "other.asc")).find("not both"),
            std::string::npos);
  // An inflow into a nodata cell (the north-west corner) is refused when the model is built.
  const auto on_wall = parse(dem +
                             "inflows: [{name: gate, x: 5, y: 55, times_s: [0], "
                             "m3_per_s: [1]}]}");
  EXPECT_NE(error_of([&] {
              flood::FloodModel m(on_wall.setup, world);
            }).find("flood.inflows.gate: (5, 55) lies on a nodata cell"),
            std::string::npos);
}
