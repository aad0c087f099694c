#pragma once
//! Path reconstruction: the vertices from the search's source to a target, read off the parent
//! tree that delta-stepping (replicated or distributed) returns. Host side: a path is a short walk
//! over a copy of the tree, not parallel work.

#include "base/error.hpp"
#include "kernels/routing/csr_graph.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace karst::routing {

//! Source first, target last; empty when the target was not reached (parent -1). `parent[source]`
//! must be the source. A parent outside the graph or a cycle is a broken tree: karst::Error.
inline std::vector<VertexId> path_from_tree(const std::vector<VertexId>& parent, VertexId source,
                                            VertexId target) {
  const auto n = static_cast<std::int64_t>(parent.size());
  auto inside = [n](std::int64_t v) { return v >= 0 && v < n; };
  if (!inside(source) || !inside(target))
    throw Error("path_from_tree", "vertex " + std::to_string(inside(source) ? target : source) +
                                      " is outside the graph of " + std::to_string(n));
  if (parent[source] != source)
    throw Error("path_from_tree", "the tree is not rooted at " + std::to_string(source));
  if (parent[target] < 0) return {};
  std::vector<VertexId> path{target};
  // A tree path has at most n vertices; more means a cycle.
  for (VertexId v = target; v != source;) {
    v = parent[v];
    if (!inside(v) || static_cast<std::int64_t>(path.size()) >= n)
      throw Error("path_from_tree", "broken parent tree at vertex " + std::to_string(path.back()));
    path.push_back(v);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace karst::routing
