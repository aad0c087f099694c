#pragma once
//! Parallel single-source shortest paths by delta-stepping (Meyer & Sanders 2003) in Kokkos, with
//! the bucket fusion of GAPBS (Zhang et al., CGO 2020). Distances are tentative until their bucket
//! [b*delta, (b+1)*delta) is the lowest one left. The work follows the frontier, never all n
//! vertices per bucket, because road graphs have hundreds of small buckets:
//!  - relaxing a vertex of the current bucket (all its arcs, light and heavy) yields new members
//!    of the same bucket, which the work item relaxes itself from a small queue of its own (bucket
//!    fusion: most buckets settle in one launch); what overflows goes to a list for another launch;
//!  - a vertex first reached beyond the bucket is appended to a "later" list (once: it stays
//!    beyond until taken out, or falls into the bucket and settles there), and launches track the
//!    lowest key given to any vertex beyond;
//!  - the launch that opens the next bucket runs over the later list: it relaxes the entries of
//!    that bucket, keeps the ones beyond (into a fresh later list) and drops those settled
//!    meanwhile. One launch and one read-back of six counters per bucket as a rule.
//! So a launch costs the frontier plus the vertices waiting beyond it (about max weight / delta
//! buckets of them), not n. Relaxation is an atomic min, so the distances are exact and
//! deterministic whatever the thread schedule or the order of the lists.
//!
//! The parent tree follows one rule: among tight arcs (dist[u] + w == dist[v]) each vertex takes a
//! parent on a path of the fewest hops, then the smallest parent id. Deterministic, and a tree even
//! with zero-weight cycles. The search carries it in its keys
//! (kernels/routing/shortest_path_tree.hpp).

#include "kernels/common/kernel_cost.hpp"
#include "kernels/common/kokkos_compat.hpp"
#include "kernels/routing/csr_graph.hpp"
#include "kernels/routing/serial_delta_stepping.hpp"
#include "kernels/routing/shared_delta_stepping.hpp"
#include "kernels/routing/shortest_path_tree.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace karst::routing {

struct SsspResult {
  Kokkos::View<Weight*, MemSpace> dist;
  Kokkos::View<VertexId*, MemSpace> parent;  //!< parent[source] = source; -1 if unreachable
  std::int64_t relaxations = 0;              //!< arcs scanned, light and heavy
  int buckets = 0;                           //!< buckets opened
  int phases = 0;                            //!< relaxation launches
};

//! Graph500's traversed arcs of a search: the out-arcs of every vertex it reached.
inline std::int64_t reached_arcs(const CsrGraph& g, const Kokkos::View<Weight*, MemSpace>& dist) {
  const auto rp = g.row_ptr;
  std::int64_t arcs = 0;
  Kokkos::parallel_reduce(
      "routing::reached_arcs",
      Kokkos::RangePolicy<ExecSpace, Kokkos::IndexType<VertexId>>(0, g.num_vertices),
      KOKKOS_LAMBDA(const VertexId v, std::int64_t& a) {
        if (dist(v) < kUnreachable) a += rp(v + 1) - rp(v);
      },
      arcs);
  return arcs;
}

//! One arc scanned: read the packed arc (8 bytes: 32-bit head and weight, CsrGraph::packed_arcs),
//! read the head's key and lower it atomically (8 + 8); the tail's key is read once per vertex, not
//! per arc. Graphs whose arcs do not pack read head and weight apart (12 or 16 bytes); the cost
//! books the usual case. Integer arithmetic only: no FLOPs.
inline constexpr KernelCost kRelaxCost{0.0, 24.0};

//! Delta from the weights: about the mean arc weight times the mean out-degree, so a bucket holds
//! roughly one hop of the typical vertex (Meyer & Sanders' delta ~ 1/degree for unit weights).
inline Weight auto_delta(const CsrGraph& g) {
  if (g.num_edges == 0 || g.num_vertices == 0) return 1;
  const double degree = double(g.num_edges) / g.num_vertices;
  return std::max<Weight>(1, static_cast<Weight>(std::llround(g.mean_weight * degree)));
}

namespace detail {

using VertexList = Kokkos::View<VertexId*, MemSpace>;
using FrontierPolicy =
    Kokkos::RangePolicy<ExecSpace, Kokkos::Schedule<Kokkos::Dynamic>, Kokkos::IndexType<VertexId>>;

// How many same-bucket vertices one work item queues to relax itself. Enough to settle the small
// buckets of road graphs without another launch; small enough for registers/local memory on GPUs.
inline constexpr unsigned kFusedQueue = 64;
// Later-list entries per work item of a launch that opens a bucket (its appends go in batches).
// Such launches hand out 4 work items at a time, others 16: small enough to keep 2 threads even
// on buckets of a few thousand vertices.
inline constexpr VertexId kScanRun = 8;
inline constexpr Weight kNoKey = INT64_MAX;

// The control block, one device array read back in one copy per launch. Push counters only grow:
// a kernel appends at (counter - value at launch), so nothing is reset between launches. The lowest
// key beyond the bucket goes to one of two slots by the parity of the buckets opened: the launch
// opening a bucket reads one (on the host, before) and resets it for the bucket after.
enum Counter : int {
  kNextPushes,   // appends to the list of the bucket's vertices for another launch
  kLaterPushes,  // appends to a later list
  kLowest0,      // lowest key beyond the bucket
  kLowest1,
  kOverflow,  // a key outgrew its bits: the search restarts on plain distances
  kCounters
};

// Appends from one work item go out together: one atomic per batch, not per vertex.
struct AppendBatch {
  static constexpr unsigned kSize = 16;
  VertexId item[kSize];
  unsigned size = 0;
  KOKKOS_INLINE_FUNCTION void flush(const VertexList& list, std::int64_t* pushes, std::int64_t at) {
    if (size == 0) return;
    const std::int64_t first = Kokkos::atomic_fetch_add(pushes, std::int64_t(size)) + at;
    for (unsigned i = 0; i < size; ++i) list(first + i) = item[i];
    size = 0;
  }
  KOKKOS_INLINE_FUNCTION void push(VertexId v, const VertexList& list, std::int64_t* pushes,
                                   std::int64_t at) {
    if (size == kSize) flush(list, pushes, at);
    item[size++] = v;
  }
};

// The search reads arcs through one of these: the packed copy when the graph has one.
struct PackedArcs {
  Kokkos::View<std::uint64_t*, MemSpace> packed;
  KOKKOS_INLINE_FUNCTION void get(std::int64_t e, VertexId& head, Weight& w) const {
    const std::uint64_t a = packed(e);
    head = static_cast<VertexId>(a & 0xffffffffu);
    w = static_cast<Weight>(a >> 32);
  }
};
struct SplitArcs {
  Kokkos::View<VertexId*, MemSpace> col;
  Kokkos::View<Weight*, MemSpace> weight;
  KOKKOS_INLINE_FUNCTION void get(std::int64_t e, VertexId& head, Weight& w) const {
    head = col(e);
    w = weight(e);
  }
};

// One relaxation launch: over the vertices of bucket [lo, hi) (in keys) for another round, or
// (`opens`) over the later list, taking that bucket's entries and keeping those beyond it.
struct Launch {
  VertexList items;
  VertexId count = 0;
  bool opens = false;
  Weight lo = 0, hi = 0;
  VertexList next, later;  // appends: the bucket's overflow, vertices beyond it
  std::int64_t next_at = 0, later_at = 0;
  int lowest = kLowest0, reset = -1;  // counter slots: lowest key beyond, one to clear
  VertexId stamp = 0;                 // marks a vertex appended to `next` by this launch
};

// Returns the arcs scanned. `stamps` holds, per vertex, the last launch that appended it to next.
template <class Arcs>
std::int64_t relax(const CsrGraph& g, const Arcs& arcs, const KeyLayout& kl,
                   const Kokkos::View<Weight*, MemSpace>& key, const VertexList& stamps,
                   const Kokkos::View<std::int64_t*, MemSpace>& counters, const Launch& l) {
  const auto rp = g.row_ptr;
  const auto items = l.items, next = l.next, later = l.later;
  const VertexId count = l.count, run = l.opens ? kScanRun : 1;
  const bool opens = l.opens;
  const Weight lo = l.lo, hi = l.hi;
  const std::int64_t next_at = l.next_at, later_at = l.later_at;
  const int lowest = l.lowest, reset = l.reset;
  const VertexId stamp = l.stamp;
  const KeyLayout keys = kl;
  const int shift = kl.weight_shift;
  const Weight cap = kl.cap;
  std::int64_t scanned_total = 0;
  Kokkos::parallel_reduce(
      "routing::relax_bucket",
      FrontierPolicy(0, (count + run - 1) / run).set_chunk_size(opens ? 4 : 16),
      KOKKOS_LAMBDA(const VertexId k, std::int64_t& scanned) {
        if (k == 0 && reset >= 0) counters(reset) = kNoKey;
        VertexId queue[kFusedQueue];
        unsigned head = 0, tail = 0;
        AppendBatch beyond;  // appends to `later`
        Weight lowest_key = kNoKey;
        const VertexId end = math::min(count, (k + 1) * run);
        for (VertexId i = k * run; i < end; ++i) {
          VertexId u = items(i);
          if (opens) {  // a later-list entry: take it, keep it or drop it
            const Weight ku = key(u);
            if (ku < lo) continue;  // settled in an earlier bucket while it waited
            if (ku >= hi) {
              beyond.push(u, later, &counters(kLaterPushes), later_at);
              lowest_key = math::min(lowest_key, ku);
              continue;
            }
          }
          while (true) {  // u, then what fell into the bucket from it while the queue has room
            const Weight ku = key(u);
            if (keys.out_of_hops(ku)) {
              counters(kOverflow) = 1;
              return;
            }
            // Offers from u: its distance and hops plus one arc, u as the parent.
            const Weight base = keys.offer_base(ku, u);
            const std::int64_t first = rp(u), last = rp(u + 1);
            for (std::int64_t e = first; e < last; ++e) {
              VertexId v;
              Weight w;
              arcs.get(e, v, w);
              const Weight nd = base + (w << shift);
              // A plain read filters most arcs before the atomic; the atomic decides.
              if (nd >= key(v)) continue;
              const Weight old = Kokkos::atomic_fetch_min(&key(v), nd);
              if (nd >= old) continue;
              if (nd >= cap) counters(kOverflow) = 1;
              if (nd < hi) {
                if (tail - head < kFusedQueue) {
                  queue[tail++ % kFusedQueue] = v;
                } else if (Kokkos::atomic_exchange(&stamps(v), stamp) != stamp) {
                  next(Kokkos::atomic_fetch_add(&counters(kNextPushes), std::int64_t(1)) +
                       next_at) = v;
                }
              } else {
                lowest_key = math::min(lowest_key, nd);
                // Listed when first reached: a later improvement keeps it beyond this bucket
                // (one entry is enough) or brings it into this one (then the entry goes stale).
                if (old == kUnreachable) beyond.push(v, later, &counters(kLaterPushes), later_at);
              }
            }
            scanned += last - first;
            if (head == tail) break;
            u = queue[head++ % kFusedQueue];
          }
        }
        beyond.flush(later, &counters(kLaterPushes), later_at);
        if (lowest_key < counters(lowest)) Kokkos::atomic_fetch_min(&counters(lowest), lowest_key);
      },
      scanned_total);
  return scanned_total;
}

//! One search with a given key layout; `overflowed` tells the caller to rerun it plain.
template <class Arcs>
SsspResult delta_stepping_with(const CsrGraph& g, const Arcs& arcs, VertexId source, Weight delta,
                               Weight limit, KeyLayout kl, bool& overflowed) {
  const VertexId n = g.num_vertices;
  const auto alloc = [](const std::string& label) {
    return Kokkos::view_alloc(Kokkos::WithoutInitializing, label);
  };
  SsspResult r;
  // r.dist holds keys while the search runs (their buckets are the distances' buckets), r.parent
  // the launch stamps; unpacking the keys or the level-by-level tree overwrites both.
  r.dist = Kokkos::View<Weight*, MemSpace>(alloc("routing::dist"), n);
  r.parent = VertexList(alloc("routing::parent"), n);
  // Each list holds a vertex at most once: `next` by the stamps, a later list because a vertex
  // enters it when first reached only.
  VertexList bucket(alloc("routing::bucket"), n), next(alloc("routing::next"), n);
  VertexList later(alloc("routing::later"), n), spare(alloc("routing::later_spare"), n);
  Kokkos::View<std::int64_t*, MemSpace> counters(alloc("routing::counters"), kCounters);
  auto counters_host = Kokkos::create_mirror_view(counters);
  const auto key = r.dist;
  const auto stamps = r.parent;
  Kokkos::parallel_for(
      "routing::sssp_init", IdPolicy(0, n), KOKKOS_LAMBDA(const VertexId v) {
        key(v) = v == source ? 0 : kUnreachable;
        stamps(v) = -1;
        if (v == 0) {
          bucket(0) = source;
          counters(kNextPushes) = counters(kLaterPushes) = counters(kOverflow) = 0;
          counters(kLowest0) = counters(kLowest1) = kNoKey;
        }
      });
  // Buckets whose lower end is at or beyond the limit are never opened.
  const Weight stop_bucket = limit / delta + (limit % delta != 0);
  const Weight delta_key = delta << kl.weight_shift;
  std::int64_t next_pushes = 0, later_pushes = 0;  // the counters as last read
  VertexId later_size = 0;
  Launch l;
  l.items = bucket;
  l.count = 1;
  int opened = 0;  // buckets opened after the first: the parity picks the lowest-key slot
  Weight current = 0;
  r.buckets = stop_bucket > 0;  // the source's bucket
  overflowed = false;
  while (stop_bucket > 0) {
    l.lo = current * delta_key;
    l.hi = l.lo + delta_key;
    l.next = next;
    l.next_at = -next_pushes;
    l.later = l.opens ? spare : later;  // opening: entries kept go to a fresh list
    l.later_at = (l.opens ? 0 : later_size) - later_pushes;
    l.lowest = kLowest0 + opened % 2;
    l.stamp = static_cast<VertexId>(r.phases++);
    r.relaxations += relax(g, arcs, kl, key, stamps, counters, l);
    Kokkos::deep_copy(counters_host, counters);
    overflowed = counters_host(kOverflow) != 0;
    if (overflowed) return r;
    const auto next_size = static_cast<VertexId>(counters_host(kNextPushes) - next_pushes);
    const auto appended = static_cast<VertexId>(counters_host(kLaterPushes) - later_pushes);
    next_pushes = counters_host(kNextPushes);
    later_pushes = counters_host(kLaterPushes);
    if (l.opens) {
      std::swap(later, spare);
      later_size = appended;
    } else {
      later_size += appended;
    }
    if (next_size > 0) {  // the bucket is not settled yet
      std::swap(bucket, next);
      l.items = bucket;
      l.count = next_size;
      l.opens = false;
      l.reset = -1;
      continue;
    }
    // Settled. The next bucket holds the lowest key recorded since the last one opened: exact,
    // unless that vertex has settled since (then the launch takes nothing and keeps the rest).
    const Weight lowest = counters_host(kLowest0 + opened % 2);
    if (later_size == 0 || lowest == kNoKey || lowest / delta_key >= stop_bucket) break;
    current = lowest / delta_key;
    ++opened;
    ++r.buckets;
    l.items = later;
    l.count = later_size;
    l.opens = true;
    l.reset = kLowest0 + (opened + 1) % 2;  // the slot just read, for the bucket after this one
  }
  const auto parent = r.parent;
  if (!kl.plain()) {
    unpack_keys(n, source, kl, key, parent, limit);
    return r;
  }
  // Plain distances: the tree level by level, the levels in the spare list's storage.
  const auto dist = r.dist;
  const auto level = spare, first_level = bucket;
  Kokkos::parallel_for(
      "routing::parent_tree_init", IdPolicy(0, n), KOKKOS_LAMBDA(const VertexId v) {
        if (dist(v) >= limit) dist(v) = kUnreachable;
        const bool root = v == source && dist(v) < kUnreachable;
        parent(v) = root ? source : -1;
        level(v) = root ? 0 : -1;
        if (v == 0) first_level(0) = source;
      });
  if (stop_bucket > 0)
    tree_by_levels(g, dist, parent, level, bucket, next, counters, kNextPushes, next_pushes);
  return r;
}

}  // namespace detail

//! How many threads share one search, and how.
enum class SearchThreads {
  automatic,  //!< one when the graph is small (kOneThreadBelow) or one thread is all there is
  one,        //!< one host thread (host memory only; otherwise as `all`)
  all,        //!< the execution space's: on host memory in one parallel region, else `launches`
  launches    //!< the execution space's, one launch per bucket (what GPUs run; tests use it)
};

//! Below this many vertices one thread searches alone: a bucket then holds too little work to
//! repay a launch and its barrier (docs/performance.md, "Side by side with GAPBS").
inline constexpr VertexId kOneThreadBelow = 20000;

namespace detail {

enum class Searcher { one_thread, shared, launches };

// Who runs a search. The plain-distance fallback builds its tree level by level, in launches.
inline Searcher searcher(const CsrGraph& g, Weight delta, SearchThreads threads, bool plain) {
  if (!kHostMemory || threads == SearchThreads::launches || plain || !BucketRing::fits(g, delta))
    return Searcher::launches;
  const bool alone = threads == SearchThreads::one ||
                     (threads == SearchThreads::automatic &&
                      (g.num_vertices < kOneThreadBelow || compat::concurrency() == 1));
  return alone ? Searcher::one_thread : Searcher::shared;
}

// A search on host memory by one thread or by all in one parallel region, on path keys.
template <class Arcs>
SsspResult host_search(const CsrGraph& g, const Arcs& arcs, VertexId source, Weight delta,
                       Weight limit, const KeyLayout& kl, Searcher who, bool& overflowed) {
  const VertexId n = g.num_vertices;
  SsspResult r;
  r.dist = Kokkos::View<Weight*, MemSpace>(
      Kokkos::view_alloc(Kokkos::WithoutInitializing, "routing::dist"), n);
  r.parent = Kokkos::View<VertexId*, MemSpace>(
      Kokkos::view_alloc(Kokkos::WithoutInitializing, "routing::parent"), n);
  if constexpr (kHostMemory) {
    SearchCounts counts;
    Weight* key = r.dist.data();
    if (who == Searcher::shared) {
      SharedSearch search(g.max_weight, delta, SharedSearch::threads());
      overflowed = !search.run(g, arcs, source, limit, kl, key, counts, r.phases);
      if (overflowed) return r;
      unpack_keys(n, source, kl, r.dist, r.parent, limit);
    } else {
      SerialSearch search(n, g.max_weight, delta);
      overflowed = !search.run(g, arcs, source, limit, kl, key, counts);
      if (overflowed) return r;
      VertexId* parent = r.parent.data();
      for (VertexId v = 0; v < n; ++v)
        unpack_key(v, source, kl.weight_shift, kl.tail_mask, limit, key[v], parent[v]);
      r.phases = counts.buckets;
    }
    r.relaxations = counts.relaxations;
    r.buckets = counts.buckets;
  }
  return r;
}

}  // namespace detail

//! `limit` bounds the search: buckets at or beyond it are not settled, and every vertex whose
//! distance is not below `limit` comes back as kUnreachable with no parent. Distances below the
//! limit are exact. Callers that need only nearby targets (farm-to-farm legs of a vehicle route)
//! stop early this way instead of settling the whole province. The result is the same whoever
//! searches (`threads`).
inline SsspResult delta_stepping(const CsrGraph& g, VertexId source, Weight delta,
                                 Weight limit = kUnreachable,
                                 SearchThreads threads = SearchThreads::automatic) {
  auto search = [&](detail::KeyLayout layout, bool& overflowed) {
    const auto who = detail::searcher(g, delta, threads, layout.plain());
    auto run = [&](const auto& arcs) {
      return who == detail::Searcher::launches
                 ? detail::delta_stepping_with(g, arcs, source, delta, limit, layout, overflowed)
                 : detail::host_search(g, arcs, source, delta, limit, layout, who, overflowed);
    };
    if (g.packed_arcs.extent(0) == static_cast<size_t>(g.num_edges))
      return run(detail::PackedArcs{g.packed_arcs});
    return run(detail::SplitArcs{g.col, g.weight});
  };
  bool overflowed = false;
  auto r = search(detail::key_layout(g, delta), overflowed);
  if (!overflowed) return r;
  // Paths longer (in hops or distance) than the key bits allow: again on plain distances, which
  // never overflow. The counters report both searches' work.
  const auto wasted = r;
  r = search(detail::KeyLayout{}, overflowed);
  r.relaxations += wasted.relaxations;
  r.buckets += wasted.buckets;
  r.phases += wasted.phases;
  return r;
}

}  // namespace karst::routing
