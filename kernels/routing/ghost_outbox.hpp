#pragma once
//! Message aggregation for a PartitionedGraph: candidate values for ghosts (vertices another rank
//! owns) are combined on the sender before anything is sent. Within a round a ghost keeps only its
//! smallest candidate; across rounds a candidate is queued only if it beats the best value already
//! sent for that ghost, because the owner then holds something at least as good. A round thus sends
//! at most one (vertex, value) pair per ghost, however many arcs point at it.

#include "kernels/routing/csr_graph.hpp"

#include <Kokkos_Sort.hpp>

namespace karst::routing {

struct GhostOutbox {
  Kokkos::View<std::int64_t*, MemSpace> best;  //!< smallest value sent or queued, per ghost
  Kokkos::View<int*, MemSpace> queued_in;      //!< the last round each ghost was queued in
  Kokkos::View<VertexId*, MemSpace> queue;     //!< ghosts queued this round
  Kokkos::View<int, MemSpace> queue_size;
  Kokkos::View<std::int64_t*, MemSpace> pairs;  //!< (global id, value) pairs packed by take()

  GhostOutbox() = default;
  //! `none` is the value meaning "nothing sent yet" (kUnreachable for distances).
  GhostOutbox(VertexId num_ghosts, std::int64_t none)
      : best("routing::outbox_best", num_ghosts),
        queued_in("routing::outbox_round", num_ghosts),
        queue("routing::outbox_queue", num_ghosts),
        queue_size("routing::outbox_size"),
        pairs("routing::outbox_pairs", 2 * static_cast<size_t>(num_ghosts)) {
    Kokkos::deep_copy(best, none);
    Kokkos::deep_copy(queued_in, -1);
  }

  //! From any thread of a relaxation kernel.
  KOKKOS_INLINE_FUNCTION void offer(VertexId ghost, std::int64_t value, int round) const {
    const std::int64_t old = Kokkos::atomic_fetch_min(&best(ghost), value);
    if (value < old && Kokkos::atomic_exchange(&queued_in(ghost), round) != round)
      queue(Kokkos::atomic_fetch_add(&queue_size(), 1)) = ghost;
  }

  //! Packs the queued ghosts into `pairs` as (global id, value), in increasing global id and so
  //! grouped by owner rank; returns how many and empties the queue. Sorting makes the traffic of a
  //! run reproducible, whatever order the threads queued in.
  int take(const Kokkos::View<std::int64_t*, MemSpace>& ghost_id) const {
    int n = 0;
    Kokkos::deep_copy(n, queue_size);
    Kokkos::deep_copy(queue_size, 0);
    if (n == 0) return 0;
    if (n > 1) Kokkos::sort(Kokkos::subview(queue, Kokkos::make_pair(0, n)));
    const auto q = queue;
    const auto b = best, out = pairs;
    Kokkos::parallel_for(
        "routing::outbox_pack", Kokkos::RangePolicy<ExecSpace>(0, n), KOKKOS_LAMBDA(const int k) {
          const VertexId g = q(k);
          out(2 * k) = ghost_id(g);
          out(2 * k + 1) = b(g);
        });
    return n;
  }
};

}  // namespace karst::routing
