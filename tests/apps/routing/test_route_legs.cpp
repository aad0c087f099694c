// Travel times and plans for the vehicle routes over MPI ranks: the leg matrices and the plans are
// the same on any number of ranks as on one; every leg a good route can use is the exact shortest
// time (a serial Dijkstra), and every leg the bounded searches leave out is one no good route
// needs (longer than going through the hub, or too long for the first farm's limit).
#include "apps/routing/hub_routes.hpp"
#include "support/dijkstra.hpp"

#include <gtest/gtest.h>

using namespace karst;
using routing::kUnreachable;
using routing::Weight;

namespace {

struct Province {
  routing::RoadNetwork net;
  routing::DistanceTable to_hub, to_market;
  std::vector<long> hub_of;  // nearest hub that can be reached
};

Province province() {
  Province p;
  p.net = routing::guizhou_roads_scenario(0.1, 11);
  const auto& a = p.net.arcs;
  const auto rev = routing::build_csr(a.num_vertices, a.dst, a.src, a.weight);
  std::vector<std::int64_t> hubs, farms, markets;
  for (const auto& h : p.net.hubs) hubs.push_back(h.node);
  for (const auto& f : p.net.farms) farms.push_back(f.node);
  for (const auto& m : p.net.markets) markets.push_back(m.node);
  bench::Profile profile;
  routing::TableStats stats;
  const auto self = mpi::Comm::self();
  p.to_hub = routing::distance_table(rev, hubs, farms, 0, self, profile, stats);
  p.to_market = routing::distance_table(rev, markets, hubs, 0, self, profile, stats);
  for (size_t f = 0; f < farms.size(); ++f) {
    long best = -1;
    for (size_t h = 0; h < hubs.size(); ++h)
      if (p.to_hub.at(h, f) < kUnreachable &&
          (best < 0 || p.to_hub.at(h, f) < p.to_hub.at(size_t(best), f)))
        best = long(h);
    p.hub_of.push_back(best);
  }
  return p;
}

}  // namespace

TEST(RouteLegs, ExactWhereUsefulAndIdenticalOnAnyNumberOfRanks) {
  const auto world = mpi::Comm::world();
  const auto p = province();
  const auto& a = p.net.arcs;
  const auto forward = routing::build_csr(a.num_vertices, a.src, a.dst, a.weight);
  const Weight service = 600;
  std::vector<routing::HubFarms> hubs(p.net.hubs.size());
  for (size_t h = 0; h < hubs.size(); ++h) hubs[h].hub_node = p.net.hubs[h].node;
  for (size_t f = 0; f < p.net.farms.size(); ++f) {
    if (p.hub_of[f] < 0) continue;
    auto& hub = hubs[size_t(p.hub_of[f])];
    const Weight back = p.to_hub.at(size_t(p.hub_of[f]), f);
    hub.farm_nodes.push_back(p.net.farms[f].node);
    hub.farm_to_hub_s.push_back(back);
    // Every third farm's limit binds (40 min to spare after loading and the way back); the
    // others have the whole deadline.
    hub.time_limit_s.push_back(f % 3 == 0 ? service + back + 2400
                                          : Weight(p.net.farms[f].deadline_h * 3600));
  }
  ASSERT_GE(hubs.size(), 2u);
  bench::Profile profile;
  routing::LegStats stats;
  const auto legs = routing::route_legs(forward, hubs, service, 0, world, profile, stats);
  if (world.rank() == 0) {
    routing::LegStats alone_stats;
    const auto alone =
        routing::route_legs(forward, hubs, service, 0, mpi::Comm::self(), profile, alone_stats);
    EXPECT_EQ(legs, alone);
    int exact = 0, left_out = 0;
    for (size_t h = 0; h < hubs.size(); ++h) {
      const auto& hub = hubs[h];
      const size_t k = hub.farm_nodes.size(), k1 = k + 1;
      const auto& m = legs[h];
      const auto from_hub = test::dijkstra(a.num_vertices, a.src, a.dst, a.weight, hub.hub_node);
      for (size_t i = 0; i < k; ++i) {
        ASSERT_EQ(m[i + 1], from_hub[hub.farm_nodes[i]]);
        ASSERT_EQ(m[(i + 1) * k1], hub.farm_to_hub_s[i]);
        const auto from_i =
            test::dijkstra(a.num_vertices, a.src, a.dst, a.weight, hub.farm_nodes[i]);
        for (size_t j = 0; j < k; ++j) {
          if (j == i) continue;
          const Weight leg = m[(i + 1) * k1 + j + 1], truth = from_i[hub.farm_nodes[j]];
          if (leg < kUnreachable) {
            ASSERT_EQ(leg, truth) << "hub " << h << " leg " << i << " -> " << j;
            ++exact;
            continue;
          }
          ++left_out;
          const Weight back_i = hub.farm_to_hub_s[i], back_j = hub.farm_to_hub_s[j];
          const bool via_hub_is_no_worse = truth >= back_i + m[j + 1];
          const bool too_late = 2 * service + truth + back_j > hub.time_limit_s[i];
          const bool unservable =
              service + back_i > hub.time_limit_s[i] || service + back_j > hub.time_limit_s[j];
          ASSERT_TRUE(via_hub_is_no_worse || too_late || unservable)
              << "hub " << h << ": useful leg " << i << " -> " << j << " (" << truth
              << " s) was left out";
        }
      }
    }
    // Both kinds occur, so the bound is neither vacuous nor everything.
    EXPECT_GT(exact, 100);
    EXPECT_GT(left_out, 100);
  }
  world.barrier();
}

TEST(HubRoutes, PlansAreTheSameOnAnyNumberOfRanks) {
  const auto world = mpi::Comm::world();
  const auto p = province();
  routing::TruckSettings trucks;
  bench::Profile profile;
  routing::LegStats stats;
  const auto plans = routing::plan_hub_routes(p.net, p.hub_of, p.to_hub, p.to_market, trucks, 0,
                                              world, profile, stats);
  ASSERT_FALSE(plans.empty());
  if (world.rank() == 0) {
    routing::LegStats alone_stats;
    const auto alone = routing::plan_hub_routes(p.net, p.hub_of, p.to_hub, p.to_market, trucks, 0,
                                                mpi::Comm::self(), profile, alone_stats);
    ASSERT_EQ(plans.size(), alone.size());
    for (size_t k = 0; k < plans.size(); ++k) {
      const auto &x = plans[k].plan, &y = alone[k].plan;
      EXPECT_EQ(plans[k].hub, alone[k].hub);
      EXPECT_EQ(plans[k].farms, alone[k].farms);
      ASSERT_EQ(x.routes.size(), y.routes.size());
      for (size_t r = 0; r < x.routes.size(); ++r) {
        EXPECT_EQ(x.routes[r].farms, y.routes[r].farms);
        EXPECT_EQ(x.routes[r].time_s, y.routes[r].time_s);
        EXPECT_EQ(x.routes[r].tonnes, y.routes[r].tonnes);
      }
      ASSERT_EQ(x.unserved.size(), y.unserved.size());
      for (size_t u = 0; u < x.unserved.size(); ++u) {
        EXPECT_EQ(x.unserved[u].farm, y.unserved[u].farm);
        EXPECT_EQ(x.unserved[u].reason, y.unserved[u].reason);
      }
      EXPECT_EQ(x.total_time_s, y.total_time_s);
      EXPECT_LT(x.total_time_s, x.one_truck_per_farm_s);
    }
  }
  world.barrier();
}
