// Checkpoint/restart: a run stopped after a checkpoint and continued from it ends bitwise
// identical to the uninterrupted run: final state, maps, warnings and gauge series.
#include "apps/flood/flood_app.hpp"
#include "flood_cases.hpp"
#include "io/raster/raster.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace karst;

namespace {
flood::FloodRunConfig config(bool fp32 = false) {
  flood::FloodRunConfig c;
  c.setup = test::small_catchment(30, 41, 400.0);
  if (fp32) c.setup.precision = flood::FloodSetup::Precision::fp32;
  c.scenario = "small-catchment";
  c.output.snapshot_interval_s = 1000.0;  // only the initial and final snapshots
  c.output.gauge_interval_s = 20.0;
  c.output.progress_interval_s = 0;
  return c;
}

std::vector<double> dataset(const std::string& file, const std::string& name) {
  return io::read_raster_h5(file, name).values;
}

void expect_same(const std::string& a, const std::string& b, const std::string& name) {
  const auto x = dataset(a, name), y = dataset(b, name);
  ASSERT_EQ(x.size(), y.size());
  EXPECT_EQ(0, std::memcmp(x.data(), y.data(), x.size() * sizeof(double))) << name << " differs";
}

// An FP32 run checkpoints float values widened to double and takes them back exactly on restart.
void expect_continued_run_identical(bool fp32) {
  const auto comm = mpi::Comm::world();
  test::TempDir full("full"), part("part"), cont("cont");
  bench::Profile p1, p2, p3;

  const auto a = flood::simulate_flood(config(fp32), {comm, full.path(), false}, p1);

  auto c2 = config(fp32);
  c2.output.checkpoint_every_s = 150.0;
  const auto b = flood::simulate_flood(c2, {comm, part.path(), false}, p2, true);
  ASSERT_TRUE(b.interrupted);
  ASSERT_TRUE(std::filesystem::exists(part / "checkpoint.h5"));
  EXPECT_FALSE(std::filesystem::exists(part / "maps.h5"));  // it really stopped early

  auto c3 = config(fp32);
  c3.restart_file = part / "checkpoint.h5";
  const auto c = flood::simulate_flood(c3, {comm, cont.path(), false}, p3);
  EXPECT_EQ(b.steps + c.steps, a.steps);
  EXPECT_EQ(a.warnings, c.warnings);
  // Budget sums are diagnostics added up in a different order after a restart (rank 0 carries the
  // checkpointed totals), so they agree to round-off rather than bitwise.
  EXPECT_NEAR(a.budget.rain, c.budget.rain, 1e-12 * a.budget.rain);
  for (const char* n : {"max_depth", "max_speed", "max_hazard_rating", "arrival_time"})
    expect_same(full / "maps.h5", cont / "maps.h5", n);
  for (const char* n : {"h", "hu", "hv"})
    expect_same(full / "snapshots/flood_00001.h5", cont / "snapshots/flood_00001.h5", n);
  if (comm.is_root()) {
    std::ifstream fa(full / "gauges.csv"), fc(cont / "gauges.csv");
    std::stringstream sa, sc;
    sa << fa.rdbuf();
    sc << fc.rdbuf();
    EXPECT_EQ(sa.str(), sc.str());
  }
}
}  // namespace

TEST(FloodRestart, ContinuedRunIsBitwiseIdentical) {
  expect_continued_run_identical(false);
}

TEST(FloodRestart, ContinuedFp32RunIsBitwiseIdentical) {
  expect_continued_run_identical(true);
}

// The checkpoint names its terrain by a bed checksum that any decomposition computes alike: a
// checkpoint written on every rank of the world continues on rank 0 alone, to the same maps.
TEST(FloodRestart, CheckpointContinuesOnAnotherRankCount) {
  const auto world = mpi::Comm::world();
  test::TempDir full("full"), part("part"), cont("cont");
  bench::Profile p1, p2, p3;
  auto c2 = config();
  c2.output.checkpoint_every_s = 150.0;
  ASSERT_TRUE(flood::simulate_flood(c2, {world, part.path(), false}, p2, true).interrupted);
  if (world.is_root()) {
    const auto self = mpi::Comm::self();
    flood::simulate_flood(config(), {self, full.path(), false}, p1);
    auto c3 = config();
    c3.restart_file = part / "checkpoint.h5";
    flood::simulate_flood(c3, {self, cont.path(), false}, p3);
    for (const char* n : {"max_depth", "max_speed", "max_hazard_rating", "arrival_time"})
      expect_same(full / "maps.h5", cont / "maps.h5", n);
  }
  world.barrier();
}
