// OpenStreetMap import, version-1 rules (docs/routing.md): a hand-made fixture
// (data/rules.osm) where every arc and weight is worked out by hand below, and the Helsinki
// extract in ../shared, where the distributed delta-stepping (sssp mode) and the distance tables
// (tables mode) must give exactly what a serial Dijkstra gives over the imported arc list, on
// 1 and 2 ranks.
#include "apps/routing/distance_table.hpp"
#include "apps/routing/distributed_sssp.hpp"
#include "apps/routing/strong_components.hpp"
#include "base/error.hpp"
#include "io/graph/chain_contraction.hpp"
#include "io/graph/osm_roads.hpp"
#include "support/dijkstra.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <tuple>
#include "support/source_dir.hpp"

using namespace karst;
using routing::Weight;

namespace {

const std::string kData = karst::test::source_dir() + "/tests/apps/routing/data/";
const std::string kHelsinki = karst::test::source_dir() + "/../shared/data/roads/helsinki.osm.pbf";

io::OsmOptions options(bool time) {
  return {time, io::osm_default_speeds_kmh()};
}

// The arcs keyed by OSM ids (tail, head) -> weight.
std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> arcs_by_osm_id(
    const io::OsmGraph& g) {
  std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> out;
  for (size_t e = 0; e < g.arcs.src.size(); ++e)
    out[{g.osm_ids[g.arcs.src[e]], g.osm_ids[g.arcs.dst[e]]}] = g.arcs.weight[e];
  return out;
}

}  // namespace

// One degree of the equator (or of a meridian) is R pi / 180 = 6371008.8 * 0.0174532925 =
// 111195.08 m; 0.001 deg is 111.195 m -> 111 m; 0.002 deg 222.39 -> 222 m; the diagonal of a
// 0.001 deg square at the equator sqrt(2) * 111.195 = 157.25 -> 157 m.
TEST(OsmImport, HaversineAndMaxspeed) {
  EXPECT_NEAR(io::haversine_m(0, 0, 1, 0), 111195.08, 0.01);
  EXPECT_NEAR(io::haversine_m(0, 0, 0, 1), 111195.08, 0.01);
  EXPECT_DOUBLE_EQ(io::parse_maxspeed_kmh("50"), 50);
  EXPECT_DOUBLE_EQ(io::parse_maxspeed_kmh("50 km/h"), 50);
  EXPECT_DOUBLE_EQ(io::parse_maxspeed_kmh("30 mph"), 30 * 1.609344);
  for (const char* unusable : {"FI:urban", "none", "walk", "50;30", "", "-5", "signals"})
    EXPECT_EQ(io::parse_maxspeed_kmh(unusable), 0) << unusable;
}

TEST(OsmImport, FixtureLengthsEveryRule) {
  const auto g = io::read_osm_roads(kData + "rules.osm", options(false));
  // Nodes 20-22 are only on the private and area=yes ways, 99 is missing: 10 vertices.
  EXPECT_EQ(g.osm_ids, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_DOUBLE_EQ(g.lonlat[9].first, 0.002);
  EXPECT_DOUBLE_EQ(g.lonlat[9].second, 0.001);
  const std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> expected = {
      {{1, 2}, 111},  {{2, 1}, 111},                 // two parallel ways: one arc each way
      {{2, 3}, 111},                                 // motorway: forward only
      {{3, 4}, 111},  {{4, 3}, 111},                 // motorway with oneway=no
      {{4, 5}, 111},  {{5, 6}, 111}, {{6, 4}, 222},  // roundabout, forward only
      {{6, 7}, 111},                                 // oneway=-1 on the way drawn 7 -> 6
      {{8, 9}, 111},  {{9, 8}, 111},                 // after the self-loop 8 - 8
      {{9, 1}, 157},  {{1, 9}, 157},                 // 1 - 99 dropped: 99 missing
      {{10, 3}, 111},                                // oneway=yes
      {{9, 10}, 111}, {{10, 9}, 111}};
  EXPECT_EQ(arcs_by_osm_id(g), expected);
  const auto& c = g.counts;
  EXPECT_EQ(c.ways_read, 12);  // the footway has no kept class
  EXPECT_EQ(c.ways_kept, 10);
  EXPECT_EQ(c.ways_access, 1);
  EXPECT_EQ(c.ways_area, 1);
  EXPECT_EQ(c.segments, 14);
  EXPECT_EQ(c.missing_node, 1);
  EXPECT_EQ(c.missing_nodes, 1);
  EXPECT_EQ(c.self_loops, 1);
  EXPECT_EQ(c.parallel_arcs, 2);
  EXPECT_EQ(c.one_way_arcs, 6);  // 2->3, 4->5, 5->6, 6->4, 6->7, 10->3
  // {1, 2, 8, 9, 10} is the largest strongly connected component; {3, 4, 5, 6} the next.
  const auto scc = routing::strong_components(g.arcs);
  EXPECT_EQ(scc.largest_size, 5);
  EXPECT_EQ(scc.count, 3);  // and {7}
  // From node 1: 2 111, 3 222 (over the motorway), 4 333, 5 444, 6 555, 7 666, 9 157, 8 268,
  // 10 268; from node 3 the one-way arcs never lead back west.
  const auto d = test::dijkstra(g.arcs.num_vertices, g.arcs.src, g.arcs.dst, g.arcs.weight, 0);
  EXPECT_EQ(d, (std::vector<Weight>{0, 111, 222, 333, 444, 555, 666, 268, 157, 268}));
  const auto from3 = test::dijkstra(g.arcs.num_vertices, g.arcs.src, g.arcs.dst, g.arcs.weight, 2);
  EXPECT_EQ(from3[0], routing::kUnreachable);
  EXPECT_EQ(from3[6], 444);
}

// Times: 111.195 m at 60 km/h (primary) 6.67 s -> 7, the residential twin at 30 km/h 13.34 s
// is the heavier parallel arc; the motorway at 100 km/h 4.00 s -> 4; the oneway=-1 way has
// maxspeed 20 mph = 32.187 km/h: 12.44 s -> 12 (13 at the residential 30 km/h).
TEST(OsmImport, FixtureTimesSpeedsAndMaxspeed) {
  auto g = io::read_osm_roads(kData + "rules.osm", options(true));
  auto arcs = arcs_by_osm_id(g);
  EXPECT_EQ((arcs[{1, 2}]), 7);
  EXPECT_EQ((arcs[{2, 3}]), 4);
  EXPECT_EQ((arcs[{6, 7}]), 12);
  EXPECT_EQ((arcs[{8, 9}]), 13);  // residential, no maxspeed
  EXPECT_EQ((arcs[{1, 9}]), 19);  // 157.25 m at 30 km/h: 18.87 s
  auto slow = options(true);
  slow.speeds_kmh["motorway"] = 50;  // as routing.osm.speed_kmh.motorway: 8.01 s -> 8
  g = io::read_osm_roads(kData + "rules.osm", slow);
  arcs = arcs_by_osm_id(g);
  EXPECT_EQ((arcs[{2, 3}]), 8);
  EXPECT_EQ((arcs[{3, 4}]), 8);
}

TEST(OsmImport, NoRoadsIsAnError) {
  try {
    io::read_osm_roads(kData + "no_roads.osm", options(false));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no roads"), std::string::npos) << e.what();
  }
}

// Every rank imports the file; distributed SSSP (gathered) and the distance table must equal a
// serial Dijkstra over the imported arcs, for both weights.
TEST(OsmImport, HelsinkiMatchesDijkstra) {
  if (!std::filesystem::exists(kHelsinki)) GTEST_SKIP() << "no shared data at " << kHelsinki;
  const auto world = mpi::Comm::world();
  for (bool time : {false, true}) {
    const auto g = io::read_osm_roads(kHelsinki, options(time));
    const auto& a = g.arcs;
    ASSERT_GT(a.num_vertices, 1000);
    const auto dist_graph = routing::distribute_graph(a, world);
    const std::vector<std::int64_t> sources = {0, a.num_vertices / 2, a.num_vertices - 1};
    for (auto s : sources) {
      bench::Profile profile;
      const auto r = routing::distributed_sssp(dist_graph, s, 0, profile);
      auto dist = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
      const auto got =
          world.allgatherv(std::vector<std::int64_t>(dist.data(), dist.data() + dist.extent(0)));
      const auto ref = test::dijkstra(a.num_vertices, a.src, a.dst, a.weight, s);
      ASSERT_EQ(got, ref) << "source " << s << (time ? " (time)" : " (length)");
    }
    // Tables mode: sources dealt over the ranks, every target.
    const auto csr = routing::build_csr(a.num_vertices, a.src, a.dst, a.weight);
    std::vector<std::int64_t> targets(static_cast<size_t>(a.num_vertices));
    for (size_t v = 0; v < targets.size(); ++v) targets[v] = static_cast<std::int64_t>(v);
    bench::Profile profile;
    routing::TableStats stats;
    const auto table = routing::distance_table(csr, sources, targets, 0, world, profile, stats);
    for (size_t k = 0; k < sources.size(); ++k) {
      const auto ref = test::dijkstra(a.num_vertices, a.src, a.dst, a.weight, sources[k]);
      for (size_t t = 0; t < targets.size(); ++t) ASSERT_EQ(table.at(k, t), ref[t]);
    }
  }
}

namespace {

// Distances from `s` on `a` with its chains contracted (s kept): the distributed search on the
// contracted graph, gathered and expanded to every vertex.
std::vector<std::int64_t> contracted_distances(const io::EdgeList& a, std::int64_t s,
                                               const mpi::Comm& comm) {
  std::vector<bool> keep(static_cast<size_t>(a.num_vertices), false);
  keep[static_cast<size_t>(s)] = true;
  const auto c = io::contract_chains(a, keep);
  const auto gc = routing::distribute_graph(c.graph, comm);
  bench::Profile profile;
  const auto r = routing::distributed_distances(gc, s, 0, profile);
  auto dist = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
  const auto all =
      comm.allgatherv(std::vector<std::int64_t>(dist.data(), dist.data() + dist.extent(0)));
  return io::expand_distances(c, all, routing::kUnreachable);
}

}  // namespace

// Chain contraction (routing.osm.contract): distances expanded from the contracted graph equal a
// serial Dijkstra on the whole graph at every vertex, on the fixture from every source and on
// Helsinki (both weights) from a few.
TEST(OsmImport, ContractionKeepsEveryDistance) {
  const auto world = mpi::Comm::world();
  for (bool time : {false, true}) {
    const auto g = io::read_osm_roads(kData + "rules.osm", options(time));
    const auto& a = g.arcs;
    for (std::int64_t s = 0; s < a.num_vertices; ++s)
      ASSERT_EQ(contracted_distances(a, s, world),
                test::dijkstra(a.num_vertices, a.src, a.dst, a.weight, s))
          << "fixture, source " << s;
  }
  if (!std::filesystem::exists(kHelsinki)) GTEST_SKIP() << "no shared data at " << kHelsinki;
  for (bool time : {false, true}) {
    const auto g = io::read_osm_roads(kHelsinki, options(time));
    const auto& a = g.arcs;
    const auto c = io::contract_chains(a, {});
    EXPECT_LT(c.graph.src.size(), a.src.size() / 2);  // Helsinki: 3122 arcs -> 719
    for (std::int64_t s :
         {std::int64_t(0), a.num_vertices / 3, a.num_vertices / 2, a.num_vertices - 1})
      ASSERT_EQ(contracted_distances(a, s, world),
                test::dijkstra(a.num_vertices, a.src, a.dst, a.weight, s))
          << "Helsinki, source " << s << (time ? " (time)" : " (length)");
  }
}
