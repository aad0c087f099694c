// Delta-stepping against a serial Dijkstra (exact, integer weights) on the real Rome road network
// and on synthetic graphs with zero weights, self-loops, parallel arcs and unreachable vertices;
// the parent tree passes Graph500-style validation.
#include "io/graph/dimacs.hpp"
#include "kernels/routing/delta_stepping.hpp"
#include "support/dijkstra.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

using namespace karst;
using routing::VertexId;
using routing::Weight;

namespace {

struct Arcs {
  std::int64_t n = 0;
  std::vector<std::int64_t> src, dst;
  std::vector<Weight> w;
};

// Graph500-style soft validation: the parent of every reached vertex is joined to it by a tight
// arc, the source is its own parent, unreachable vertices have none, and the tree has no cycle.
void validate_tree(const Arcs& a, std::int64_t source, const std::vector<Weight>& d,
                   const std::vector<VertexId>& parent) {
  std::vector<std::vector<std::pair<std::int64_t, Weight>>> in(a.n);
  for (size_t e = 0; e < a.src.size(); ++e) in[a.dst[e]].push_back({a.src[e], a.w[e]});
  ASSERT_EQ(parent[source], source);
  for (std::int64_t v = 0; v < a.n; ++v) {
    if (d[v] >= routing::kUnreachable) {
      ASSERT_EQ(parent[v], -1) << v;
      continue;
    }
    if (v == source) continue;
    const auto p = parent[v];
    ASSERT_GE(p, 0) << v;
    bool tight = false;
    for (auto [u, w] : in[v]) tight |= u == p && d[u] + w == d[v];
    ASSERT_TRUE(tight) << "parent arc " << p << "->" << v << " is not tight";
    std::int64_t x = v, steps = 0;
    while (x != source && steps <= a.n) x = parent[x], ++steps;
    ASSERT_EQ(x, source) << "cycle in the parent tree at " << v;
  }
}

void check(const Arcs& a, std::int64_t source, Weight delta = 0) {
  const auto g = routing::build_csr(a.n, a.src, a.dst, a.w);
  const auto r = routing::delta_stepping(g, static_cast<VertexId>(source),
                                         delta > 0 ? delta : routing::auto_delta(g));
  auto dist = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
  auto par = Kokkos::create_mirror_view_and_copy(HostSpace(), r.parent);
  const auto ref = test::dijkstra(a.n, a.src, a.dst, a.w, source);
  for (std::int64_t v = 0; v < a.n; ++v) ASSERT_EQ(dist(v), ref[v]) << "vertex " << v;
  validate_tree(a, source, ref, std::vector<VertexId>(par.data(), par.data() + a.n));
}

Arcs random_graph(std::int64_t n, int degree, Weight max_w, unsigned seed, double zero_fraction) {
  std::mt19937_64 rng(seed);
  Arcs a;
  a.n = n;
  for (std::int64_t v = 0; v < n; ++v)
    for (int k = 0; k < degree; ++k) {
      a.src.push_back(v);
      a.dst.push_back(static_cast<std::int64_t>(rng() % n));
      const bool zero = std::uniform_real_distribution<>(0, 1)(rng) < zero_fraction;
      a.w.push_back(zero ? 0 : 1 + static_cast<Weight>(rng() % max_w));
    }
  return a;
}

}  // namespace

TEST(DeltaStepping, MatchesDijkstraOnRome99) {
  const std::string path = std::string(KARST_SOURCE_DIR) + "/../shared/data/roads/rome99.gr";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  const auto e = io::read_dimacs_gr(path);
  ASSERT_EQ(e.num_vertices, 3353);
  ASSERT_EQ(e.src.size(), 8870u);
  const Arcs a{e.num_vertices, e.src, e.dst, e.weight};
  for (std::int64_t s : {0, 1, 1000, 2500, 3352}) check(a, s);
  check(a, 42, 1);        // delta = 1: Dijkstra-like buckets
  check(a, 42, 1 << 30);  // one bucket: Bellman-Ford-like
}

TEST(DeltaStepping, MatchesDijkstraOnSyntheticGraphs) {
  for (unsigned seed = 1; seed <= 4; ++seed) check(random_graph(2000, 4, 1000, seed, 0.0), seed);
  // Many zero-weight arcs: ties everywhere, and zero-weight cycles the tree must not follow.
  check(random_graph(1500, 3, 50, 9, 0.4), 0);
}

TEST(DeltaStepping, SelfLoopsParallelArcsAndUnreachableVertices) {
  Arcs a;
  a.n = 7;
  auto arc = [&](std::int64_t u, std::int64_t v, Weight w) {
    a.src.push_back(u);
    a.dst.push_back(v);
    a.w.push_back(w);
  };
  arc(0, 0, 5);  // self-loop
  arc(0, 1, 7);
  arc(0, 1, 3);  // parallel, shorter
  arc(1, 2, 0);
  arc(2, 1, 0);  // zero-weight cycle
  arc(2, 3, 10);
  arc(1, 3, 11);
  arc(5, 6, 1);  // 4, 5 and 6 are unreachable from 0
  check(a, 0);
  const auto g = routing::build_csr(a.n, a.src, a.dst, a.w);
  const auto r = routing::delta_stepping(g, 0, 4);
  auto d = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
  EXPECT_EQ(d(1), 3);
  EXPECT_EQ(d(2), 3);
  EXPECT_EQ(d(3), 13);
  EXPECT_EQ(d(4), routing::kUnreachable);
  EXPECT_GE(r.relaxations, 7);
}

TEST(DeltaStepping, LimitKeepsExactDistancesBelowItAndDropsTheRest) {
  const auto a = random_graph(3000, 4, 1000, 11, 0.1);
  const auto g = routing::build_csr(a.n, a.src, a.dst, a.w);
  const auto ref = test::dijkstra(a.n, a.src, a.dst, a.w, 5);
  std::vector<Weight> sorted(ref.begin(), ref.end());
  std::sort(sorted.begin(), sorted.end());
  const Weight limit = sorted[a.n / 3];  // about a third of the graph lies below it
  for (Weight delta : {Weight(1), routing::auto_delta(g), Weight(1) << 30}) {
    const auto r = routing::delta_stepping(g, 5, delta, limit);
    auto dist = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
    auto par = Kokkos::create_mirror_view_and_copy(HostSpace(), r.parent);
    std::vector<Weight> expected(ref);
    for (auto& d : expected)
      if (d >= limit) d = routing::kUnreachable;
    for (std::int64_t v = 0; v < a.n; ++v) ASSERT_EQ(dist(v), expected[v]) << "vertex " << v;
    validate_tree(a, 5, expected, std::vector<VertexId>(par.data(), par.data() + a.n));
  }
}
