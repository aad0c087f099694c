#include "apps/routing/strong_components.hpp"

#include <algorithm>

namespace karst::routing {

namespace {

struct Csr {
  std::vector<std::int64_t> start, head;
};

Csr out_arcs(const io::EdgeList& a) {
  Csr g;
  g.start.assign(static_cast<size_t>(a.num_vertices) + 1, 0);
  for (auto u : a.src) ++g.start[u + 1];
  for (size_t v = 0; v < static_cast<size_t>(a.num_vertices); ++v) g.start[v + 1] += g.start[v];
  g.head.resize(a.src.size());
  auto next = g.start;
  for (size_t e = 0; e < a.src.size(); ++e) g.head[next[a.src[e]]++] = a.dst[e];
  return g;
}

}  // namespace

Components strong_components(const io::EdgeList& arcs) {
  const auto n = static_cast<size_t>(arcs.num_vertices);
  const auto g = out_arcs(arcs);
  std::vector<std::int64_t> index(n, -1), low(n, 0), edge(n, 0), stack, call;
  std::vector<bool> on_stack(n, false);
  Components c;
  c.of.assign(n, -1);
  std::int64_t counter = 0;
  for (size_t root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    call.push_back(static_cast<std::int64_t>(root));
    while (!call.empty()) {
      const auto v = call.back();
      if (index[v] < 0) {  // first visit
        index[v] = low[v] = counter++;
        edge[v] = g.start[v];
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (edge[v] < g.start[v + 1]) {  // the next arc out of v
        const auto w = g.head[edge[v]++];
        if (index[w] < 0)
          call.push_back(w);
        else if (on_stack[w])
          low[v] = std::min(low[v], index[w]);
        continue;
      }
      call.pop_back();  // v is done: close its component, pass its low link up
      if (low[v] == index[v]) {
        std::int64_t size = 0, w = -1;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          c.of[w] = c.count;
          ++size;
        } while (w != v);
        if (size > c.largest_size) c.largest_size = size, c.largest = c.count;
        ++c.count;
      }
      if (!call.empty()) low[call.back()] = std::min(low[call.back()], low[v]);
    }
  }
  return c;
}

}  // namespace karst::routing
