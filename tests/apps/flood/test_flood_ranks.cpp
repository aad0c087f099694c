// Decomposition invariance: the same catchment run on all ranks of the world communicator and,
// on rank 0, alone, must give bitwise identical fields, maps, times and gauge warnings.
// (dt is a max-reduction, exact in any order; each cell sees the same neighbour values.)
#include "apps/flood/flood_model.hpp"
#include "flood_cases.hpp"

#include <gtest/gtest.h>

#include <cstring>

using namespace karst;

namespace {
struct Result {
  std::vector<std::vector<double>> fields;
  double time;
  long long steps;
  std::vector<flood::GaugeState> gauges;
};

Result simulate(const mpi::Comm& comm, bool gpu_aware, bool fp32 = false) {
  auto setup = test::small_catchment(37, 53, 300.0);
  if (fp32) setup.precision = flood::FloodSetup::Precision::fp32;
  flood::FloodModel m(setup, comm, gpu_aware);
  while (!m.done()) m.step();
  Result r;
  for (const auto* f : {&m.state().h, &m.state().hu, &m.state().hv, &m.maps().max_depth,
                        &m.maps().max_speed, &m.maps().max_hazard, &m.maps().arrival_time})
    r.fields.push_back(m.gather(*f));
  r.time = m.time();
  r.steps = m.steps();
  r.gauges = m.gauges();
  return r;
}

void expect_identical(const Result& a, const Result& b) {
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.steps, b.steps);
  ASSERT_EQ(a.fields.size(), b.fields.size());
  for (size_t f = 0; f < a.fields.size(); ++f) {
    ASSERT_EQ(a.fields[f].size(), b.fields[f].size());
    EXPECT_EQ(
        0, std::memcmp(a.fields[f].data(), b.fields[f].data(), a.fields[f].size() * sizeof(double)))
        << "field " << f << " differs";
  }
  for (size_t g = 0; g < a.gauges.size(); ++g)
    EXPECT_EQ(a.gauges[g].first_reached, b.gauges[g].first_reached) << a.gauges[g].spec.name;
}
}  // namespace

TEST(FloodRanks, IdenticalOnAnyNumberOfRanks) {
  const auto world = mpi::Comm::world();
  const Result parallel = simulate(world, false);
  EXPECT_GT(parallel.fields[3][37 * 53 / 2], 0.0);  // water reached the middle: a real test
  int reached = 0;
  for (const auto& g : parallel.gauges) reached += g.first_reached[0] >= 0;
  EXPECT_GT(reached, 0);  // at least one warning fired
  if (world.rank() == 0) {
    const Result alone = simulate(mpi::Comm::self(), false);
    expect_identical(parallel, alone);
  }
  world.barrier();
}

// FP32 sends float halos and sums its budget in double: the same invariance holds.
TEST(FloodRanks, IdenticalOnAnyNumberOfRanksInFp32) {
  const auto world = mpi::Comm::world();
  const Result parallel = simulate(world, false, true);
  EXPECT_GT(parallel.fields[3][37 * 53 / 2], 0.0);
  if (world.rank() == 0) expect_identical(parallel, simulate(mpi::Comm::self(), false, true));
  world.barrier();
}

TEST(FloodRanks, GpuAwareAndHostStagedHalosAgree) {
  const auto world = mpi::Comm::world();
  const Result staged = simulate(world, false);
  const Result direct = simulate(world, true);
  expect_identical(staged, direct);
}
