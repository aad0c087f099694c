#pragma once
//! The parent tree of a partitioned SSSP, built after the distances with the rule of the
//! replicated kernel (kernels/routing/delta_stepping.hpp): over tight arcs (dist[u] + w ==
//! dist[v]) each vertex takes the fewest hops from the source, then the smallest parent id, as the
//! minimum of the key (hops << 32) | parent. Ids are global, so the tree is the one a single rank
//! computes, on any number of ranks.
//!
//! The keys are found by label correction rather than one global breadth-first level per round: a
//! rank sweeps its own vertices until its keys stop falling, then sends keys for ghosts (through a
//! GhostOutbox, like distances) and goes on when smaller keys arrive. The fixed point is the same
//! (every key is the minimum over tight in-arcs of (hops(u) + 1, u)), but the number of global
//! rounds follows how often shortest paths cross between ranks, not the depth of the tree.
//! Tightness of an arc to a ghost needs the ghost's final distance, which the caller fetches once
//! first.

#include "kernels/routing/frontier_queue.hpp"
#include "kernels/routing/ghost_outbox.hpp"
#include "kernels/routing/partitioned_graph.hpp"

namespace karst::routing {

inline constexpr std::int64_t kNoParentKey = INT64_MAX;
//! Global ids below this fit the key's parent field, whatever the width of VertexId.
inline constexpr std::int64_t kParentKeyIds = std::int64_t(1) << 32;

KOKKOS_INLINE_FUNCTION std::int64_t parent_key(std::int64_t hops, std::int64_t parent) {
  return (hops << 32) | parent;
}

//! Keys all kNoParentKey except the source's (hops 0, its own parent); the frontier is the source
//! on its owner rank and empty elsewhere.
inline Kokkos::View<std::int64_t*, MemSpace> start_parent_tree(const PartitionedGraph& g,
                                                               std::int64_t source,
                                                               FrontierQueue& q) {
  Kokkos::View<std::int64_t*, MemSpace> key("routing::parent_key", g.num_local);
  Kokkos::deep_copy(key, kNoParentKey);
  q.current_size = 0;
  if (source >= g.first && source < g.first + g.num_local) {
    const auto v = static_cast<VertexId>(source - g.first);
    Kokkos::deep_copy(Kokkos::subview(key, v), parent_key(0, source));
    Kokkos::deep_copy(Kokkos::subview(q.current, 0), v);
    q.current_size = 1;
  }
  return key;
}

//! Offers each frontier vertex's key, one hop on, over its tight arcs. A local head whose key falls
//! joins the next frontier; a tight arc to a ghost is offered to `outbox` for exchange `round`.
inline void expand_tight_arcs(const PartitionedGraph& g,
                              const Kokkos::View<Weight*, MemSpace>& dist,
                              const Kokkos::View<Weight*, MemSpace>& ghost_dist,
                              const Kokkos::View<std::int64_t*, MemSpace>& key,
                              const FrontierQueue& q, int round, const GhostOutbox& outbox) {
  if (q.current_size == 0) return;
  const auto rp = g.local.row_ptr;
  const auto col = g.local.col;
  const auto wt = g.local.weight;
  const auto f = q.current;
  const VertexId num_local = g.num_local;
  const std::int64_t first = g.first;
  Kokkos::parallel_for(
      "routing::partitioned_parent_tree", Kokkos::RangePolicy<ExecSpace>(0, q.current_size),
      KOKKOS_LAMBDA(const int k) {
        const VertexId v = f(k);
        const Weight dv = dist(v);
        // If the key falls again during this sweep, v is pushed again and offers the lower one.
        const std::int64_t cand = parent_key((key(v) >> 32) + 1, first + v);
        for (std::int64_t e = rp(v); e < rp(v + 1); ++e) {
          const VertexId slot = col(e);
          if (slot >= num_local) {
            if (dv + wt(e) == ghost_dist(slot - num_local))
              outbox.offer(slot - num_local, cand, round);
            continue;
          }
          if (dv + wt(e) != dist(slot)) continue;
          if (cand < Kokkos::atomic_fetch_min(&key(slot), cand)) q.push(slot);
        }
      });
}

//! Applies `count` received (global id, key) pairs; a vertex whose key falls joins the next
//! frontier.
inline void apply_parent_keys(const Kokkos::View<std::int64_t*, MemSpace>& pairs, int count,
                              std::int64_t first, const Kokkos::View<std::int64_t*, MemSpace>& key,
                              const FrontierQueue& q) {
  if (count == 0) return;
  Kokkos::parallel_for(
      "routing::partitioned_apply_parent_keys", Kokkos::RangePolicy<ExecSpace>(0, count),
      KOKKOS_LAMBDA(const int k) {
        const auto v = static_cast<VertexId>(pairs(2 * k) - first);
        const std::int64_t cand = pairs(2 * k + 1);
        if (cand < Kokkos::atomic_fetch_min(&key(v), cand)) q.push(v);
      });
}

//! Global parent ids from the keys: -1 where the vertex was never reached.
inline Kokkos::View<std::int64_t*, MemSpace> parents_from_keys(
    const Kokkos::View<std::int64_t*, MemSpace>& key) {
  Kokkos::View<std::int64_t*, MemSpace> parent("routing::parent", key.extent(0));
  Kokkos::parallel_for(
      "routing::partitioned_parent_ids", Kokkos::RangePolicy<ExecSpace>(0, key.extent(0)),
      KOKKOS_LAMBDA(const int v) {
        const std::int64_t k = key(v);
        parent(v) = k == kNoParentKey ? -1 : (k & (kParentKeyIds - 1));
      });
  return parent;
}

}  // namespace karst::routing
