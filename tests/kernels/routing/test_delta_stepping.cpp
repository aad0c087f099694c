// Delta-stepping against a serial Dijkstra (exact, integer weights) on the real Rome road network
// and on synthetic graphs with zero weights, self-loops, parallel arcs and unreachable vertices;
// the parent tree passes Graph500-style validation and is exactly the tree of the rule (fewest
// hops, then smallest parent), both from the packed path keys and from the plain-distance fallback,
// whether one thread searches alone or all share the search; many-source tables equal Dijkstra's.
#include "io/graph/dimacs.hpp"
#include "kernels/routing/delta_stepping.hpp"
#include "kernels/routing/many_source_search.hpp"
#include "support/dijkstra.hpp"
#include "support/parent_tree_checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include "support/source_dir.hpp"

using namespace karst;
using routing::SearchThreads;
using routing::VertexId;
using routing::Weight;

// Every way to run one search: one thread alone, all threads in one parallel region (host) and all
// threads with one launch per bucket (what GPUs run).
constexpr SearchThreads kEveryWay[] = {SearchThreads::one, SearchThreads::all,
                                       SearchThreads::launches};

const char* way_name(SearchThreads threads) {
  switch (threads) {
    case SearchThreads::one:
      return "one thread";
    case SearchThreads::all:
      return "all threads";
    case SearchThreads::launches:
      return "launches";
    default:
      return "automatic";
  }
}

namespace {

struct Arcs {
  std::int64_t n = 0;
  std::vector<std::int64_t> src, dst;
  std::vector<Weight> w;
};

void validate_tree(const Arcs& a, std::int64_t source, const std::vector<Weight>& d,
                   const std::vector<VertexId>& parent) {
  test::validate_tree(test::ArcView{a.n, a.src, a.dst, a.w}, source, d, parent);
}

std::vector<VertexId> rule_parents(const Arcs& a, std::int64_t source,
                                   const std::vector<Weight>& d) {
  return test::rule_parents<VertexId>(test::ArcView{a.n, a.src, a.dst, a.w}, source, d);
}

struct Run {
  std::vector<Weight> dist;
  std::vector<VertexId> parent;
};

Run to_host(const routing::SsspResult& r) {
  auto d = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
  auto p = Kokkos::create_mirror_view_and_copy(HostSpace(), r.parent);
  return {{d.data(), d.data() + d.extent(0)}, {p.data(), p.data() + p.extent(0)}};
}

// The search on plain distances with the level-by-level tree, which the kernel otherwise takes only
// when path keys run out of bits.
Run plain_search(const routing::CsrGraph& g, VertexId source, Weight delta,
                 Weight limit = routing::kUnreachable) {
  bool overflowed = true;
  const auto r =
      routing::detail::delta_stepping_with(g, routing::detail::SplitArcs{g.col, g.weight}, source,
                                           delta, limit, routing::detail::KeyLayout{}, overflowed);
  EXPECT_FALSE(overflowed);
  return to_host(r);
}

void check(const Arcs& a, std::int64_t source, Weight delta = 0) {
  const auto g = routing::build_csr(a.n, a.src, a.dst, a.w);
  if (delta <= 0) delta = routing::auto_delta(g);
  const auto ref = test::dijkstra(a.n, a.src, a.dst, a.w, source);
  const auto rule = rule_parents(a, source, ref);
  for (const auto threads : kEveryWay) {
    SCOPED_TRACE(way_name(threads));
    const auto got = to_host(routing::delta_stepping(g, static_cast<VertexId>(source), delta,
                                                     routing::kUnreachable, threads));
    for (std::int64_t v = 0; v < a.n; ++v) ASSERT_EQ(got.dist[v], ref[v]) << "vertex " << v;
    validate_tree(a, source, ref, got.parent);
    ASSERT_EQ(got.parent, rule);
  }
  const auto plain = plain_search(g, static_cast<VertexId>(source), delta);
  ASSERT_EQ(plain.dist, ref);
  ASSERT_EQ(plain.parent, rule);
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
  const std::string path = karst::test::source_dir() + "/../shared/data/roads/rome99.gr";
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

// All threads in one region, repeated: buckets of thousands of vertices (published in chunks to
// both threads, longer than bucket fusion takes alone) and of a few, ties from zero weights. A
// race would show as a run that differs from Dijkstra or from the tree rule.
TEST(DeltaStepping, SharedSearchIsExactWhateverTheSchedule) {
  const auto a = random_graph(20000, 4, 1000, 31, 0.2);
  const auto g = routing::build_csr(a.n, a.src, a.dst, a.w);
  const auto ref = test::dijkstra(a.n, a.src, a.dst, a.w, 17);
  const auto rule = rule_parents(a, 17, ref);
  bool republished = false;  // a bucket's list outgrew bucket fusion and took another round
  for (const Weight delta : {Weight(8), Weight(300), Weight(1) << 20})
    for (int repeat = 0; repeat < 4; ++repeat) {
      SCOPED_TRACE("delta " + std::to_string(delta) + ", repeat " + std::to_string(repeat));
      const auto r =
          routing::delta_stepping(g, 17, delta, routing::kUnreachable, SearchThreads::all);
      const auto got = to_host(r);
      ASSERT_EQ(got.dist, ref);
      ASSERT_EQ(got.parent, rule);
      EXPECT_GE(r.phases, r.buckets);
      republished = republished || r.phases > r.buckets;
    }
  if (routing::detail::kHostMemory && routing::detail::SharedSearch::threads() > 1) {
    EXPECT_TRUE(republished);
  }
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
  std::vector<Weight> expected(ref);
  for (auto& d : expected)
    if (d >= limit) d = routing::kUnreachable;
  const auto rule = rule_parents(a, 5, expected);
  for (Weight delta : {Weight(1), Weight(3), routing::auto_delta(g), Weight(1) << 30})
    for (const auto threads : kEveryWay) {
      SCOPED_TRACE("delta " + std::to_string(delta) + ", " + way_name(threads));
      const auto got = to_host(routing::delta_stepping(g, 5, delta, limit, threads));
      for (std::int64_t v = 0; v < a.n; ++v) ASSERT_EQ(got.dist[v], expected[v]) << "vertex " << v;
      validate_tree(a, 5, expected, got.parent);
      ASSERT_EQ(got.parent, rule);
      const auto plain = plain_search(g, 5, delta, limit);
      ASSERT_EQ(plain.dist, got.dist);
      ASSERT_EQ(plain.parent, got.parent);
    }
}

TEST(DeltaStepping, PathKeysThatRunOutOfBitsFallBackToPlainDistances) {
  auto path = [](std::int64_t n, Weight w) {
    Arcs a;
    a.n = n;
    for (std::int64_t v = 0; v + 1 < n; ++v) {
      for (auto [s, t] : {std::pair{v, v + 1}, std::pair{v + 1, v}}) {
        a.src.push_back(s);
        a.dst.push_back(t);
        a.w.push_back(w);
      }
    }
    return a;
  };
  auto overflows = [](const Arcs& a, Weight delta) {
    const auto g = routing::build_csr(a.n, a.src, a.dst, a.w);
    bool overflowed = false;
    const auto layout = routing::detail::key_layout(g, delta);
    EXPECT_FALSE(layout.plain());
    // Weights of 2^52 are not packed: the search reads col and weight.
    routing::detail::delta_stepping_with(g, routing::detail::SplitArcs{g.col, g.weight}, 0, delta,
                                         routing::kUnreachable, layout, overflowed);
    // One thread alone notices it too.
    routing::detail::SerialSearch alone(g.num_vertices, g.max_weight, delta);
    routing::detail::SearchCounts counts;
    std::vector<Weight> key(static_cast<size_t>(a.n));
    EXPECT_EQ(alone.run(g, routing::detail::SplitArcs{g.col, g.weight}, 0, routing::kUnreachable,
                        layout, key.data(), counts),
              !overflowed);
    // And all threads in one region.
    routing::detail::SharedSearch shared(g.max_weight, delta,
                                         routing::detail::SharedSearch::threads());
    int rounds = 0;
    EXPECT_EQ(shared.run(g, routing::detail::SplitArcs{g.col, g.weight}, 0, routing::kUnreachable,
                         layout, key.data(), counts, rounds),
              !overflowed);
    return overflowed;
  };
  // 3000 hops on a path of 3000 vertices, where keys hold 2^8 hops (4 x sqrt(n)).
  const auto long_path = path(3000, 7);
  EXPECT_TRUE(overflows(long_path, 20));
  check(long_path, 0, 20);
  check(long_path, 1500, 1 << 20);
  // Distances beyond the key's distance bits (2^53 with 8 vertices): 3 arcs of 2^52.
  const auto heavy = path(8, Weight(1) << 52);
  EXPECT_TRUE(overflows(heavy, Weight(1) << 52));
  check(heavy, 0, Weight(1) << 52);
  // Weights too heavy for keys from the start: plain at once.
  const auto heavier = path(8, Weight(1) << 56);
  EXPECT_TRUE(routing::detail::key_layout(
                  routing::build_csr(heavier.n, heavier.src, heavier.dst, heavier.w), 1)
                  .plain());
  check(heavier, 3, 1);
}

// A table's rows are Dijkstra's, whether its searches run one per thread (keys), fall back to a
// parallel search (keys out of bits), or never fit one thread (a ring of too many buckets).
TEST(ManySourceDistances, RowsEqualDijkstraWhoeverSearches) {
  auto table_check = [](const Arcs& a, Weight delta, int expect_alone) {
    const auto g = routing::build_csr(a.n, a.src, a.dst, a.w);
    std::vector<std::int64_t> sources, targets;
    for (std::int64_t s = 0; s < a.n; s += a.n / 7 + 1) sources.push_back(s);
    for (std::int64_t t = 1; t < a.n; t += a.n / 50 + 1) targets.push_back(t);
    const auto got = routing::many_source_distances(g, sources, targets, delta);
    EXPECT_EQ(got.searches_one_per_thread, expect_alone);
    std::int64_t relaxations = 0;
    for (size_t s = 0; s < sources.size(); ++s) {
      const auto ref = test::dijkstra(a.n, a.src, a.dst, a.w, sources[s]);
      for (size_t k = 0; k < targets.size(); ++k)
        ASSERT_EQ(got.dist[s * targets.size() + k], ref[size_t(targets[k])])
            << "source " << sources[s] << " target " << targets[k];
      relaxations += routing::delta_stepping(g, VertexId(sources[s]), delta).relaxations;
    }
    EXPECT_GE(got.relaxations, relaxations / 2);
    EXPECT_GT(got.reached_arcs, 0);
    // Rows of their own, with limits: about 40 % of each source's graph lies below its limit,
    // which is the distance of one target (that target must come back unreachable).
    std::vector<std::vector<Weight>> rows(sources.size(), std::vector<Weight>(targets.size(), -7));
    std::vector<routing::RowRequest> requests;
    std::vector<std::vector<Weight>> expected;
    for (size_t s = 0; s < sources.size(); ++s) {
      auto ref = test::dijkstra(a.n, a.src, a.dst, a.w, sources[s]);
      std::vector<Weight> sorted(ref.begin(), ref.end());
      std::nth_element(sorted.begin(), sorted.begin() + a.n * 2 / 5, sorted.end());
      const Weight middle = sorted[size_t(a.n * 2 / 5)];
      Weight limit = 0;  // the target nearest the middle sets it
      for (const auto t : targets) {
        const Weight d = ref[size_t(t)];
        if (d > 0 && d < routing::kUnreachable && std::abs(d - middle) < std::abs(limit - middle))
          limit = d;
      }
      ASSERT_GT(limit, 0);
      requests.push_back(
          {VertexId(sources[s]), limit, targets.data(), targets.size(), rows[s].data()});
      expected.emplace_back();
      for (const auto t : targets)
        expected.back().push_back(ref[size_t(t)] >= limit ? routing::kUnreachable : ref[size_t(t)]);
    }
    const auto limited = routing::search_rows(g, requests, delta);
    EXPECT_EQ(limited.searches_one_per_thread, expect_alone);
    for (size_t s = 0; s < sources.size(); ++s) ASSERT_EQ(rows[s], expected[s]) << "source " << s;
  };
  const auto a = random_graph(3000, 4, 1000, 21, 0.2);
  const int sources = 7;
  table_check(a, 300, routing::detail::kHostMemory ? sources : 0);
  // Weights up to 2^40 with delta 1: a ring of 2^40 buckets, so parallel searches instead.
  Arcs heavy = random_graph(500, 3, 1000, 22, 0.0);
  for (auto& w : heavy.w) w <<= 30;
  table_check(heavy, 1, 0);
  // A path longer than its keys' hop bits: every search overflows and reruns in parallel.
  Arcs line;
  line.n = 3000;
  for (std::int64_t v = 0; v + 1 < line.n; ++v) {
    line.src.insert(line.src.end(), {v, v + 1});
    line.dst.insert(line.dst.end(), {v + 1, v});
    line.w.insert(line.w.end(), {7, 7});
  }
  table_check(line, 20, 0);
}

TEST(DeltaStepping, GraphsBeyondTheIdWidthAreRefusedWithTheBuildOption) {
  if (sizeof(VertexId) == 8) GTEST_SKIP() << "built with 64-bit vertex ids";
  // Refused before anything is allocated.
  try {
    routing::build_csr(std::int64_t(1) << 31, {}, {}, {});
    FAIL() << "2^31 vertices accepted with 32-bit ids";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("-DKARST_ROUTING_64BIT_IDS=ON"), std::string::npos)
        << e.what();
  }
}
