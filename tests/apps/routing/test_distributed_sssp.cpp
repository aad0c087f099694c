// Distributed (1D-partitioned) delta-stepping against a serial Dijkstra, exactly, on the Rome road
// network, on synthetic graphs with zero weights, self-loops and unreachable vertices, and on the
// built-in province; the gathered parent tree passes Graph500-style validation and is the tree of
// the replicated kernel's rule. Every case also runs on each rank alone (MPI_COMM_SELF), so a run
// on 2 or 4 ranks is checked to give exactly what 1 rank gives.
#include "apps/routing/distributed_sssp.hpp"
#include "apps/routing/road_network.hpp"
#include "base/error.hpp"
#include "kernels/routing/delta_stepping.hpp"
#include "support/dijkstra.hpp"
#include "support/parent_tree_checks.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>
#include "support/source_dir.hpp"

using namespace karst;
using routing::Weight;

namespace {

struct Gathered {
  std::vector<Weight> dist;
  std::vector<std::int64_t> parent;
  routing::DistributedSsspStats stats;  // this rank's
  long long messages = 0, tree_messages = 0, remote_relaxations = 0, traversed_arcs = 0;  // all
};

Gathered run(const io::EdgeList& arcs, std::int64_t source, Weight delta, const mpi::Comm& comm) {
  const auto g = routing::distribute_graph(arcs, comm);
  bench::Profile profile;
  const auto r = routing::distributed_sssp(g, source, delta, profile);
  auto dist = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
  auto parent = Kokkos::create_mirror_view_and_copy(HostSpace(), r.parent);
  Gathered out;
  // Block partition: concatenating the slices in rank order gives the global vectors.
  out.dist = comm.allgatherv(std::vector<std::int64_t>(dist.data(), dist.data() + dist.extent(0)));
  out.parent =
      comm.allgatherv(std::vector<std::int64_t>(parent.data(), parent.data() + parent.extent(0)));
  out.stats = r.stats;
  out.messages = comm.allreduce_sum(static_cast<long long>(r.stats.update_messages));
  out.tree_messages = comm.allreduce_sum(static_cast<long long>(r.stats.tree_messages));
  out.remote_relaxations = comm.allreduce_sum(static_cast<long long>(r.stats.remote_relaxations));
  out.traversed_arcs = comm.allreduce_sum(static_cast<long long>(r.stats.traversed_arcs));
  return out;
}

std::vector<std::int64_t> reference_parents(const io::EdgeList& a, std::int64_t source,
                                            const std::vector<Weight>& d) {
  return test::rule_parents<std::int64_t>(test::ArcView{a.num_vertices, a.src, a.dst, a.weight},
                                          source, d);
}

void validate_tree(const io::EdgeList& a, std::int64_t source, const std::vector<Weight>& d,
                   const std::vector<std::int64_t>& parent) {
  test::validate_tree(test::ArcView{a.num_vertices, a.src, a.dst, a.weight}, source, d, parent);
}

// Exact distances, the reference tree, the same answer on one rank, and consistent statistics.
// `result`, if given, receives the distributed run.
void check(const io::EdgeList& a, std::int64_t source, Weight delta = 0,
           Gathered* result = nullptr) {
  const auto world = mpi::Comm::world();
  const auto got = run(a, source, delta, world);
  const auto ref = test::dijkstra(a.num_vertices, a.src, a.dst, a.weight, source);
  ASSERT_EQ(got.dist.size(), static_cast<size_t>(a.num_vertices));
  for (std::int64_t v = 0; v < a.num_vertices; ++v)
    ASSERT_EQ(got.dist[v], ref[v]) << "vertex " << v;
  validate_tree(a, source, ref, got.parent);
  EXPECT_EQ(got.parent, reference_parents(a, source, ref));

  const auto alone = run(a, source, delta, mpi::Comm::self());
  EXPECT_EQ(alone.dist, got.dist);
  EXPECT_EQ(alone.parent, got.parent);
  EXPECT_EQ(alone.messages + alone.tree_messages, 0);
  EXPECT_EQ(alone.traversed_arcs, got.traversed_arcs);

  // The bucket sequence is fixed by the final distances: one per occupied bucket.
  const auto g = routing::distribute_graph(a, mpi::Comm::self());
  const Weight d = delta > 0 ? delta : g.auto_delta;
  std::set<Weight> occupied;
  std::int64_t reached_arcs = 0;
  for (std::int64_t v = 0; v < a.num_vertices; ++v)
    if (ref[v] < routing::kUnreachable) occupied.insert(ref[v] / d);
  for (auto s : a.src) reached_arcs += ref[s] < routing::kUnreachable;
  EXPECT_EQ(got.stats.buckets, static_cast<int>(occupied.size()));
  EXPECT_EQ(got.traversed_arcs, reached_arcs);
  // Aggregation never sends more updates than there were remote relaxations: each pair sent is a
  // ghost that some remote relaxation of that round lowered.
  EXPECT_LE(got.messages, got.remote_relaxations);
  if (world.size() == 1) {
    EXPECT_EQ(got.messages + got.tree_messages, 0);
  }
  if (result) *result = got;
}

io::EdgeList random_graph(std::int64_t n, int degree, Weight max_w, unsigned seed,
                          double zero_fraction) {
  std::mt19937_64 rng(seed);
  io::EdgeList a;
  a.num_vertices = n;
  for (std::int64_t v = 0; v < n; ++v)
    for (int k = 0; k < degree; ++k) {
      a.src.push_back(v);
      a.dst.push_back(static_cast<std::int64_t>(rng() % n));
      const bool zero = std::uniform_real_distribution<>(0, 1)(rng) < zero_fraction;
      a.weight.push_back(zero ? 0 : 1 + static_cast<Weight>(rng() % max_w));
    }
  return a;
}

void add_arc(io::EdgeList& a, std::int64_t u, std::int64_t v, Weight w) {
  a.src.push_back(u);
  a.dst.push_back(v);
  a.weight.push_back(w);
}

}  // namespace

TEST(VertexPartition, BlocksCoverEveryVertexOnceAndOwnerAgrees) {
  for (std::int64_t n : {0, 1, 3, 10, 101, 3353})
    for (int parts : {1, 2, 3, 4, 7}) {
      const routing::VertexPartition p{n, parts};
      EXPECT_EQ(p.begin(0), 0);
      EXPECT_EQ(p.end(parts - 1), n);
      for (int r = 0; r < parts; ++r) {
        EXPECT_GE(p.count(r), n / parts);
        EXPECT_LE(p.count(r), n / parts + 1);
        for (auto v = p.begin(r); v < p.end(r); ++v) ASSERT_EQ(p.owner(v), r) << n << " " << v;
      }
    }
}

TEST(DistributedSssp, MatchesDijkstraOnRome99) {
  const std::string path = karst::test::source_dir() + "/../shared/data/roads/rome99.gr";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  const auto a = io::read_dimacs_gr(path);
  ASSERT_EQ(a.num_vertices, 3353);
  for (std::int64_t source : {0, 1706, 3352}) {
    Gathered got;
    check(a, source, 0, &got);
    // A block partition cuts some roads, so ranks must talk.
    if (mpi::Comm::world().size() > 1) {
      EXPECT_GT(got.messages, 0);
      EXPECT_GT(got.tree_messages, 0);
    }
  }
  check(a, 0, 1);          // one bucket per distance: many rounds, little in each
  check(a, 0, 1LL << 40);  // one bucket: Bellman-Ford-like rounds
}

TEST(DistributedSssp, ZeroWeightsSelfLoopsParallelArcsAndUnreachableVertices) {
  io::EdgeList a;
  a.num_vertices = 9;
  add_arc(a, 0, 0, 5);  // self-loop
  add_arc(a, 0, 1, 7);
  add_arc(a, 0, 1, 3);  // parallel, shorter
  add_arc(a, 1, 2, 0);
  add_arc(a, 2, 1, 0);  // zero-weight cycle
  add_arc(a, 2, 3, 10);
  add_arc(a, 1, 3, 11);
  add_arc(a, 3, 8, 0);  // across the whole id range: remote on any number of ranks > 1
  add_arc(a, 8, 7, 2);
  add_arc(a, 5, 6, 1);  // 4, 5 and 6 are unreachable from 0
  for (Weight delta : {Weight(0), Weight(1), Weight(4), Weight(1) << 30}) check(a, 0, delta);
  check(a, 5);
  check(a, 4);  // an isolated source: only itself
}

TEST(DistributedSssp, RandomGraphsWithZeroWeightsAndDeltas) {
  const auto a = random_graph(2000, 4, 1000, 7, 0.2);
  for (Weight delta : {Weight(0), Weight(1), Weight(50), Weight(1) << 30}) check(a, 3, delta);
  auto sparse = random_graph(1500, 1, 100, 9, 0.3);  // many unreachable vertices
  check(sparse, 0);
  check(random_graph(600, 3, 5, 4, 0.0), 599);  // few distinct weights: many ties in the tree
}

TEST(DistributedSssp, MoreRanksThanVertices) {
  io::EdgeList a;
  a.num_vertices = 3;
  add_arc(a, 0, 2, 4);
  add_arc(a, 2, 1, 1);
  add_arc(a, 0, 1, 6);
  check(a, 0);
  check(a, 2);
}

TEST(DistributedSssp, GuizhouRoadsScenario) {
  const auto net = routing::guizhou_roads_scenario(0.05, 7);
  ASSERT_GT(net.arcs.num_vertices, 4000);
  check(net.arcs, net.markets.at(0).node);
  check(net.arcs, net.arcs.num_vertices / 2);
}

TEST(DistributedSssp, AutomaticDeltaIsTheReplicatedKernelsOnAnyNumberOfRanks) {
  const auto a = random_graph(1000, 3, 700, 2, 0.1);
  const auto g = routing::distribute_graph(a, mpi::Comm::world());
  const auto csr = routing::build_csr(a.num_vertices, a.src, a.dst, a.weight);
  EXPECT_EQ(g.auto_delta, routing::auto_delta(csr));
  EXPECT_EQ(g.num_arcs, static_cast<std::int64_t>(a.src.size()));
}

TEST(DistributedSssp, BadSourceAndForeignArcsAreErrors) {
  const auto world = mpi::Comm::world();
  const auto a = random_graph(50, 2, 10, 1, 0.0);
  const auto g = routing::distribute_graph(a, world);
  bench::Profile profile;
  EXPECT_THROW(routing::distributed_sssp(g, 50, 0, profile), Error);
  EXPECT_THROW(routing::distributed_sssp(g, -1, 0, profile), Error);
  // Every rank claims an arc of a vertex it does not own (rank 0 passes an out-of-range head).
  const routing::VertexPartition p{50, world.size()};
  const std::int64_t foreign = world.size() == 1 ? 0 : p.begin((world.rank() + 1) % world.size());
  const std::int64_t head = world.size() == 1 ? 50 : 0;
  EXPECT_THROW(routing::distribute_own_arcs(50, {foreign}, {head}, {1}, world), Error);
}
