#pragma once
// Checks of a shortest-path parent tree shared by the replicated and the distributed
// delta-stepping tests: Graph500-style soft validation, and the exact tree rule computed serially.
#include "kernels/routing/csr_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace karst::test {

//! The arcs src[e] -> dst[e] of weight w[e] over n vertices, as the tests hold them.
struct ArcView {
  std::int64_t n;
  const std::vector<std::int64_t>& src;
  const std::vector<std::int64_t>& dst;
  const std::vector<routing::Weight>& w;
};

// Graph500-style soft validation: the parent of every reached vertex is joined to it by a tight
// arc, the source is its own parent, unreachable vertices have none, and every chain reaches the
// source (no cycle).
template <class Parent>
void validate_tree(const ArcView& a, std::int64_t source, const std::vector<routing::Weight>& d,
                   const std::vector<Parent>& parent) {
  std::vector<std::vector<std::pair<std::int64_t, routing::Weight>>> in(a.n);
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

// The kernels' tree rule, serially: breadth-first over tight arcs, fewest hops first, then the
// smallest parent id.
template <class Parent>
std::vector<Parent> rule_parents(const ArcView& a, std::int64_t source,
                                 const std::vector<routing::Weight>& d) {
  std::vector<std::vector<std::pair<std::int64_t, routing::Weight>>> out(a.n);
  for (size_t e = 0; e < a.src.size(); ++e) out[a.src[e]].push_back({a.dst[e], a.w[e]});
  std::vector<Parent> parent(a.n, -1);
  std::vector<std::int64_t> hops(a.n, -1), level{source};
  parent[source] = static_cast<Parent>(source);
  hops[source] = 0;
  for (std::int64_t h = 1; !level.empty(); ++h) {
    std::vector<std::int64_t> next;
    for (auto v : level)
      for (auto [u, w] : out[v]) {
        if (d[v] >= routing::kUnreachable || d[v] + w != d[u] || (hops[u] >= 0 && hops[u] < h))
          continue;
        if (hops[u] < 0) next.push_back(u), hops[u] = h, parent[u] = static_cast<Parent>(v);
        parent[u] = std::min<Parent>(parent[u], static_cast<Parent>(v));
      }
    level.swap(next);
  }
  return parent;
}

}  // namespace karst::test
