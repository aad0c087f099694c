#pragma once
//! The local work of bulk-synchronous delta-stepping on a PartitionedGraph; pure Kokkos, no MPI
//! (apps/routing/distributed_sssp.cpp owns the exchanges between these steps). A sweep relaxes the
//! light or the heavy arcs of the frontier: a local head is lowered in place by an atomic min and
//! joins the next frontier when it falls inside the current bucket; a remote head is offered to
//! the GhostOutbox, where it waits for the round's exchange. Updates received from other ranks
//! are applied exactly like local ones, so the distances are exact and independent of the number
//! of ranks and of thread scheduling.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/routing/frontier_queue.hpp"
#include "kernels/routing/ghost_outbox.hpp"
#include "kernels/routing/partitioned_graph.hpp"

namespace karst::routing {

enum class ArcClass { light, heavy };  //!< light: w <= delta, relaxed until the bucket settles

//! One arc relaxation, booked like the replicated kernel's: the arc (4-byte slot + 8-byte weight),
//! the tail's distance and the head's atomic update (8 + 8). Integer arithmetic only: no FLOPs.
inline constexpr KernelCost kPartitionedRelaxCost{0.0, 28.0};

//! Running totals on the device, read once at the end rather than after every round: (0) arcs
//! relaxed, (1) of those, arcs whose head another rank owns.
using RelaxCounters = Kokkos::View<std::int64_t[2], MemSpace>;

//! The smallest distance at or above `lower` on this rank (kUnreachable if none).
inline Weight lowest_distance_from(const Kokkos::View<Weight*, MemSpace>& dist, Weight lower) {
  Weight m = kUnreachable;
  Kokkos::parallel_reduce(
      "routing::partitioned_lowest_distance", Kokkos::RangePolicy<ExecSpace>(0, dist.extent(0)),
      KOKKOS_LAMBDA(const int v, Weight& acc) {
        const Weight d = dist(v);
        if (d >= lower && d < acc) acc = d;
      },
      Kokkos::Min<Weight>(m));
  return m;
}

//! Makes {v : lo <= dist(v) < hi} the current frontier of `q`.
inline void collect_bucket(const Kokkos::View<Weight*, MemSpace>& dist, Weight lo, Weight hi,
                           FrontierQueue& q) {
  const auto out = q.current;
  int count = 0;
  Kokkos::parallel_scan(
      "routing::partitioned_bucket_members", Kokkos::RangePolicy<ExecSpace>(0, dist.extent(0)),
      KOKKOS_LAMBDA(const int v, int& offset, const bool final) {
        const Weight d = dist(v);
        if (d >= lo && d < hi) {
          if (final) out(offset) = v;
          ++offset;
        }
      },
      count);
  q.current_size = count;
}

//! Relaxes the `cls` arcs of the current frontier. A local head whose distance falls below
//! `join_below` is pushed to the next frontier (pass the bucket's upper end for light arcs; heavy
//! arcs always land beyond the bucket). `round` is the exchange the remote candidates wait for.
inline void relax_frontier(const PartitionedGraph& g, const Kokkos::View<Weight*, MemSpace>& dist,
                           const FrontierQueue& q, Weight delta, ArcClass cls, Weight join_below,
                           int round, const GhostOutbox& outbox, const RelaxCounters& counted) {
  if (q.current_size == 0) return;  // a rank the bucket does not touch
  const auto rp = g.local.row_ptr;
  const auto col = g.local.col;
  const auto wt = g.local.weight;
  const auto f = q.current;
  const VertexId num_local = g.num_local;
  const bool light = cls == ArcClass::light;
  Kokkos::parallel_for(
      light ? "routing::partitioned_relax_light" : "routing::partitioned_relax_heavy",
      Kokkos::RangePolicy<ExecSpace>(0, q.current_size), KOKKOS_LAMBDA(const int k) {
        const VertexId v = f(k);
        const Weight dv = dist(v);
        std::int64_t scanned = 0, remote = 0;
        for (std::int64_t e = rp(v); e < rp(v + 1); ++e) {
          const Weight w = wt(e);
          if ((w <= delta) != light) continue;
          ++scanned;
          const VertexId slot = col(e);
          const Weight nd = dv + w;
          if (slot >= num_local) {
            ++remote;
            outbox.offer(slot - num_local, nd, round);
            continue;
          }
          const Weight old = Kokkos::atomic_fetch_min(&dist(slot), nd);
          if (nd < old && nd < join_below) q.push(slot);
        }
        Kokkos::atomic_add(&counted(0), scanned);
        Kokkos::atomic_add(&counted(1), remote);
      });
}

//! Applies `count` received (global id, distance) pairs from `pairs`; a vertex whose distance
//! falls below `join_below` is pushed to the next frontier.
inline void apply_distance_updates(const Kokkos::View<std::int64_t*, MemSpace>& pairs, int count,
                                   std::int64_t first, const Kokkos::View<Weight*, MemSpace>& dist,
                                   const FrontierQueue& q, Weight join_below) {
  if (count == 0) return;
  Kokkos::parallel_for(
      "routing::partitioned_apply_updates", Kokkos::RangePolicy<ExecSpace>(0, count),
      KOKKOS_LAMBDA(const int k) {
        const auto v = static_cast<VertexId>(pairs(2 * k) - first);
        const Weight nd = pairs(2 * k + 1);
        const Weight old = Kokkos::atomic_fetch_min(&dist(v), nd);
        if (nd < old && nd < join_below) q.push(v);
      });
}

//! Out-arcs of this rank's reached vertices: its share of the Graph500 TEPS numerator.
inline std::int64_t arcs_of_reached(const PartitionedGraph& g,
                                    const Kokkos::View<Weight*, MemSpace>& dist) {
  std::int64_t arcs = 0;
  const auto rp = g.local.row_ptr;
  Kokkos::parallel_reduce(
      "routing::partitioned_reached_arcs", Kokkos::RangePolicy<ExecSpace>(0, g.num_local),
      KOKKOS_LAMBDA(const int v, std::int64_t& a) {
        if (dist(v) < kUnreachable) a += rp(v + 1) - rp(v);
      },
      arcs);
  return arcs;
}

}  // namespace karst::routing
