// The coupled storm day on a small county, checked across its stages: the three grids are one grid
// in one frame, no truck drives a road while it is closed, a storm without rain gives the
// dry-weather plan exactly, and the run gives the same closures and routes on any rank count.
#include "apps/stormday/closure_rule.hpp"
#include "apps/stormday/county_file.hpp"
#include "apps/stormday/road_hazard_file.hpp"
#include "apps/stormday/stormday_app.hpp"
#include "io/hdf5/field_io.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <memory>

using namespace karst;
using nlohmann::json;

namespace {

// The smallest county that resolves road and river (256 x 256 cells of 40 m), for the storm's
// first hour: its peak closes roads, and the tests stay short.
constexpr const char* kSize = "stormday.size=0.25";
constexpr const char* kDuration = "stormday.storm.duration_s=3600";

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// Runs the whole storm day into `dir` on `comm` (no HTML: the report has tests of its own).
json run_stormday(const mpi::Comm& comm, const std::string& dir,
                  const std::vector<std::string>& sets) {
  apps::Config config;
  config.apply_override(kSize);
  config.apply_override(kDuration);
  config.apply_override("stormday.report=false");
  for (const auto& s : sets) config.apply_override(s);
  stormday::run_stormday(config, {comm, dir, false});
  comm.barrier();
  return read_json(dir + "/stormday.json");
}

std::vector<double> read_field(const std::string& file, const std::string& dataset, long long ny,
                               long long nx) {
  const auto f = io::H5File::open_read(file, mpi::Comm::self());
  std::vector<double> v(size_t(ny * nx));
  io::read_block(f, dataset, io::Block::whole({hsize_t(ny), hsize_t(nx)}), v.data());
  return v;
}

// The storm run on the world communicator, shared by the tests below (it takes a few seconds).
// Made and removed inside the test run, so its collective clean-up comes before MPI_Finalize.
struct StormRun {
  test::TempDir dir{"stormday"};
  json summary = run_stormday(mpi::Comm::world(), dir.path(), {});
  std::string at(const std::string& leaf) const { return dir / leaf; }
};

}  // namespace

class StormdayRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { run_ = std::make_unique<StormRun>(); }
  static void TearDownTestSuite() { run_.reset(); }
  static const StormRun& storm() { return *run_; }

 private:
  static std::unique_ptr<StormRun> run_;
};
std::unique_ptr<StormRun> StormdayRun::run_;

TEST_F(StormdayRun, StagesShareOneGridAndFrame) {
  const auto& run = storm();
  const auto county = stormday::read_county(run.at("county.h5"));
  const auto& g = county.grid;
  // Every stage's map carries the county's spacing and the centre of its first (north-west) cell.
  const auto landcover = io::H5File::open_read(run.at("landcover/landcover.h5"), mpi::Comm::self());
  const auto maps = io::H5File::open_read(run.at("flood/maps.h5"), mpi::Comm::self());
  for (const auto* f : {&landcover, &maps}) {
    const std::string dataset = f == &maps ? "max_depth" : "land_class";
    EXPECT_EQ(io::dataset_shape(*f, dataset), (std::vector<hsize_t>{hsize_t(g.ny), hsize_t(g.nx)}));
    const auto meta = io::read_meta(*f, dataset);
    EXPECT_EQ(meta.spacing, (std::vector<double>{g.dx, g.dx})) << dataset;
    EXPECT_EQ(meta.origin, (std::vector<double>{g.y0 - g.dx / 2, g.x0 + g.dx / 2})) << dataset;
  }
  // The same place is the same thing in every stage: where the flood starts wet (the river) the
  // land cover sees water, and the town market stands on dry built-up land. A grid flipped north
  // to south or shifted by a cell would fail both.
  const auto classes = run.summary.at("landcover").at("classes");
  auto class_index = [&](const std::string& name) {
    for (size_t k = 0; k < classes.size(); ++k)
      if (classes[k].at("name") == name) return double(k);
    return -1.0;
  };
  const auto land = read_field(run.at("landcover/landcover.h5"), "land_class", g.ny, g.nx);
  const auto truth = read_field(run.at("landcover/landcover.h5"), "truth_class", g.ny, g.nx);
  const auto h0 = read_field(run.at("flood/snapshots/flood_00000.h5"), "h", g.ny, g.nx);
  const double water = class_index("water");
  long long wet = 0, wet_truth = 0, wet_classified = 0, dry_truth = 0;
  for (size_t c = 0; c < land.size(); ++c) {
    if (h0[c] > 0) {
      ++wet;
      wet_truth += truth[c] == water;
      wet_classified += land[c] == water;
    } else {
      dry_truth += truth[c] == water;
    }
  }
  // The imagery's river is the flood's river, cell for cell (the frame), and the classes made
  // from the fused image find most of it: where a 40 m cell of river lies between banks of
  // fields, STARFM mixes in their greening (76 % measured; docs/stormday-landcover.md).
  EXPECT_GT(wet, 200);
  EXPECT_GE(double(wet_truth), 0.99 * double(wet));
  EXPECT_LE(double(dry_truth), 0.05 * double(wet));
  EXPECT_GE(double(wet_classified), 0.7 * double(wet));
  const auto& market = county.nodes[size_t(county.markets.front().node)];
  ASSERT_EQ(county.markets.front().name, "town-market");
  const auto i = static_cast<long long>(std::floor((g.y0 - market.y) / g.dx));
  const auto j = static_cast<long long>(std::floor((market.x - g.x0) / g.dx));
  EXPECT_EQ(land[size_t(i * g.nx + j)], class_index("built_up"));
  EXPECT_EQ(h0[size_t(i * g.nx + j)], 0.0);
}

TEST_F(StormdayRun, NoTruckDrivesAClosedRoad) {
  const auto& run = storm();
  const auto county = stormday::read_county(run.at("county.h5"));
  stormday::SegmentClosures closures;
  const auto hazard = stormday::read_road_hazard(run.at("flood/road_hazard.h5"), &closures);
  const auto rule = stormday::ClosureRule{};
  const auto impact = read_json(run.at("routing/routing_impact.json"));
  int rerouted = 0, steps = 0;
  for (const auto& truck : impact.at("trucks")) {
    rerouted += truck.at("changed").get<bool>() ? 1 : 0;
    const auto& route = truck.at("storm");
    if (!route.at("reached").get<bool>()) continue;
    const auto segments = route.at("segments").get<std::vector<int>>();
    const auto enter = route.at("enter_s").get<std::vector<double>>();
    for (size_t k = 0; k < segments.size(); ++k, ++steps) {
      const int s = segments[k];
      const double leave = enter[k] + double(county.segments[size_t(s)].travel_s);
      // Against the hazard itself, not only the closures derived from it: every window the
      // truck spends on the segment was below both thresholds there.
      for (size_t w = 0; w < hazard.windows(); ++w) {
        const double begin = w == 0 ? 0.0 : hazard.window_end_s[w - 1];
        if (!(enter[k] < hazard.window_end_s[w] && leave > begin)) continue;
        EXPECT_FALSE(
            rule.closes(hazard.max_depth_m[w][size_t(s)], hazard.max_hazard_rating[w][size_t(s)]))
            << truck.at("farm") << " drives segment " << s << " over [" << enter[k] << ", " << leave
            << ") in flooded window " << w;
      }
      for (const auto& c : closures[size_t(s)]) EXPECT_FALSE(c.blocks(enter[k], leave));
    }
  }
  // The storm must have mattered, or the checks above prove nothing.
  EXPECT_GT(run.summary.at("flood").at("closed_segments").get<int>(), 10);
  EXPECT_GT(rerouted, 0);
  EXPECT_GT(steps, 50);
}

TEST_F(StormdayRun, ZeroRainGivesTheDryWeatherPlanExactly) {
  test::TempDir dir("stormday-dry");
  const auto dry = run_stormday(mpi::Comm::world(), dir.path(), {"stormday.storm.rain_scale=0"});
  EXPECT_TRUE(dry.at("flood").at("closures").empty());
  EXPECT_TRUE(dry.at("routing").at("villages_cut_off").empty());
  const auto& storm_trucks = storm().summary.at("routing").at("trucks");
  const auto& trucks = dry.at("routing").at("trucks");
  ASSERT_EQ(trucks.size(), storm_trucks.size());
  for (size_t k = 0; k < trucks.size(); ++k) {
    const auto& t = trucks[k];
    EXPECT_FALSE(t.at("changed").get<bool>()) << t.at("farm");
    EXPECT_EQ(t.at("storm").at("path_nodes"), t.at("dry").at("path_nodes")) << t.at("farm");
    EXPECT_EQ(t.at("storm").at("arrival_s"), t.at("dry").at("arrival_s")) << t.at("farm");
    EXPECT_EQ(t.at("storm").at("status"), t.at("dry").at("status"));
    // The dry plan does not depend on the weather it was computed beside.
    EXPECT_EQ(t.at("dry"), storm_trucks[k].at("dry")) << t.at("farm");
  }
  EXPECT_EQ(dry.at("routing").at("totals").at("extra_km").get<double>(), 0.0);
}

TEST_F(StormdayRun, SameClosuresAndRoutesOnOneRank) {
  const auto world = mpi::Comm::world();
  if (world.size() == 1) GTEST_SKIP() << "compares a multi-rank run with one rank";
  // Rank 0 reruns the whole day alone and compares; the other ranks wait.
  if (world.is_root()) {
    test::TempDir dir("stormday-one", mpi::Comm::self());
    const auto one = run_stormday(mpi::Comm::self(), dir.path(), {});
    const auto& many = storm().summary;
    EXPECT_EQ(one.at("landcover").at("classes"), many.at("landcover").at("classes"));
    EXPECT_EQ(one.at("landcover").at("overall_accuracy"),
              many.at("landcover").at("overall_accuracy"));
    EXPECT_EQ(one.at("flood").at("max_depth_m"), many.at("flood").at("max_depth_m"));
    EXPECT_EQ(one.at("flood").at("closures"), many.at("flood").at("closures"));
    EXPECT_EQ(one.at("routing").at("trucks"), many.at("routing").at("trucks"));
    EXPECT_EQ(one.at("routing").at("villages_cut_off"), many.at("routing").at("villages_cut_off"));
  }
  world.barrier();
}
