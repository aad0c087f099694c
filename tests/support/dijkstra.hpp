#pragma once
// A plain serial Dijkstra, the reference every parallel shortest-path result is checked against.
#include "kernels/routing/csr_graph.hpp"

#include <cstdint>
#include <queue>
#include <vector>

namespace karst::test {

//! Distances from `source` over arcs src[e] -> dst[e] of weight w[e].
inline std::vector<routing::Weight> dijkstra(std::int64_t n, const std::vector<std::int64_t>& src,
                                             const std::vector<std::int64_t>& dst,
                                             const std::vector<routing::Weight>& w,
                                             std::int64_t source) {
  std::vector<std::vector<std::pair<std::int64_t, routing::Weight>>> adj(n);
  for (size_t e = 0; e < src.size(); ++e) adj[src[e]].push_back({dst[e], w[e]});
  std::vector<routing::Weight> d(n, routing::kUnreachable);
  using Item = std::pair<routing::Weight, std::int64_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> q;
  q.push({d[source] = 0, source});
  while (!q.empty()) {
    auto [dv, v] = q.top();
    q.pop();
    if (dv > d[v]) continue;
    for (auto [u, wt] : adj[v])
      if (dv + wt < d[u]) q.push({d[u] = dv + wt, u});
  }
  return d;
}

}  // namespace karst::test
