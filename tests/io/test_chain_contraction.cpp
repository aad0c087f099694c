// Degree-2 chain contraction: a hand-worked graph (arcs and expanded distances by hand), and on
// random road-like graphs distances after contraction and expansion equal a plain Dijkstra on
// the original from every source.
#include "base/error.hpp"
#include "io/graph/chain_contraction.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <queue>
#include <random>
#include <tuple>

using namespace karst;

namespace {

constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max() / 4;

std::vector<std::int64_t> dijkstra(const io::EdgeList& g, std::int64_t s) {
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> adj(g.num_vertices);
  for (size_t a = 0; a < g.src.size(); ++a) adj[g.src[a]].emplace_back(g.dst[a], g.weight[a]);
  std::vector<std::int64_t> d(g.num_vertices, kInf);
  using Item = std::pair<std::int64_t, std::int64_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
  d[s] = 0;
  q.emplace(0, s);
  while (!q.empty()) {
    const auto [du, u] = q.top();
    q.pop();
    if (du > d[u]) continue;
    for (const auto& [v, w] : adj[u])
      if (du + w < d[v]) q.emplace(d[v] = du + w, v);
  }
  return d;
}

void arc(io::EdgeList& g, std::int64_t u, std::int64_t v, std::int64_t w) {
  g.src.push_back(u);
  g.dst.push_back(v);
  g.weight.push_back(w);
}

// 0 = 1 = 2 = 3 two-way (0->1 2, 1->2 3, 2->3 4; back 1->0 5, 2->1 1, 3->2 2), 3 = 4 two-way
// (1 each way), and a one-way loop 3 -> 5 -> 6 -> 7 -> 0 (10, 1, 1, 1).
io::EdgeList hand_graph() {
  io::EdgeList g;
  g.num_vertices = 8;
  for (const auto& [u, v, w] : std::vector<std::tuple<int, int, int>>{{0, 1, 2},
                                                                      {1, 2, 3},
                                                                      {2, 3, 4},
                                                                      {1, 0, 5},
                                                                      {2, 1, 1},
                                                                      {3, 2, 2},
                                                                      {3, 4, 1},
                                                                      {4, 3, 1},
                                                                      {3, 5, 10},
                                                                      {5, 6, 1},
                                                                      {6, 7, 1},
                                                                      {7, 0, 1}})
    arc(g, u, v, w);
  return g;
}

std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> arcs_of(const io::EdgeList& g) {
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> a;
  for (size_t k = 0; k < g.src.size(); ++k) a.emplace_back(g.src[k], g.dst[k], g.weight[k]);
  std::sort(a.begin(), a.end());
  return a;
}

std::vector<std::int64_t> contracted_distances(const io::EdgeList& g, std::int64_t s) {
  std::vector<bool> keep(g.num_vertices, false);
  keep[s] = true;
  const auto c = io::contract_chains(g, keep);
  return io::expand_distances(c, dijkstra(c.graph, s), kInf);
}

}  // namespace

TEST(ChainContraction, HandWorkedGraph) {
  const auto g = hand_graph();
  const auto c = io::contract_chains(g, {});
  // Vertex 0 has three neighbours and 3 four: both stay; 4 is a dead end (one neighbour). Chains:
  // 0 = 1 = 2 = 3 (9 forward, 2 + 1 + 5 = 8 back) and 3 -> 5 -> 6 -> 7 -> 0 (13).
  using A = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  EXPECT_EQ(arcs_of(c.graph),
            (std::vector<A>{{0, 3, 9}, {3, 0, 8}, {3, 0, 13}, {3, 4, 1}, {4, 3, 1}}));
  EXPECT_EQ(c.chains, 2);
  EXPECT_EQ(c.remaining_vertices(), 3);
  // From 0: 3 at 9, 4 at 10; 1 = min(0 + 2, 9 + 3), 2 = min(0 + 5, 9 + 2), 5..7 = 9 + 10, +1, +2.
  auto d = io::expand_distances(c, dijkstra(c.graph, 0), kInf);
  EXPECT_EQ(d, (std::vector<std::int64_t>{0, 2, 5, 9, 10, 19, 20, 21}));
  // From 4: 3 at 1, 0 at 1 + 8; 2 = min(9 + 5, 1 + 2) = 3 and 1 = min(9 + 2, 1 + 3) = 4 from the
  // far end of the chain.
  d = io::expand_distances(c, dijkstra(c.graph, 4), kInf);
  EXPECT_EQ(d, (std::vector<std::int64_t>{9, 4, 3, 1, 0, 11, 12, 13}));
  EXPECT_EQ(d, dijkstra(g, 4));
}

TEST(ChainContraction, KeptVerticesSplitChains) {
  std::vector<bool> keep(8, false);
  keep[2] = keep[6] = true;
  const auto c = io::contract_chains(hand_graph(), keep);
  using A = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  EXPECT_EQ(arcs_of(c.graph), (std::vector<A>{{0, 2, 5},
                                              {2, 0, 6},
                                              {2, 3, 4},
                                              {3, 2, 2},
                                              {3, 4, 1},
                                              {3, 6, 11},
                                              {4, 3, 1},
                                              {6, 0, 2}}));
  EXPECT_EQ(c.interior.size(), 3u);  // 1, 5 and 7
}

TEST(ChainContraction, SourceInsideAChainIsRefused) {
  const auto c = io::contract_chains(hand_graph(), {});
  EXPECT_THROW(io::expand_distances(c, dijkstra(c.graph, 1), kInf), Error);
}

TEST(ChainContraction, IsolatedCycleAndLoopsStay) {
  // A one-way cycle 0 -> 1 -> 2 -> 0 with nothing else: no chain has an end, nothing changes.
  io::EdgeList g;
  g.num_vertices = 3;
  arc(g, 0, 1, 1);
  arc(g, 1, 2, 2);
  arc(g, 2, 0, 3);
  const auto c = io::contract_chains(g, {});
  EXPECT_EQ(arcs_of(c.graph), arcs_of(g));
  EXPECT_TRUE(c.interior.empty());
  EXPECT_THROW(io::contract_chains(g, std::vector<bool>(2, false)), Error);
}

TEST(ChainContraction, RandomRoadGraphsMatchDijkstra) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    // A random graph on 12 junctions whose roads are subdivided into chains of 0 to 4 vertices,
    // two-way, one-way or two-way with different weights each way; some parallel roads.
    io::EdgeList g;
    g.num_vertices = 12;
    std::uniform_int_distribution<int> junction(0, 11), len(0, 4), w(0, 9), kind(0, 2);
    for (int r = 0; r < 20; ++r) {
      const int a = junction(rng), b = junction(rng), k = len(rng), type = kind(rng);
      std::int64_t prev = a;
      for (int i = 0; i <= k; ++i) {
        const std::int64_t next = i == k ? b : g.num_vertices++;
        arc(g, prev, next, w(rng));
        if (type != 1) arc(g, next, prev, type == 0 ? g.weight.back() : w(rng));
        prev = next;
      }
    }
    for (std::int64_t s = 0; s < g.num_vertices; ++s)
      ASSERT_EQ(contracted_distances(g, s), dijkstra(g, s)) << "trial " << trial << " source " << s;
  }
}
