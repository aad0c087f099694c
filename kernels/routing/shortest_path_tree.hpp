#pragma once
//! The parent tree of an SSSP, by the rule of kernels/routing/delta_stepping.hpp: among the tight
//! arcs (dist[u] + w == dist[v]) every vertex takes a parent on a path of the fewest hops, and
//! among those the smallest id. Distances alone do not make a tree when weights can be zero (a
//! zero-weight cycle is all tight arcs); counting hops does, and the rule is deterministic.
//!
//! Two ways to the same tree:
//!  - path keys (the usual case): the SSSP runs on keys (dist, hops, parent) packed into one
//!    integer, most significant first. Relaxing u -> v offers (dist[u] + w, hops[u] + 1, u), and
//!    the atomic min that settles the distance settles the tree rule with it: no pass after the
//!    search but one that unpacks. Keys cost no more than distances (one 64-bit atomic min).
//!  - when the bits run out (ids plus hops plus distances beyond 60 bits, which the search detects
//!    and then restarts), plain distances and a breadth-first pass over tight arcs, one launch per
//!    hop level.

#include "kernels/routing/csr_graph.hpp"

#include <utility>

namespace karst::routing::detail {

using IdPolicy = Kokkos::RangePolicy<ExecSpace, Kokkos::IndexType<VertexId>>;

//! key = dist << weight_shift | hops << tail_bits | parent. Relaxing from key ku adds an arc of
//! weight w as ((ku & ~tail_mask) + hop_unit + u) + (w << weight_shift). The plain layout (all
//! zero, cap unreachable) leaves keys as distances.
struct KeyLayout {
  int tail_bits = 0;
  int weight_shift = 0;
  Weight hop_unit = 0;
  Weight hop_field = 0;  //!< the hop bits; all set means one more hop would carry into dist
  Weight tail_mask = 0;
  Weight cap = INT64_MAX;  //!< keys at or beyond carry out of the distance bits
  bool plain() const { return hop_unit == 0; }
  //! Whether a key has used all its hop bits: one more hop would carry into the distance.
  KOKKOS_INLINE_FUNCTION bool out_of_hops(Weight key) const {
    return hop_field != 0 && (key & hop_field) == hop_field;
  }
  //! What relaxing from u, whose key is ku, offers before the arc's weight is added: u's distance,
  //! its hops plus one, u as the parent. Every search offers through this, so all keep one rule.
  KOKKOS_INLINE_FUNCTION Weight offer_base(Weight ku, VertexId u) const {
    return (ku & ~tail_mask) + hop_unit + (u & tail_mask);
  }
};

//! Path keys for this graph: ids take ceil(log2 n) bits, hops ceil(log2 n)/2 + 2 (four times the
//! square root of n, where road networks' hop diameters lie: Rome 100 hops over 3353 vertices, the
//! province 640 over 102,400), distances the rest of 60 bits (~10^8 at 10^6 vertices). A search
//! that outgrows them notices and reruns plain. Too few bits from the start: plain at once.
inline KeyLayout key_layout(const CsrGraph& g, Weight delta) {
  int tail = 1;
  while ((std::int64_t(1) << tail) < g.num_vertices) ++tail;
  const int hops = (tail + 1) / 2 + 2, dist_bits = 60 - tail - hops;
  if (dist_bits < 16) return {};
  const Weight room = (Weight(1) << dist_bits) - 1;  // the largest distance a key holds
  if (delta > room || g.max_weight > room) return {};
  KeyLayout k;
  k.tail_bits = tail;
  k.weight_shift = tail + hops;
  k.hop_unit = Weight(1) << tail;
  k.hop_field = ((Weight(1) << hops) - 1) << tail;
  k.tail_mask = k.hop_unit - 1;
  k.cap = Weight(1) << 60;
  return k;
}

//! One vertex's distance and parent out of its key; keys of distances at or beyond `limit` (and
//! unreached ones) become kUnreachable with no parent.
KOKKOS_INLINE_FUNCTION void unpack_key(VertexId v, VertexId source, int weight_shift,
                                       Weight tail_mask, Weight limit, Weight& key,
                                       VertexId& parent) {
  const Weight k = key;
  const Weight d = k >= kUnreachable ? kUnreachable : k >> weight_shift;
  if (d >= limit || d >= kUnreachable) {
    key = kUnreachable;
    parent = -1;
  } else {
    key = d;
    parent = v == source ? source : static_cast<VertexId>(k & tail_mask);
  }
}

//! After a search on path keys: distances and parents out of the keys, in place.
inline void unpack_keys(VertexId n, VertexId source, KeyLayout kl,
                        const Kokkos::View<Weight*, MemSpace>& key,
                        const Kokkos::View<VertexId*, MemSpace>& parent, Weight limit) {
  const int shift = kl.weight_shift;
  const Weight tail_mask = kl.tail_mask;
  Kokkos::parallel_for(
      "routing::unpack_keys", IdPolicy(0, n), KOKKOS_LAMBDA(const VertexId v) {
        unpack_key(v, source, shift, tail_mask, limit, key(v), parent(v));
      });
}

//! parent := p unless it already holds a smaller id; -1 (nothing offered yet) counts as infinity.
KOKKOS_INLINE_FUNCTION void offer_parent(VertexId* parent, VertexId p) {
  VertexId seen = *parent;
  while (seen == -1 || p < seen) {
    const VertexId was = Kokkos::atomic_compare_exchange(parent, seen, p);
    if (was == seen) return;
    seen = was;
  }
}

//! The breadth-first tree on plain distances. On entry `parent` is -1 and `level` -1 everywhere
//! except parent(source) = source and level(source) = 0, and a(0) = source; `a` and `b` hold n
//! vertices each (a level never repeats a vertex). counters(slot) only grows and `pushed` is its
//! value now, so nothing is reset between levels. A vertex joins a level by a compare-and-swap of
//! its level from -1, and whoever finds it in the level being built offers the tail as parent;
//! level and parent are separate words, so 64-bit ids work too.
inline void tree_by_levels(const CsrGraph& g, const Kokkos::View<Weight*, MemSpace>& dist,
                           const Kokkos::View<VertexId*, MemSpace>& parent,
                           const Kokkos::View<VertexId*, MemSpace>& level,
                           Kokkos::View<VertexId*, MemSpace> a, Kokkos::View<VertexId*, MemSpace> b,
                           const Kokkos::View<std::int64_t*, MemSpace>& counters, int slot,
                           std::int64_t pushed) {
  const auto rp = g.row_ptr;
  const auto col = g.col;
  const auto wt = g.weight;
  auto counters_host = Kokkos::create_mirror_view(counters);
  VertexId size = 1;
  for (VertexId hops = 1; size > 0; ++hops) {
    const auto from = a, to = b;
    const std::int64_t offset = -pushed;  // each level is written from index 0
    Kokkos::parallel_for(
        "routing::parent_tree_level", IdPolicy(0, size), KOKKOS_LAMBDA(const VertexId k) {
          const VertexId v = from(k);
          const Weight dv = dist(v);
          for (std::int64_t e = rp(v); e < rp(v + 1); ++e) {
            const VertexId u = col(e);
            const Weight du = dist(u);
            if (du >= kUnreachable || dv + wt(e) != du) continue;
            VertexId lu = level(u);
            if (lu == -1) {
              lu = Kokkos::atomic_compare_exchange(&level(u), VertexId(-1), hops);
              if (lu == -1) {
                lu = hops;
                to(Kokkos::atomic_fetch_add(&counters(slot), std::int64_t(1)) + offset) = u;
              }
            }
            if (lu == hops) offer_parent(&parent(u), v);
          }
        });
    Kokkos::deep_copy(counters_host, counters);
    size = static_cast<VertexId>(counters_host(slot) - pushed);
    pushed = counters_host(slot);
    std::swap(a, b);
  }
}

}  // namespace karst::routing::detail
