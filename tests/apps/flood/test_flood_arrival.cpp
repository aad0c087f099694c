// Arrival time: a cell already wet at t = 0 (depth at or above flood.arrival_depth_m) arrived at 0;
// a cell that floods later arrived at the end of the first step that made it wet. A restart keeps
// the checkpointed arrival times, so a continued run ends with the uninterrupted run's map.
#include "apps/flood/flood_app.hpp"
#include "apps/flood/flood_model.hpp"
#include "flood_cases.hpp"
#include "io/raster/raster.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

using namespace karst;

namespace {
// The small catchment with a pond in its lower (eastern) part at t = 0: 0.5 m deep east of
// x = 300 m, plus a film too thin to count as inundated just west of it.
flood::FloodSetup ponded_catchment() {
  auto s = test::small_catchment(30, 41, 400.0);
  s.initial_depth = test::field_of(s, [](double x, double) {
    return x > 300.0 ? 0.5 : x > 280.0 ? 0.01 : 0.0;
  });
  return s;
}
}  // namespace

TEST(FloodArrival, CellsWetAtStartArriveAtZeroOthersLater) {
  const auto world = mpi::Comm::world();
  const auto setup = ponded_catchment();
  flood::FloodModel m(setup, world);
  const auto initial = m.gather(m.state().h);
  while (!m.done()) m.step();
  const auto arrival = m.gather(m.maps().arrival_time);
  int wet_at_start = 0, flooded_later = 0, wrong = 0;
  double first_wrong = 0.0;
  for (size_t k = 0; k < arrival.size(); ++k) {
    const bool wet = initial[k] >= setup.arrival_depth;
    wet_at_start += wet;
    flooded_later += !wet && arrival[k] >= 0.0;
    // Wet at t = 0: arrived at exactly 0. Dry (or a thin film) then: never 0.
    if (wet ? arrival[k] != 0.0 : arrival[k] == 0.0) {
      if (wrong++ == 0) first_wrong = arrival[k];
    }
  }
  EXPECT_EQ(wrong, 0) << "cells with a wrong arrival time, the first at " << first_wrong << " s";
  EXPECT_GT(wet_at_start, 0);
  EXPECT_GT(flooded_later, 0);  // the river and the storm wet more cells: a real test
}

TEST(FloodArrival, RestartKeepsCheckpointedArrivalTimes) {
  const auto comm = mpi::Comm::world();
  test::TempDir full("full"), part("part"), cont("cont");
  bench::Profile p1, p2, p3;
  flood::FloodRunConfig c;
  c.setup = ponded_catchment();
  c.scenario = "ponded-catchment";
  c.output.snapshot_interval_s = 1000.0;
  c.output.progress_interval_s = 0;
  flood::simulate_flood(c, {comm, full.path(), false}, p1);

  auto c2 = c;
  c2.output.checkpoint_every_s = 150.0;
  ASSERT_TRUE(flood::simulate_flood(c2, {comm, part.path(), false}, p2, true).interrupted);
  auto c3 = c;
  c3.restart_file = part / "checkpoint.h5";
  flood::simulate_flood(c3, {comm, cont.path(), false}, p3);

  const auto a = io::read_raster_h5(full / "maps.h5", "arrival_time").values;
  const auto b = io::read_raster_h5(cont / "maps.h5", "arrival_time").values;
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(double)));
  int zeros = 0, later = 0;
  for (double t : b) {
    zeros += t == 0.0;
    later += t > 150.0;  // set after the restart
  }
  EXPECT_GT(zeros, 0);  // the pond, restored from the checkpoint, not re-marked or lost
  EXPECT_GT(later, 0);
}
