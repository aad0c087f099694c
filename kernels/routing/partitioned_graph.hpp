#pragma once
//! The part of a directed graph that one rank holds under a block VertexPartition: the out-arcs of
//! its own vertices in CSR, with every arc's head renamed to a *slot*. Slots [0, num_local) are the
//! rank's own vertices (global id - first); slots [num_local, num_local + num_ghosts) are ghosts,
//! the remote heads of its arcs, numbered in increasing global id. Because the partition is by
//! blocks, ghosts come grouped by owner rank, ghost_begin[r] .. ghost_begin[r + 1] for rank r: a
//! relaxation needs no lookup to tell local from remote, and a message per owner is a plain range.

#include "base/error.hpp"
#include "kernels/routing/csr_graph.hpp"
#include "kernels/routing/vertex_partition.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace karst::routing {

struct PartitionedGraph {
  VertexPartition partition;
  int rank = 0;
  std::int64_t first = 0;  //!< global id of local vertex 0
  VertexId num_local = 0;
  VertexId num_ghosts = 0;
  CsrGraph local;  //!< num_local rows; col holds slots, not global ids
  Kokkos::View<std::int64_t*, MemSpace> ghost_id;  //!< global id of each ghost, increasing
  std::vector<VertexId> ghost_begin;               //!< parts + 1 offsets: ghosts of each owner
};

//! Builds rank `rank`'s part from its own arcs: every tail in [begin(rank), end(rank)), heads
//! anywhere in [0, n); the caller has checked the ids. Arcs of a vertex keep their input order.
inline PartitionedGraph build_partitioned_graph(const VertexPartition& partition, int rank,
                                                const std::vector<std::int64_t>& src,
                                                const std::vector<std::int64_t>& dst,
                                                const std::vector<Weight>& w) {
  PartitionedGraph g;
  g.partition = partition;
  g.rank = rank;
  g.first = partition.begin(rank);
  const std::int64_t last = partition.end(rank);

  // Ghosts: the distinct remote heads, sorted, hence grouped by owner.
  std::vector<std::int64_t> ghosts;
  for (auto v : dst)
    if (v < g.first || v >= last) ghosts.push_back(v);
  std::sort(ghosts.begin(), ghosts.end());
  ghosts.erase(std::unique(ghosts.begin(), ghosts.end()), ghosts.end());
  // Slots are VertexId: a rank's own vertices and ghosts must fit, not the whole graph.
  const auto slots = (last - g.first) + static_cast<std::int64_t>(ghosts.size());
  if (slots > std::numeric_limits<VertexId>::max())
    throw Error("routing::partitioned_graph",
                "rank " + std::to_string(rank) + " would hold " + std::to_string(slots) +
                    " vertices and ghosts: use more ranks or -DKARST_ROUTING_64BIT_IDS=ON");
  g.num_local = static_cast<VertexId>(last - g.first);
  g.num_ghosts = static_cast<VertexId>(ghosts.size());
  g.ghost_begin.assign(static_cast<size_t>(partition.parts) + 1, 0);
  for (int r = 0; r <= partition.parts; ++r)
    g.ghost_begin[r] = static_cast<VertexId>(
        std::lower_bound(ghosts.begin(), ghosts.end(), partition.begin(r)) - ghosts.begin());

  std::vector<std::int64_t> tail(src.size()), slot(dst.size());
  for (size_t e = 0; e < src.size(); ++e) {
    tail[e] = src[e] - g.first;
    const auto v = dst[e];
    slot[e] =
        v >= g.first && v < last
            ? v - g.first
            : g.num_local + (std::lower_bound(ghosts.begin(), ghosts.end(), v) - ghosts.begin());
  }
  g.local = build_csr(g.num_local, tail, slot, w);
  // The partitioned sweeps read col and weight; a packed copy would only take memory.
  g.local.packed_arcs = {};

  g.ghost_id = Kokkos::View<std::int64_t*, MemSpace>("routing::ghost_id", ghosts.size());
  auto ids = Kokkos::create_mirror_view(g.ghost_id);
  for (size_t k = 0; k < ghosts.size(); ++k) ids(k) = ghosts[k];
  Kokkos::deep_copy(g.ghost_id, ids);
  return g;
}

}  // namespace karst::routing
