#include "io/graph/chain_contraction.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace karst::io {

namespace {

constexpr const char* kWhere = "io::contract_chains";

// Arc indices grouped by one end (a counting sort): out-arcs by tail, in-arcs by head.
struct ArcsBy {
  std::vector<std::int64_t> first, arc;

  ArcsBy(std::int64_t n, const std::vector<std::int64_t>& end) : first(n + 1, 0), arc(end.size()) {
    for (const auto v : end) ++first[v + 1];
    for (std::int64_t v = 0; v < n; ++v) first[v + 1] += first[v];
    auto next = first;
    for (size_t a = 0; a < end.size(); ++a) arc[next[end[a]]++] = static_cast<std::int64_t>(a);
  }
  std::int64_t size(std::int64_t v) const { return first[v + 1] - first[v]; }
  std::int64_t operator()(std::int64_t v, std::int64_t k) const { return arc[first[v] + k]; }
};

enum class Kind : char { stays, one_way, two_way };

struct Graph {
  const EdgeList& g;
  ArcsBy out, in;
  std::vector<Kind> kind;
  std::vector<char> interior;  // contracted already

  // The weight of the arc u -> v (the caller knows there is exactly one).
  std::int64_t weight(std::int64_t u, std::int64_t v) const {
    for (std::int64_t k = 0; k < out.size(u); ++k)
      if (g.dst[out(u, k)] == v) return g.weight[out(u, k)];
    throw Error(kWhere, fmt::format("no arc {} -> {} in a two-way chain", u + 1, v + 1));
  }
};

Kind kind_of(const Graph& x, std::int64_t v) {
  const auto& g = x.g;
  if (x.out.size(v) == 1 && x.in.size(v) == 1) {
    const auto u = g.src[x.in(v, 0)], w = g.dst[x.out(v, 0)];
    return (u != w && u != v && w != v) ? Kind::one_way : Kind::stays;
  }
  if (x.out.size(v) != 2 || x.in.size(v) != 2) return Kind::stays;
  const auto a = g.src[x.in(v, 0)], b = g.src[x.in(v, 1)];
  const auto c = g.dst[x.out(v, 0)], d = g.dst[x.out(v, 1)];
  const bool same = (a == c && b == d) || (a == d && b == c);
  return (same && a != b && a != v && b != v) ? Kind::two_way : Kind::stays;
}

void add_arc(EdgeList& e, std::int64_t u, std::int64_t v, std::int64_t w) {
  e.src.push_back(u);
  e.dst.push_back(v);
  e.weight.push_back(w);
}

// A chain from s whose first interior vertex is x: records its interior vertices and adds the
// chain's arc(s), s -> t and, for a two-way chain, t -> s.
void walk_chain(Graph& x, std::int64_t s, std::int64_t first, ChainContraction& c) {
  const bool two_way = x.kind[first] == Kind::two_way;
  std::vector<std::int64_t> path{s}, fwd{0}, back;  // fwd: prefix sums from s; back: step weights
  for (std::int64_t prev = s, cur = first; true;) {
    fwd.push_back(fwd.back() + x.weight(prev, cur));
    if (two_way) back.push_back(x.weight(cur, prev));
    path.push_back(cur);
    if (x.kind[cur] == Kind::stays) break;
    x.interior[cur] = 1;
    std::int64_t next = x.g.dst[x.out(cur, 0)];
    if (next == prev && two_way) next = x.g.dst[x.out(cur, 1)];
    prev = cur, cur = next;
  }
  const auto k = static_cast<std::int64_t>(path.size()) - 1, t = path[k];
  std::int64_t from_t = 0;  // t back to path[i], summed from the end
  std::vector<std::int64_t> from_end(path.size(), -1);
  if (two_way)
    for (std::int64_t i = k - 1; i >= 0; --i) from_end[i] = from_t += back[i];
  for (std::int64_t i = 1; i < k; ++i) {
    c.interior.push_back(path[i]);
    c.start.push_back(s);
    c.end.push_back(t);
    c.from_start.push_back(fwd[i]);
    c.from_end.push_back(from_end[i]);
  }
  ++c.chains;
  if (s == t) return;  // a loop back to its start shortens no path
  add_arc(c.graph, s, t, fwd[k]);
  if (two_way) add_arc(c.graph, t, s, from_end[0]);
}

}  // namespace

std::int64_t ChainContraction::remaining_vertices() const {
  return graph.num_vertices - static_cast<std::int64_t>(interior.size());
}

ChainContraction contract_chains(const EdgeList& g, const std::vector<bool>& keep) {
  const auto n = g.num_vertices;
  if (!keep.empty() && static_cast<std::int64_t>(keep.size()) != n)
    throw Error(kWhere, fmt::format("{} vertices to keep given for a graph of {}", keep.size(), n));
  Graph x{g, ArcsBy(n, g.src), ArcsBy(n, g.dst), std::vector<Kind>(n), std::vector<char>(n, 0)};
  for (std::int64_t v = 0; v < n; ++v)
    x.kind[v] = (!keep.empty() && keep[v]) ? Kind::stays : kind_of(x, v);
  ChainContraction c;
  c.graph.num_vertices = n;
  c.graph.source = g.source;
  for (std::int64_t s = 0; s < n; ++s) {
    if (x.kind[s] != Kind::stays) continue;
    for (std::int64_t k = 0; k < x.out.size(s); ++k) {
      const auto v = g.dst[x.out(s, k)];
      if (x.kind[v] != Kind::stays && !x.interior[v]) walk_chain(x, s, v, c);
    }
  }
  // Arcs that no chain replaced: between vertices that stay, and around isolated cycles.
  for (size_t a = 0; a < g.src.size(); ++a)
    if (!x.interior[g.src[a]] && !x.interior[g.dst[a]])
      add_arc(c.graph, g.src[a], g.dst[a], g.weight[a]);
  return c;
}

std::vector<std::int64_t> expand_distances(const ChainContraction& c,
                                           std::vector<std::int64_t> dist,
                                           std::int64_t unreachable) {
  if (static_cast<std::int64_t>(dist.size()) != c.graph.num_vertices)
    throw Error("io::expand_distances", fmt::format("{} distances for a graph of {} vertices",
                                                    dist.size(), c.graph.num_vertices));
  const auto via = [&](std::int64_t end, std::int64_t w) {
    return (w < 0 || dist[end] >= unreachable) ? unreachable : dist[end] + w;
  };
  for (size_t i = 0; i < c.interior.size(); ++i) {
    auto& d = dist[c.interior[i]];
    if (d < unreachable)  // only the source can have one: it must have been kept
      throw Error("io::expand_distances",
                  fmt::format("vertex {} lies inside a chain but has a distance of its own; "
                              "keep the source when contracting",
                              c.interior[i] + 1));
    d = std::min(via(c.start[i], c.from_start[i]), via(c.end[i], c.from_end[i]));
  }
  return dist;
}

}  // namespace karst::io
