// The built-in county: roads that make sense on the land (only bridges cross the river), a graph in
// which every place reaches a market in dry weather, hamlets that depend on the valley road, the
// same roads at every grid resolution, and a county file that reads back exactly.
#include "apps/geography/guizhou_karst.hpp"
#include "apps/stormday/county.hpp"
#include "apps/stormday/county_file.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <queue>

using namespace karst;
using stormday::County;
namespace terrain = geography;

namespace {

// Nodes reachable from any market over segments for which `open(k)` holds.
template <class Open>
std::vector<bool> reachable_from_markets(const County& c, Open open) {
  std::vector<std::vector<int>> adj(c.nodes.size());
  for (size_t k = 0; k < c.segments.size(); ++k)
    if (open(k)) {
      adj[c.segments[k].from].push_back(c.segments[k].to);
      adj[c.segments[k].to].push_back(c.segments[k].from);
    }
  std::vector<bool> seen(c.nodes.size(), false);
  std::queue<int> q;
  for (const auto& m : c.markets) seen[m.node] = true, q.push(m.node);
  while (!q.empty()) {
    const int u = q.front();
    q.pop();
    for (int v : adj[u])
      if (!seen[v]) seen[v] = true, q.push(v);
  }
  return seen;
}

double side_of_river(const stormday::RoadNode& p) {
  return p.y - terrain::river_y(p.x);
}

}  // namespace

TEST(County, GridFollowsSizeAndRoadsDoNot) {
  const County coarse = stormday::guizhou_county(0.125, 7), fine = stormday::guizhou_county(1, 7);
  EXPECT_EQ(coarse.grid.nx, 128);
  EXPECT_EQ(fine.grid.ny, 1024);
  EXPECT_DOUBLE_EQ(coarse.grid.dx, 80.0);
  EXPECT_DOUBLE_EQ(fine.grid.y0, terrain::kSide);
  ASSERT_EQ(coarse.nodes.size(), fine.nodes.size());
  ASSERT_EQ(coarse.segments.size(), fine.segments.size());
  for (size_t k = 0; k < coarse.segments.size(); ++k)
    EXPECT_EQ(coarse.segments[k].travel_s, fine.segments[k].travel_s);
  EXPECT_GE(coarse.farms.size(), 10u);
  EXPECT_GE(coarse.villages.size(), 20u);
  EXPECT_EQ(coarse.markets.size(), 4u);
}

TEST(County, OnlyBridgesCrossTheRiver) {
  const County c = stormday::guizhou_county(0.25, 7);
  int bridges = 0;
  for (const auto& s : c.segments) {
    const auto &a = c.nodes[s.from], &b = c.nodes[s.to];
    if (s.kind == "bridge") {
      ++bridges;
      EXPECT_LT(side_of_river(a) * side_of_river(b), 0) << "a bridge must cross";
      continue;
    }
    // Every point of the straight segment keeps clear of the channel (25 m from its centre line).
    for (int q = 0; q <= 64; ++q) {
      const double f = q / 64.0, x = a.x + f * (b.x - a.x), y = a.y + f * (b.y - a.y);
      EXPECT_GT(std::fabs(y - terrain::river_y(x)), 25.0) << s.kind << " road in the river";
      EXPECT_GT((y - terrain::river_y(x)) * side_of_river(a), 0) << s.kind << " road crosses";
    }
  }
  EXPECT_EQ(bridges, 3);
}

TEST(County, EveryPlaceReachesAMarketInDryWeather) {
  const County c = stormday::guizhou_county(0.25, 7);
  const auto seen = reachable_from_markets(c, [](size_t) { return true; });
  for (size_t v = 0; v < c.nodes.size(); ++v) EXPECT_TRUE(seen[v]) << "node " << v;
}

TEST(County, HamletsDependOnTheValleyRoad) {
  // Without the valley roads, town streets and bridges, every hamlet at a spur's end is cut off,
  // and every hill village still reaches a market over the hill roads.
  const County c = stormday::guizhou_county(0.25, 7);
  const auto seen = reachable_from_markets(c, [&](size_t k) {
    const auto& kind = c.segments[k].kind;
    return kind == "hill" || kind == "switchback" || kind == "spur";
  });
  int hamlets = 0;
  for (const auto& v : c.villages) {
    bool spur_end = false;
    for (const auto& s : c.segments)
      if (s.kind == "spur" && s.to == v.node) spur_end = true;
    if (!spur_end) continue;
    ++hamlets;
    EXPECT_FALSE(seen[v.node]) << v.name;
  }
  EXPECT_GE(hamlets, 8);
  for (const auto& m : c.markets)
    if (m.name != "town-market") EXPECT_TRUE(seen[m.node]) << m.name;
}

TEST(County, MarketsOutsideTownStandAboveTheRiver) {
  const County c = stormday::guizhou_county(0.25, 7);
  for (const auto& m : c.markets) {
    const auto& p = c.nodes[m.node];
    const double above =
        terrain::elevation(p.x, p.y) - terrain::elevation(p.x, terrain::river_y(p.x));
    if (m.name == "town-market")
      EXPECT_LT(above, 20.0) << "the town market is on the floodplain";
    else
      EXPECT_GT(above, 20.0) << m.name;
  }
}

TEST(County, FileRoundTripIsExact) {
  test::TempDir dir("county", mpi::Comm::self());
  const County c = stormday::guizhou_county(0.125, 11);
  stormday::write_county(c, dir / "county.h5");
  const County r = stormday::read_county(dir / "county.h5");
  EXPECT_EQ(r.grid.nx, c.grid.nx);
  EXPECT_EQ(r.grid.dx, c.grid.dx);
  ASSERT_EQ(r.nodes.size(), c.nodes.size());
  for (size_t k = 0; k < c.nodes.size(); ++k) {
    EXPECT_EQ(r.nodes[k].x, c.nodes[k].x);
    EXPECT_EQ(r.nodes[k].y, c.nodes[k].y);
  }
  ASSERT_EQ(r.segments.size(), c.segments.size());
  for (size_t k = 0; k < c.segments.size(); ++k) {
    EXPECT_EQ(r.segments[k].from, c.segments[k].from);
    EXPECT_EQ(r.segments[k].kind, c.segments[k].kind);
    EXPECT_EQ(r.segments[k].travel_s, c.segments[k].travel_s);
    EXPECT_EQ(r.segments[k].length_m, c.segments[k].length_m);
  }
  ASSERT_EQ(r.farms.size(), c.farms.size());
  EXPECT_EQ(r.farms.back().deadline_h, c.farms.back().deadline_h);
  EXPECT_EQ(r.villages.back().name, c.villages.back().name);
  EXPECT_EQ(r.markets.front().node, c.markets.front().node);
}

TEST(County, BadCountyIsRefusedNamingWhat) {
  test::TempDir dir("county-bad", mpi::Comm::self());
  County c = stormday::guizhou_county(0.125, 11);
  c.segments[5].to = 100000;
  stormday::write_county(c, dir / "bad.h5");
  const auto msg = test::error_of([&] { stormday::read_county(dir / "bad.h5"); });
  EXPECT_NE(msg.find("bad.h5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("segment 5"), std::string::npos) << msg;
  c = stormday::guizhou_county(0.125, 11);
  c.nodes[3].x = -10;
  EXPECT_NE(test::error_of([&] { stormday::validate(c); }).find("node 3"), std::string::npos);
  EXPECT_NE(test::error_of([&] { stormday::guizhou_county(0, 1); }).find("stormday.size"),
            std::string::npos);
}
