// The sparse-exchange collectives of mpi::Comm: what rank s sends to rank r arrives at r from s,
// in rank order, with counts that differ per pair (zero included), and 64-bit values intact.
#include "base/error.hpp"
#include "base/mpi/comm.hpp"

#include <gtest/gtest.h>

using namespace karst;

TEST(CommExchange, AlltoallvDeliversEachPairsItemsInRankOrder) {
  const auto world = mpi::Comm::world();
  const int n = world.size(), me = world.rank();
  // Rank s sends (s + r) % 3 items to rank r, each encoding (s, r, k) above 2^32.
  std::vector<int> header(2 * n), counts(n);
  std::vector<std::int64_t> send;
  for (int r = 0; r < n; ++r) {
    counts[r] = (me + r) % 3;
    header[2 * r] = counts[r];
    header[2 * r + 1] = me;  // a second int per rank: a flag of the sender
    for (int k = 0; k < counts[r]; ++k) send.push_back((std::int64_t(me) << 40) | (r << 8) | k);
  }
  const auto in = world.alltoall(header);
  ASSERT_EQ(in.size(), header.size());
  std::vector<int> recv_counts(n);
  size_t total = 0;
  for (int s = 0; s < n; ++s) {
    recv_counts[s] = in[2 * s];
    EXPECT_EQ(in[2 * s], (s + me) % 3);
    EXPECT_EQ(in[2 * s + 1], s);
    total += recv_counts[s];
  }
  std::vector<std::int64_t> recv(total, -1);
  world.alltoallv(send.data(), counts, recv.data(), recv_counts);
  size_t at = 0;
  for (int s = 0; s < n; ++s)
    for (int k = 0; k < recv_counts[s]; ++k)
      EXPECT_EQ(recv[at++], (std::int64_t(s) << 40) | (me << 8) | k);
}

TEST(CommExchange, IntegerAllgathervAndReductions) {
  const auto world = mpi::Comm::world();
  const int n = world.size(), me = world.rank();
  const std::vector<std::int64_t> mine(static_cast<size_t>(me), (std::int64_t(1) << 53) + 1);
  const auto all = world.allgatherv(mine);
  EXPECT_EQ(all.size(), static_cast<size_t>(n * (n - 1) / 2));
  for (auto v : all) EXPECT_EQ(v, (std::int64_t(1) << 53) + 1);  // a double would round it
  const std::int64_t big = (std::int64_t(1) << 60) + me;
  EXPECT_EQ(world.allreduce_min_int64(big), std::int64_t(1) << 60);
  EXPECT_EQ(world.allreduce_max_int64(big), (std::int64_t(1) << 60) + n - 1);
}

TEST(CommExchange, MismatchedCountsAreErrors) {
  const auto world = mpi::Comm::world();
  EXPECT_THROW(world.alltoall({}), Error);
  if (world.size() > 1) {
    EXPECT_THROW(world.alltoall(std::vector<int>(world.size() + 1, 0)), Error);
  }
  EXPECT_THROW(world.alltoallv(nullptr, {}, nullptr, {}), Error);
}
