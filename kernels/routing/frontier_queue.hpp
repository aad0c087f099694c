#pragma once
//! The frontier of a sweep and the next one being built, for the partitioned SSSP kernels. Any
//! thread may push a vertex; a per-vertex stamp of the generation (one per next frontier) keeps
//! each vertex in the next frontier once, however many arcs or received messages lower it.

#include "kernels/routing/csr_graph.hpp"

#include <utility>

namespace karst::routing {

struct FrontierQueue {
  Kokkos::View<VertexId*, MemSpace> current, next;
  Kokkos::View<int*, MemSpace> pushed_in;  //!< the generation each vertex was last pushed in
  Kokkos::View<int, MemSpace> next_size;
  int current_size = 0;  //!< host copy, valid after a fill or advance()
  int generation = 0;    //!< of the next frontier

  FrontierQueue() = default;
  explicit FrontierQueue(VertexId n)
      : current("routing::frontier", n),
        next("routing::next_frontier", n),
        pushed_in("routing::frontier_generation", n),
        next_size("routing::next_frontier_size") {
    Kokkos::deep_copy(pushed_in, -1);
  }

  KOKKOS_INLINE_FUNCTION void push(VertexId v) const {
    if (Kokkos::atomic_exchange(&pushed_in(v), generation) != generation)
      next(Kokkos::atomic_fetch_add(&next_size(), 1)) = v;
  }

  //! The next frontier becomes the current one; a new, empty next one starts.
  void advance() {
    std::swap(current, next);
    Kokkos::deep_copy(current_size, next_size);
    Kokkos::deep_copy(next_size, 0);
    ++generation;
  }
};

}  // namespace karst::routing
