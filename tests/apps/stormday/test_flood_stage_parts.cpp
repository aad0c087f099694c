// The flood stage's parts against known answers: the per-cell infiltration multiplier (a mass
// budget with analytic losses), the cells under a road, the closure rule on a hand-made hazard
// record, the road_hazard.h5 round trip, and landcover.h5 files on the wrong grid.
#include "apps/flood/flood_model.hpp"
#include "apps/flood/scenario_guizhou.hpp"
#include "apps/stormday/closure_rule.hpp"
#include "apps/stormday/flood_stage.hpp"
#include "apps/stormday/landcover_input.hpp"
#include "apps/stormday/road_cells.hpp"
#include "apps/stormday/road_hazard_file.hpp"
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

using namespace karst;
using stormday::GridCell;

namespace {

const auto world = mpi::Comm::world();
constexpr double kInf = std::numeric_limits<double>::infinity();

// A closed 20 x 21 box of 2 m cells holding 1 m of still water in two ponds, split by a dry
// ridge along column 10. The west pond infiltrates at 0 x the rate, the east one at 2 x.
flood::FloodSetup two_ponds(double rate_mm_per_h, double t_end) {
  flood::FloodSetup s;
  s.name = "two-ponds";
  s.ny = 20;
  s.nx = 21;
  s.dx = 2.0;
  s.y0 = s.ny * s.dx;
  s.t_end = t_end;
  s.bed = [](long long, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) out[size_t(i) * nx + j] = j0 + j == 10 ? 5.0 : 0.0;
  };
  s.initial_depth = [](long long, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) out[size_t(i) * nx + j] = j0 + j == 10 ? 0.0 : 1.0;
  };
  s.infiltration_pattern = [](long long, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) out[size_t(i) * nx + j] = j0 + j < 10 ? 0.0 : 2.0;
  };
  s.roughness = flood::constant_field(0.03);
  s.rain_pattern = flood::constant_field(1.0);
  s.infiltration.model = flood::Infiltration::Model::constant;
  s.infiltration.rate_mm_per_h = rate_mm_per_h;
  return s;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// Per rank unless `shared` (a file one rank writes for all).
std::string temp_path(const std::string& name, bool shared = false) {
  const auto dir = std::filesystem::temp_directory_path() / "karst-test-flood-stage";
  std::filesystem::create_directories(dir);
  // The 1- and 2-rank runs of this test may run at the same time: their files differ.
  std::string suffix = "-np" + std::to_string(world.size());
  if (!shared) suffix += "-rank" + std::to_string(world.rank());
  return (dir / (name + suffix + ".h5")).string();
}

// A landcover.h5 written by this rank alone, with the given shape, spacing and origin.
void write_landcover(const std::string& path, long long ny, long long nx, double dx, double oy,
                     double ox) {
  auto f = io::H5File::create(path, mpi::Comm::self());
  const std::vector<double> n(size_t(ny * nx), 0.04), inf(size_t(ny * nx), 4.0);
  const auto block = io::Block::whole({hsize_t(ny), hsize_t(nx)});
  io::write_block(f, "manning", block, n.data(), {"s/m^(1/3)", {dx, dx}, {oy, ox}});
  io::write_block(f, "infiltration_mm_per_h", block, inf.data(), {"mm/h", {dx, dx}, {oy, ox}});
  f.commit();
}

}  // namespace

TEST(InfiltrationPattern, EachPondLosesItsAnalyticVolume) {
  // 36 mm/h = 1e-5 m/s: over 200 s the east pond loses 2 x 2 mm, far less than its depth, so the
  // loss is never capped by the water present and is exactly pattern x rate x time x area.
  const double rate = 1e-5, t_end = 200.0, area = 4.0;
  flood::FloodModel m(two_ponds(36.0, t_end), world);
  while (!m.done()) m.step();
  const auto h = m.gather(m.state().h);
  double west = 0, east = 0;
  for (long long i = 0; i < 20; ++i)
    for (long long j = 0; j < 21; ++j) {
      const double v = h[size_t(i * 21 + j)] * area;
      if (j < 10) west += v;
      if (j > 10) east += v;
    }
  const double pond = 20 * 10 * 1.0 * area;  // m3 in each pond at t = 0
  const double lost = 20 * 10 * 2.0 * rate * t_end * area;
  EXPECT_NEAR(west, pond, 1e-9 * pond);  // pattern 0: nothing infiltrates
  EXPECT_NEAR(east, pond - lost, 1e-9 * pond);
  const auto b = m.budget();
  EXPECT_NEAR(b.infiltrated, lost, 1e-9 * lost);
  EXPECT_NEAR(b.imbalance(), 0.0, 1e-9 * pond);
  EXPECT_EQ(h[10], 0.0);  // the ridge stayed dry: the ponds really are apart
}

TEST(InfiltrationPattern, NegativeMultiplierIsRefusedWithItsCell) {
  auto s = two_ponds(36.0, 10.0);
  s.infiltration_pattern = [](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j)
        out[size_t(i) * nx + j] = (i0 + i == 3 && j0 + j == 4) ? -1.0 : 1.0;
  };
  const auto msg = error_of([&] { flood::FloodModel m(s, mpi::Comm::self()); });
  EXPECT_NE(msg.find("infiltration pattern: cell (row 3, column 4) is negative"), std::string::npos)
      << msg;
}

TEST(RoadCells, DiagonalSegmentCrossesOneCellPerRow) {
  const stormday::CountyGrid g{10, 10, 10.0, 0.0, 100.0};
  // Centre of cell (0, 0) to centre of cell (9, 9): exactly the diagonal, in order.
  const auto cells = stormday::segment_cells(g, {5, 95}, {95, 5});
  ASSERT_EQ(cells.size(), 10u);
  for (long long k = 0; k < 10; ++k) EXPECT_EQ(cells[k], (GridCell{k, k})) << k;
  // Driven the other way: the same cells, reversed.
  const auto back = stormday::segment_cells(g, {95, 5}, {5, 95});
  ASSERT_EQ(back.size(), 10u);
  for (long long k = 0; k < 10; ++k) EXPECT_EQ(back[k], (GridCell{9 - k, 9 - k}));
  // Along row 4 and out of the grid on the east: cells (4, 2) ... (4, 9), nothing outside.
  const auto row = stormday::segment_cells(g, {25, 55}, {140, 55});
  ASSERT_EQ(row.size(), 8u);
  for (long long k = 0; k < 8; ++k) EXPECT_EQ(row[k], (GridCell{4, 2 + k}));
  // A shallower line: every cell it lists touches it, and consecutive cells are neighbours.
  const auto shallow = stormday::segment_cells(g, {5, 95}, {95, 35});
  EXPECT_EQ(shallow.front(), (GridCell{0, 0}));
  EXPECT_EQ(shallow.back(), (GridCell{6, 9}));
  for (size_t k = 1; k < shallow.size(); ++k) {
    EXPECT_LE(std::abs(shallow[k].i - shallow[k - 1].i) + std::abs(shallow[k].j - shallow[k - 1].j),
              2);
    EXPECT_GE(shallow[k].i, shallow[k - 1].i);
    EXPECT_GT(shallow[k].j + shallow[k].i, shallow[k - 1].j + shallow[k - 1].i);
  }
}

TEST(RoadCells, PermanentWaterIsBridgedAndBlocksKeepTheirOwnCells) {
  stormday::County c;
  c.grid = {10, 10, 10.0, 0.0, 100.0};
  c.nodes = {{5, 95}, {95, 5}, {2, 5}, {8, 5}};
  c.segments = {{0, 1, "bridge", 127.3, 10}, {2, 3, "valley", 6, 1}};
  // The river: wet at t = 0 in rows 5 and 6.
  const flood::BlockFiller depth0 = [](long long i0, long long, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) out[size_t(i) * nx + j] = (i0 + i == 5 || i0 + i == 6) ? 2 : 0;
  };
  const auto all = stormday::road_cells(c, depth0, 0, 0, 10, 10);
  ASSERT_EQ(all.segments(), 2u);
  EXPECT_EQ(all.segment_begin, (std::vector<int>{0, 8, 9}));
  EXPECT_EQ(all.bridged, (std::vector<long long>{2, 0}));
  for (int k = 0; k < 8; ++k) EXPECT_NE(all.cells[k].i, 5);
  EXPECT_EQ(all.cells[8], (GridCell{9, 0}));  // a 6 m segment inside one cell: that cell
  // The north-west quarter owns diagonal cells 0..4 and none of segment 1.
  const auto nw = stormday::road_cells(c, depth0, 0, 0, 5, 5);
  EXPECT_EQ(nw.segment_begin, (std::vector<int>{0, 5, 5}));
  EXPECT_EQ(nw.cells.back(), (GridCell{4, 4}));
}

TEST(ClosureRule, WindowsMergeAndTheLastOneStaysOpen) {
  stormday::RoadHazard h;
  h.window_s = 60;
  h.window_end_s = {60, 120, 180, 240, 300, 330};  // the last window is cut short by the end
  h.road_cells = {3, 3, 3, 3, 0};
  h.bridged_cells = {0, 0, 0, 0, 4};
  // Segments: 0 two closures, the second open-ended; 1 dry; 2 closed by the hazard rating alone
  // (at exactly the threshold); 3 at exactly the depth threshold (not over it); 4 all bridged.
  const std::vector<std::vector<double>> depth = {{0.0, 0, 0.2, 0.3, 0},  {0.4, 0, 0.1, 0.3, 0},
                                                  {0.5, 0, 0.1, 0.3, 0},  {0.1, 0, 0.1, 0.3, 0},
                                                  {0.31, 0, 0.1, 0.3, 0}, {0.35, 0, 0.1, 0.3, 0}};
  const std::vector<std::vector<double>> hr = {{0.0, 0, 1.25, 1.0, 0}, {1.0, 0, 0.3, 1.0, 0},
                                               {1.0, 0, 0.3, 1.0, 0},  {0.1, 0, 1.2, 1.0, 0},
                                               {0.9, 0, 0.3, 1.0, 0},  {0.9, 0, 0.3, 1.0, 0}};
  h.max_depth_m = depth;
  h.max_hazard_rating = hr;
  h.max_speed_m_per_s = std::vector<std::vector<double>>(6, std::vector<double>(5, 0.0));
  const auto c = stormday::closures_from_hazard(h, stormday::ClosureRule{});
  ASSERT_EQ(c.size(), 5u);
  ASSERT_EQ(c[0].size(), 2u);
  EXPECT_EQ(c[0][0].begin_s, 60.0);
  EXPECT_EQ(c[0][0].end_s, 180.0);
  EXPECT_EQ(c[0][1].begin_s, 240.0);
  EXPECT_TRUE(c[0][1].open_ended());
  EXPECT_TRUE(c[1].empty());
  ASSERT_EQ(c[2].size(), 1u);
  EXPECT_EQ(c[2][0].begin_s, 0.0);
  EXPECT_EQ(c[2][0].end_s, 60.0);
  EXPECT_TRUE(c[3].empty());
  EXPECT_TRUE(c[4].empty());
  // A stricter rule closes segment 3 for the whole day.
  const auto strict = stormday::closures_from_hazard(h, stormday::ClosureRule{0.25, 2.0});
  ASSERT_EQ(strict[3].size(), 1u);
  EXPECT_EQ(strict[3][0].begin_s, 0.0);
  EXPECT_TRUE(strict[3][0].open_ended());
  EXPECT_TRUE(strict[2].empty());

  // road_hazard.h5 keeps all of it, open-ended closures included.
  const auto path = temp_path("road_hazard", true);
  stormday::write_road_hazard(path, h, c, {stormday::ClosureRule{}, 1.0, 330.0}, world);
  stormday::SegmentClosures back;
  const auto r = stormday::read_road_hazard(path, &back);
  EXPECT_EQ(r.window_end_s, h.window_end_s);
  EXPECT_EQ(r.max_depth_m, h.max_depth_m);
  EXPECT_EQ(r.max_hazard_rating, h.max_hazard_rating);
  EXPECT_EQ(r.road_cells, h.road_cells);
  EXPECT_EQ(r.bridged_cells, h.bridged_cells);
  EXPECT_EQ(r.window_s, 60.0);
  ASSERT_EQ(back.size(), c.size());
  for (size_t s = 0; s < c.size(); ++s) {
    ASSERT_EQ(back[s].size(), c[s].size());
    for (size_t k = 0; k < c[s].size(); ++k) {
      EXPECT_EQ(back[s][k].begin_s, c[s][k].begin_s);
      EXPECT_EQ(back[s][k].end_s, c[s][k].end_s);
    }
  }
}

TEST(LandcoverInput, AFileOnAnotherGridIsRefusedNamingBothGrids) {
  const auto s = flood::guizhou_karst_scenario(0.0625);  // 64 x 64 cells of 160 m
  const auto good = temp_path("landcover-good");
  write_landcover(good, 64, 64, 160.0, s.cell_y(0), s.cell_x(0));
  EXPECT_NO_THROW(stormday::check_landcover_grid(good, "manning", s));

  const auto shape = temp_path("landcover-shape");
  write_landcover(shape, 64, 32, 160.0, s.cell_y(0), s.cell_x(0));
  auto msg = error_of([&] { stormday::check_landcover_grid(shape, "manning", s); });
  EXPECT_NE(msg.find(shape + ": dataset 'manning': has shape [64, 32] but the county grid is 64x64 "
                             "cells of 160 m"),
            std::string::npos)
      << msg;

  const auto spacing = temp_path("landcover-spacing");
  write_landcover(spacing, 64, 64, 80.0, s.cell_y(0), s.cell_x(0));
  msg = error_of([&] { stormday::check_landcover_grid(spacing, "infiltration_mm_per_h", s); });
  EXPECT_NE(msg.find(spacing + ": dataset 'infiltration_mm_per_h': lies on another grid: spacing "
                               "(80, 80) m"),
            std::string::npos)
      << msg;
  EXPECT_NE(
      msg.find("the county grid is 64x64 cells of 160 m, first cell centre at (y 10160, x 80)"),
      std::string::npos)
      << msg;

  const auto origin = temp_path("landcover-origin");
  write_landcover(origin, 64, 64, 160.0, s.cell_y(0) + 160.0, s.cell_x(0));
  msg = error_of([&] { stormday::check_landcover_grid(origin, "manning", s); });
  EXPECT_NE(msg.find("lies on another grid"), std::string::npos) << msg;

  msg = error_of([&] { stormday::check_landcover_grid(good, "roughness", s); });
  EXPECT_NE(msg.find("roughness"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;
}
