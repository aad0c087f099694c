// Gridded rain from NetCDF (flood.rain.file), against rain written by hand: each DEM cell takes
// the rain cell holding its centre, frame k holds for its interval and rain stops after the last
// one, the booked rain equals the file's volume over the domain, the budget closes, every
// decomposition and a restart mid-storm give the same answer.
#include "apps/flood/flood_app.hpp"
#include "apps/flood/flood_model.hpp"
#include "apps/flood/gridded_rain.hpp"
#include "base/error.hpp"
#include "flood_cases.hpp"
#include "io/raster/netcdf_rain.hpp"
#include "io/raster/raster.hpp"
#include "rain_nc.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace karst;
using test::RainNc;

namespace {

// Rates in mm/h of the 2 x 3 rain cells of 100 m, in map order: [frame][north, south][column].
constexpr double kRate[3][2][3] = {
    {{6, 12, 18}, {24, 30, 36}}, {{60, 0, 6}, {12, 18, 24}}, {{30, 0, 0}, {0, 0, 12}}};
// By hand: three frames of 600 s (the last lasts as long as the one before, then rain stops);
// the rates add up to 126 + 120 + 42 = 288 mm/h, x 1/6 h x 1e-3 m/mm x 1e4 m2 per rain cell.
constexpr double kVolume = 480.0;

// The DEM: 20 x 30 cells of 10 m, north-west corner (1000, 5000), so each rain cell holds 10 x 10
// of them. The bed tilts to an open east edge: water runs off while it rains.
flood::FloodSetup dem(double t_end) {
  flood::FloodSetup s;
  s.name = "gridded-rain";
  s.ny = 20;
  s.nx = 30;
  s.dx = 10.0;
  s.x0 = 1000.0;
  s.y0 = 5000.0;
  s.t_end = t_end;
  s.bed = test::field_of(s, [](double x, double y) { return 0.01 * (1300 - x) + 1e-3 * y; });
  s.roughness = flood::constant_field(0.03);
  s.initial_depth = flood::constant_field(0.0);
  s.rain_pattern = flood::constant_field(1.0);
  s.east.kind = hydro::EdgeKind::outflow;
  return s;
}

// mm/h, y ascending (the south row first), times in minutes, NetCDF-4.
RainNc rate_file() {
  RainNc r;
  r.time = {0, 10, 20};
  r.x = {1050, 1150, 1250};
  r.y = {4850, 4950};
  for (int k = 0; k < 3; ++k)
    for (int row = 1; row >= 0; --row)
      for (int c = 0; c < 3; ++c) r.values.push_back(kRate[k][row][c]);
  return r;
}

// The same rain as depths per frame (mm in 600 s = rate / 6), y descending, packed as shorts
// (depth = stored x 0.5 + 1), times in seconds, in the classic format.
RainNc depth_file() {
  RainNc r;
  r.units = "mm";
  r.time_units = "seconds since 1970-01-01";
  r.time = {3600, 4200, 4800};
  r.x = {1050, 1150, 1250};
  r.y = {4950, 4850};
  r.packed_short = true;
  r.scale_factor = 0.5;
  r.add_offset = 1.0;
  r.netcdf4 = false;
  for (int k = 0; k < 3; ++k)
    for (int row = 0; row < 2; ++row)
      for (int c = 0; c < 3; ++c) r.values.push_back((kRate[k][row][c] / 6 - 1) / 0.5);
  return r;
}

// Writes `r` on rank 0 for every rank to read.
std::string written(const test::TempDir& dir, const std::string& name, const RainNc& r) {
  const auto path = dir / name;
  if (mpi::Comm::world().is_root()) test::write_rain_nc(path, r);
  mpi::Comm::world().barrier();
  return path;
}

flood::FloodSetup with_rain(const std::string& path, double t_end = 2400.0) {
  auto s = dem(t_end);
  flood::apply_gridded_rain(s, path, "rain");
  return s;
}

std::string error_of(const std::string& path, const std::string& variable = "rain") {
  auto s = dem(100.0);
  try {
    flood::apply_gridded_rain(s, path, variable);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(RainUnits, RatesAndDepthsInMillimetres) {
  EXPECT_EQ(io::parse_rain_units("mm/h", "f").factor, 1.0);
  EXPECT_EQ(io::parse_rain_units("mm hr-1", "f").factor, 1.0);
  EXPECT_EQ(io::parse_rain_units("MM/HR", "f").factor, 1.0);
  EXPECT_EQ(io::parse_rain_units("kg m**-2 s**-1", "f").factor, 3600.0);
  EXPECT_EQ(io::parse_rain_units("kg m-2 s-1", "f").factor, 3600.0);
  EXPECT_EQ(io::parse_rain_units("mm s-1", "f").factor, 3600.0);
  EXPECT_EQ(io::parse_rain_units("m/s", "f").factor, 3.6e6);
  EXPECT_FALSE(io::parse_rain_units("m s-1", "f").depth);
  EXPECT_TRUE(io::parse_rain_units("mm", "f").depth);
  EXPECT_EQ(io::parse_rain_units("m", "f").factor, 1000.0);
  EXPECT_THROW(io::parse_rain_units("mm/day", "f"), Error);
  EXPECT_THROW(io::parse_rain_units("", "f"), Error);
  EXPECT_EQ(io::parse_time_units("hours since 2024-07-01", "f"), 3600.0);
  EXPECT_EQ(io::parse_time_units("minutes since 2024-07-01 00:00:00", "f"), 60.0);
  EXPECT_EQ(io::parse_time_units("seconds since 1970-01-01T00:00:00Z", "f"), 1.0);
  EXPECT_THROW(io::parse_time_units("hours", "f"), Error);
  EXPECT_THROW(io::parse_time_units("fortnights since 2024-07-01", "f"), Error);
}

// Each DEM cell takes the rain of the cell holding its centre, whichever way y runs, packed or
// not, as a rate or a depth per frame; a rank's block reads the same values as the whole grid.
TEST(GriddedRain, EachCellTakesTheRainCellHoldingItsCentre) {
  test::TempDir dir("rain-map");
  for (const auto& file :
       {written(dir, "rate.nc", rate_file()), written(dir, "depth.nc", depth_file())}) {
    const auto s = with_rain(file);
    ASSERT_EQ(s.gridded_rain.start_s, (std::vector<double>{0, 600, 1200}));
    EXPECT_EQ(s.rain_mm_per_h.time, (std::vector<double>{0, 600, 1200, 1800}));
    // A unit hyetograph that ends after the last frame. (Compared entry by entry: GCC 12 at
    // -O3 -march=native builds the literal vector {1, 1, 1, 0} in this file as {1, 1, 1, 1}.)
    ASSERT_EQ(s.rain_mm_per_h.value.size(), 4u);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(s.rain_mm_per_h.value[k], 1.0) << k;
    EXPECT_EQ(s.rain_mm_per_h.value[3], 0.0);
    EXPECT_NE(s.sources.rain.find("(nearest, 3 frames)"), std::string::npos) << s.sources.rain;
    const long long i0 = 3, j0 = 7;
    const int ny = 12, nx = 15;  // straddles both rain rows and all three columns
    std::vector<double> out(ny * nx);
    for (size_t k = 0; k < 3; ++k) {
      s.gridded_rain.fill(k, i0, j0, ny, nx, out.data());
      for (int i = 0; i < ny; ++i)
        for (int j = 0; j < nx; ++j)
          ASSERT_NEAR(out[i * nx + j], kRate[k][(i0 + i) / 10][(j0 + j) / 10], 1e-12)
              << file << " frame " << k << " cell " << i0 + i << "," << j0 + j;
    }
  }
}

// The run books exactly the file's rain (no rain after the last frame's interval: t_end is
// 600 s later), and the budget closes with water leaving through the east edge.
TEST(GriddedRain, BookedRainIsTheFilesVolumeAndTheBudgetCloses) {
  test::TempDir dir("rain-volume");
  for (const auto& file :
       {written(dir, "rate.nc", rate_file()), written(dir, "depth.nc", depth_file())}) {
    flood::FloodModel m(with_rain(file), mpi::Comm::world());
    while (!m.done()) m.step();
    const auto b = m.budget();
    EXPECT_NEAR(b.rain, kVolume, 1e-12 * kVolume) << file;
    EXPECT_LT(b.boundary_net_in, 0.0) << "no water left through the east edge";
    EXPECT_LT(std::fabs(b.imbalance()), 1e-12 * kVolume) << file << " " << b.imbalance();
  }
}

// The same run on every rank of the world and on rank 0 alone: bitwise the same depths.
TEST(GriddedRain, EveryDecompositionGivesTheSameDepths) {
  test::TempDir dir("rain-ranks");
  const auto file = written(dir, "rate.nc", rate_file());
  flood::FloodModel all(with_rain(file, 1500.0), mpi::Comm::world());
  while (!all.done()) all.step();
  const auto h_all = all.gather(all.state().h);
  if (mpi::Comm::world().is_root()) {
    flood::FloodModel one(with_rain(file, 1500.0), mpi::Comm::self());
    while (!one.done()) one.step();
    const auto h_one = one.gather(one.state().h);
    EXPECT_EQ(all.steps(), one.steps());
    EXPECT_EQ(0, std::memcmp(h_all.data(), h_one.data(), h_all.size() * sizeof(double)));
  }
  mpi::Comm::world().barrier();
}

// Stopped at a checkpoint in the second frame and continued: the continued run rains the second
// and third frames, not the first again, and ends where the whole run does.
TEST(GriddedRain, RestartMidStormContinuesWithItsFrame) {
  const auto comm = mpi::Comm::world();
  test::TempDir dir("rain-restart"), full("full"), part("part"), cont("cont");
  const auto file = written(dir, "rate.nc", rate_file());
  flood::FloodRunConfig c;
  c.setup = with_rain(file);
  c.scenario = "gridded-rain";
  c.output.snapshot_interval_s = 1e9;
  c.output.progress_interval_s = 0;
  bench::Profile p1, p2, p3;
  const auto a = flood::simulate_flood(c, {comm, full.path(), false}, p1);
  auto c2 = c;
  c2.output.checkpoint_every_s = 900.0;
  ASSERT_TRUE(flood::simulate_flood(c2, {comm, part.path(), false}, p2, true).interrupted);
  auto c3 = c;
  c3.restart_file = part / "checkpoint.h5";
  const auto b = flood::simulate_flood(c3, {comm, cont.path(), false}, p3);
  EXPECT_NEAR(b.budget.rain, kVolume, 1e-12 * kVolume);
  EXPECT_NEAR(a.budget.rain, b.budget.rain, 1e-12 * kVolume);
  for (const char* n : {"max_depth", "arrival_time"}) {
    const auto x = io::read_raster_h5(full / "maps.h5", n).values;
    const auto y = io::read_raster_h5(cont / "maps.h5", n).values;
    ASSERT_EQ(x.size(), y.size());
    EXPECT_EQ(0, std::memcmp(x.data(), y.data(), x.size() * sizeof(double))) << n;
  }
}

// Missing values are an error inside the DEM's extent, and ignored outside it (a radar's
// composite is often missing far from the catchment).
TEST(GriddedRain, MissingValuesOnlyMatterOverTheDem) {
  test::TempDir dir("rain-missing");
  auto r = rate_file();
  r.x.push_back(1350);  // a fourth column east of the DEM, missing in every frame
  r.values.clear();
  r.fill_value = -999.0;
  for (int k = 0; k < 3; ++k)
    for (int row = 1; row >= 0; --row) {
      for (int c = 0; c < 3; ++c) r.values.push_back(kRate[k][row][c]);
      r.values.push_back(-999.0);
    }
  EXPECT_NO_THROW(with_rain(written(dir, "outside.nc", r)));
  r.values[4 + 1] = -999.0;  // frame 0, file row 1 (north), second column: over the DEM
  EXPECT_NE(error_of(written(dir, "inside.nc", r))
                .find("frame 0 (t = 0 s) has a missing value at y index 1, x index 1"),
            std::string::npos)
      << error_of(dir / "inside.nc");
}

TEST(GriddedRain, ErrorsNameTheFileAndWhatIsWrong) {
  test::TempDir dir("rain-errors");
  const auto good = written(dir, "good.nc", rate_file());
  EXPECT_NE(error_of(good, "precip").find("good.nc:precip: variable not found"), std::string::npos);
  auto one = rate_file();
  one.time = {0};
  one.values.resize(6);
  EXPECT_NE(error_of(written(dir, "one.nc", one)).find("has 1 frame; at least 2"),
            std::string::npos);
  auto t = rate_file();
  t.time = {0, 10, 5};
  EXPECT_NE(error_of(written(dir, "t.nc", t)).find("times must increase (frame 2"),
            std::string::npos);
  auto neg = rate_file();
  neg.values[3] = -1;
  EXPECT_NE(error_of(written(dir, "neg.nc", neg)).find("has rain -1 mm/h"), std::string::npos);
  auto shifted = rate_file();
  shifted.y = {4860, 4960};  // the DEM's southern 10 m are not covered
  EXPECT_NE(error_of(written(dir, "shifted.nc", shifted)).find("does not cover the DEM"),
            std::string::npos);
}
