// Profile accounting: costs multiply by items exactly, scopes really time (fenced), and the
// reduction over ranks gives min/avg/max of time and sums of FLOPs and bytes.
#include "bench/profile.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace karst;

TEST(Profile, BooksCostTimesItems) {
  bench::Profile p;
  const KernelCost cost{7.0, 48.0};
  p.add("k", 0.5, cost, 1000);
  p.add("k", 0.25, cost, 500);
  const auto& t = p.local().at("k");
  EXPECT_EQ(t.calls, 2);
  EXPECT_DOUBLE_EQ(t.seconds, 0.75);
  EXPECT_DOUBLE_EQ(t.flops, 7.0 * 1500);
  EXPECT_DOUBLE_EQ(t.bytes, 48.0 * 1500);
}

TEST(Profile, ScopeMeasuresWallTime) {
  bench::Profile p;
  {
    auto s = p.kernel("sleep", KernelCost{1.0, 8.0}, 10);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  const auto& t = p.local().at("sleep");
  EXPECT_GE(t.seconds, 0.030);
  EXPECT_LT(t.seconds, 5.0);
  EXPECT_EQ(t.flops, 10.0);
}

TEST(Profile, ReducesOverRanks) {
  const auto comm = mpi::Comm::world();
  const int r = comm.rank(), n = comm.size();
  bench::Profile p;
  // Rank r spends 1+r seconds on 100*(r+1) items of a 2-FLOP, 16-byte kernel.
  p.add("kernel", 1.0 + r, KernelCost{2.0, 16.0}, 100.0 * (r + 1));
  if (r == n - 1) p.add("only_last_rank", 3.0, KernelCost{}, 0);
  const auto stats = p.reduce(comm);
  ASSERT_EQ(stats.size(), 2u);
  const auto& k = stats[0];
  EXPECT_EQ(k.name, "kernel");
  EXPECT_DOUBLE_EQ(k.time_min, 1.0);
  EXPECT_DOUBLE_EQ(k.time_max, double(n));
  EXPECT_DOUBLE_EQ(k.time_avg, (1.0 + n) / 2.0);
  const double items = 100.0 * n * (n + 1) / 2.0;
  EXPECT_DOUBLE_EQ(k.flops, 2.0 * items);
  EXPECT_DOUBLE_EQ(k.bytes, 16.0 * items);
  // Rates use the slowest rank: the job is not done before it is.
  EXPECT_DOUBLE_EQ(k.gflops_per_s(), 2.0 * items / n * 1e-9);
  EXPECT_DOUBLE_EQ(k.intensity(), 2.0 / 16.0);
  const auto& only = stats[1];
  EXPECT_EQ(only.name, "only_last_rank");
  EXPECT_DOUBLE_EQ(only.time_max, 3.0);
  EXPECT_DOUBLE_EQ(only.time_min, n > 1 ? 0.0 : 3.0);
}
