// Many-to-many tables: sources dealt over the ranks give exactly the table one rank computes
// alone, and each entry is the travel time a serial Dijkstra finds.
#include "apps/routing/distance_table.hpp"
#include "apps/routing/road_network.hpp"
#include "support/dijkstra.hpp"

#include <gtest/gtest.h>

using namespace karst;

TEST(DistanceTable, IdenticalOnAnyNumberOfRanksAndExact) {
  const auto world = mpi::Comm::world();
  const auto net = routing::guizhou_roads_scenario(0.05, 7);
  const auto rev =
      routing::build_csr(net.arcs.num_vertices, net.arcs.dst, net.arcs.src, net.arcs.weight);
  std::vector<std::int64_t> hubs, farms;
  for (const auto& h : net.hubs) hubs.push_back(h.node);
  for (const auto& m : net.markets) hubs.push_back(m.node);
  for (const auto& f : net.farms) farms.push_back(f.node);
  ASSERT_GE(hubs.size(), 4u);
  ASSERT_GT(farms.size(), 20u);
  bench::Profile p;
  routing::TableStats stats;
  const auto table = routing::distance_table(rev, hubs, farms, 0, world, p, stats);
  if (world.rank() == 0) {
    routing::TableStats s2;
    const auto alone = routing::distance_table(rev, hubs, farms, 0, mpi::Comm::self(), p, s2);
    EXPECT_EQ(table.value, alone.value);
    for (size_t h = 0; h < hubs.size(); ++h) {
      // Reversed arcs: the time from each farm to the hub.
      const auto ref = test::dijkstra(net.arcs.num_vertices, net.arcs.dst, net.arcs.src,
                                      net.arcs.weight, hubs[h]);
      for (size_t f = 0; f < farms.size(); ++f) ASSERT_EQ(table.at(h, f), ref[farms[f]]);
    }
  }
  world.barrier();
}
