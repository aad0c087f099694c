#pragma once
//! Parallel single-source shortest paths by delta-stepping (Meyer & Sanders 2003) in Kokkos.
//! Distances are tentative until their bucket [k*delta, (k+1)*delta) is the lowest non-empty one;
//! light arcs (w <= delta) are relaxed repeatedly inside the bucket from a frontier of vertices
//! whose distance just fell, heavy arcs once when the bucket settles. Relaxation is an atomic min,
//! so the distances are exact and deterministic whatever the thread schedule. The parent tree is
//! built afterwards by a breadth-first pass over tight arcs (dist[u] + w == dist[v]), taking the
//! fewest hops and then the smallest parent id: deterministic, and a tree even with zero weights.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/routing/csr_graph.hpp"

#include <cmath>

namespace karst::routing {

struct SsspResult {
  Kokkos::View<Weight*, MemSpace> dist;
  Kokkos::View<VertexId*, MemSpace> parent;  //!< parent[source] = source; -1 if unreachable
  std::int64_t relaxations = 0;              //!< arcs scanned, light and heavy
  int buckets = 0;
  int phases = 0;
};

//! One arc relaxation: read the arc (4 + 8 bytes), read the tail's distance and atomically update
//! the head's (8 + 8). Integer arithmetic only: no FLOPs.
inline constexpr KernelCost kRelaxCost{0.0, 28.0};

//! Delta from the weights: about the mean arc weight times the mean out-degree, so a bucket holds
//! roughly one hop of the typical vertex (Meyer & Sanders' delta ~ 1/degree for unit weights).
inline Weight auto_delta(const CsrGraph& g) {
  if (g.num_edges == 0 || g.num_vertices == 0) return 1;
  const double degree = double(g.num_edges) / g.num_vertices;
  return std::max<Weight>(1, static_cast<Weight>(std::llround(g.mean_weight * degree)));
}

namespace detail {

using Frontier = Kokkos::View<VertexId*, MemSpace>;

// Compacts {v : lo <= dist(v) < hi} into `out`; returns the count.
inline int bucket_members(const Kokkos::View<Weight*, MemSpace>& dist, Weight lo, Weight hi,
                          const Frontier& out) {
  int count = 0;
  Kokkos::parallel_scan(
      "routing::bucket_members", Kokkos::RangePolicy<ExecSpace>(0, dist.extent(0)),
      KOKKOS_LAMBDA(const int v, int& offset, const bool final) {
        const Weight d = dist(v);
        if (d >= lo && d < hi) {
          if (final) out(offset) = v;
          ++offset;
        }
      },
      count);
  return count;
}

}  // namespace detail

//! `limit` bounds the search: buckets at or beyond it are not settled, and every vertex whose
//! distance is not below `limit` comes back as kUnreachable with no parent. Distances below the
//! limit are exact. Callers that need only nearby targets (farm-to-farm legs of a vehicle route)
//! stop early this way instead of settling the whole province.
inline SsspResult delta_stepping(const CsrGraph& g, VertexId source, Weight delta,
                                 Weight limit = kUnreachable) {
  const int n = g.num_vertices;
  SsspResult r;
  r.dist = Kokkos::View<Weight*, MemSpace>("routing::dist", n);
  r.parent = Kokkos::View<VertexId*, MemSpace>("routing::parent", n);
  Kokkos::deep_copy(r.dist, kUnreachable);
  Kokkos::deep_copy(Kokkos::subview(r.dist, source), Weight(0));
  detail::Frontier frontier("routing::frontier", n), next("routing::next", n);
  Kokkos::View<int*, MemSpace> stamp("routing::stamp", n);
  Kokkos::deep_copy(stamp, -1);
  Kokkos::View<int, MemSpace> count("routing::count");
  Kokkos::View<std::int64_t, MemSpace> relaxed("routing::relaxed");
  const auto rp = g.row_ptr;
  const auto col = g.col;
  const auto wt = g.weight;
  const auto dist = r.dist;

  Weight lower = 0;
  int phase = 0;
  while (true) {
    // The lowest non-empty bucket at or above `lower`.
    Weight min_d = kUnreachable;
    Kokkos::parallel_reduce(
        "routing::next_bucket", Kokkos::RangePolicy<ExecSpace>(0, n),
        KOKKOS_LAMBDA(const int v, Weight& m) {
          const Weight d = dist(v);
          if (d >= lower && d < m) m = d;
        },
        Kokkos::Min<Weight>(min_d));
    if (min_d >= kUnreachable || min_d >= limit) break;
    const Weight lo = (min_d / delta) * delta, hi = lo + delta;
    ++r.buckets;
    int nf = detail::bucket_members(dist, lo, hi, frontier);
    while (nf > 0) {  // light arcs until the bucket stops changing
      Kokkos::deep_copy(count, 0);
      const int ph = phase++;
      const auto f = frontier, nx = next;
      Kokkos::parallel_for(
          "routing::relax_light", Kokkos::RangePolicy<ExecSpace>(0, nf),
          KOKKOS_LAMBDA(const int k) {
            const VertexId v = f(k);
            const Weight dv = dist(v);
            std::int64_t scanned = 0;
            for (std::int64_t e = rp(v); e < rp(v + 1); ++e) {
              const Weight w = wt(e);
              if (w > delta) continue;
              ++scanned;
              const VertexId u = col(e);
              const Weight nd = dv + w;
              const Weight old = Kokkos::atomic_fetch_min(&dist(u), nd);
              if (nd < old && nd < hi && Kokkos::atomic_exchange(&stamp(u), ph) != ph)
                nx(Kokkos::atomic_fetch_add(&count(), 1)) = u;
            }
            Kokkos::atomic_add(&relaxed(), scanned);
          });
      Kokkos::deep_copy(nf, count);
      std::swap(frontier, next);
    }
    // The bucket is settled: relax its heavy arcs once (they all land in later buckets).
    nf = detail::bucket_members(dist, lo, hi, frontier);
    const auto f = frontier;
    Kokkos::parallel_for(
        "routing::relax_heavy", Kokkos::RangePolicy<ExecSpace>(0, nf), KOKKOS_LAMBDA(const int k) {
          const VertexId v = f(k);
          const Weight dv = dist(v);
          std::int64_t scanned = 0;
          for (std::int64_t e = rp(v); e < rp(v + 1); ++e) {
            const Weight w = wt(e);
            if (w <= delta) continue;
            ++scanned;
            Kokkos::atomic_fetch_min(&dist(col(e)), dv + w);
          }
          Kokkos::atomic_add(&relaxed(), scanned);
        });
    lower = hi;
  }
  r.phases = phase;
  Kokkos::deep_copy(r.relaxations, relaxed);
  if (limit < kUnreachable)
    Kokkos::parallel_for(
        "routing::beyond_limit", Kokkos::RangePolicy<ExecSpace>(0, n), KOKKOS_LAMBDA(const int v) {
          if (dist(v) >= limit) dist(v) = kUnreachable;
        });

  // Parent tree: BFS over tight arcs; key = (hops << 32) | parent, the minimum wins.
  Kokkos::View<unsigned long long*, MemSpace> key("routing::parent_key", n);
  Kokkos::deep_copy(key, ~0ULL);
  Kokkos::deep_copy(Kokkos::subview(key, source), static_cast<unsigned long long>(source));
  Kokkos::deep_copy(Kokkos::subview(frontier, 0), source);
  int nf = 1;
  unsigned long long hops = 0;
  while (nf > 0) {
    Kokkos::deep_copy(count, 0);
    ++hops;
    const auto f = frontier, nx = next;
    const unsigned long long h = hops;
    Kokkos::parallel_for(
        "routing::parent_tree", Kokkos::RangePolicy<ExecSpace>(0, nf), KOKKOS_LAMBDA(const int k) {
          const VertexId v = f(k);
          const Weight dv = dist(v);
          for (std::int64_t e = rp(v); e < rp(v + 1); ++e) {
            const VertexId u = col(e);
            if (dv + wt(e) != dist(u)) continue;
            const unsigned long long cand = (h << 32) | static_cast<unsigned int>(v);
            const unsigned long long old = Kokkos::atomic_fetch_min(&key(u), cand);
            if (old == ~0ULL) nx(Kokkos::atomic_fetch_add(&count(), 1)) = u;
          }
        });
    Kokkos::deep_copy(nf, count);
    std::swap(frontier, next);
  }
  const auto parent = r.parent;
  Kokkos::parallel_for(
      "routing::parent_ids", Kokkos::RangePolicy<ExecSpace>(0, n), KOKKOS_LAMBDA(const int v) {
        const unsigned long long k = key(v);
        parent(v) = k == ~0ULL ? -1 : static_cast<VertexId>(k & 0xffffffffULL);
      });
  return r;
}

}  // namespace karst::routing
