#pragma once
//! Delta-stepping by one thread: the keys and the rule of kernels/routing/delta_stepping.hpp with
//! no atomics and no launches. For searches too small to share among threads, where a launch per
//! bucket costs more than the bucket's work, and for many-source tables, where each thread runs
//! whole searches of its own (kernels/routing/many_source_search.hpp). Host memory only.
//!
//! It reaches the same fixed point as the parallel search (a vertex is relaxed again whenever its
//! key falls), so the distances and the parent tree are the same, exactly, whatever the bucket
//! width. The buckets are a BucketRing (power-of-two widths). A vertex has one live entry at a
//! time, in its key's bucket (`listed_`, a byte: the key says which bucket); one lowered into a
//! lower bucket is listed there again and its old entry is skipped when reached.

#include "kernels/routing/bucket_ring.hpp"
#include "kernels/routing/shortest_path_tree.hpp"

#include <algorithm>
#include <vector>

namespace karst::routing::detail {

//! Whether a host thread can read this build's graphs (false on CUDA builds).
inline constexpr bool kHostMemory =
    Kokkos::SpaceAccessibility<Kokkos::HostSpace, MemSpace>::accessible;

struct SearchCounts {
  std::int64_t relaxations = 0;   //!< arcs scanned
  std::int64_t reached_arcs = 0;  //!< out-arcs of the vertices reached (Graph500 TEPS)
  int buckets = 0;                //!< buckets settled
};

class SerialSearch {
 public:
  static bool fits(const CsrGraph& g, Weight delta) { return BucketRing::fits(g, delta); }

  SerialSearch(VertexId n, Weight max_weight, Weight delta)
      : ring_(max_weight, delta),
        listed_(static_cast<size_t>(n), 0),
        in_batches_(n < kBatchesBelow) {}

  //! Fills key[0, n). Returns false when a key outgrew its bits (the caller searches on plain
  //! distances instead); buckets at or beyond `limit` stay unsettled, as in the parallel search.
  template <class Arcs>
  bool run(const CsrGraph& g, const Arcs& arcs, VertexId source, Weight limit, const KeyLayout& kl,
           Weight* key, SearchCounts& counts) {
    std::fill(key, key + g.num_vertices, kUnreachable);
    key[source] = 0;
    const std::int64_t* rp = g.row_ptr.data();
    counts.reached_arcs += rp[source + 1] - rp[source];
    const Weight width = Weight(1) << ring_.width_shift();
    const Weight stop_bucket = limit / width + (limit % width != 0);
    const int bucket_shift = ring_.width_shift() + kl.weight_shift;
    // Relaxes u if its entry is live; false when a key outgrew its bits.
    const auto settle = [&](VertexId u, Weight b) {
      if (!listed_[u] || (key[u] >> bucket_shift) != b) return true;  // relaxed, or listed lower
      listed_[u] = 0;
      return relax_from(u, rp, arcs, kl, bucket_shift, key, counts);
    };
    list(source, 0);
    bool fits = true;
    for (Weight b = 0; fits && pending_ > 0 && b < stop_bucket; ++b) {
      auto& bucket = ring_[b];
      if (bucket.empty()) continue;
      ++counts.buckets;
      while (fits && !bucket.empty()) {
        if (in_batches_) {  // the bucket's entries so far, in order; what they list comes next
          batch_.clear();
          std::swap(batch_, bucket);
          pending_ -= batch_.size();
          for (size_t i = 0; fits && i < batch_.size(); ++i) fits = settle(batch_[i], b);
        } else {  // last in, first out
          const VertexId u = bucket.back();
          bucket.pop_back();
          --pending_;
          fits = settle(u, b);
        }
      }
    }
    if (!fits)
      for (const VertexId v : batch_) listed_[v] = 0;  // what the batch had left
    clear_ring();  // buckets beyond the limit, or all after an overflow
    return fits;
  }

 private:
  void list(VertexId v, Weight bucket) {
    listed_[v] = 1;
    ring_[bucket].push_back(v);
    ++pending_;
  }

  // Leaves the ring empty and every vertex unlisted, for the next search.
  void clear_ring() {
    if (pending_ == 0) return;
    ring_.clear([this](VertexId v) { listed_[v] = 0; });
    pending_ = 0;
  }

  // Offers u's key plus each out-arc to its head, as the parallel relax does.
  template <class Arcs>
  bool relax_from(VertexId u, const std::int64_t* rp, const Arcs& arcs, const KeyLayout& kl,
                  int bucket_shift, Weight* key, SearchCounts& counts) {
    const Weight ku = key[u];
    if (kl.out_of_hops(ku)) return false;
    const Weight base = kl.offer_base(ku, u);
    const std::int64_t first = rp[u], last = rp[u + 1];
    for (std::int64_t e = first; e < last; ++e) {
      VertexId v;
      Weight w;
      arcs.get(e, v, w);
      const Weight nd = base + (w << kl.weight_shift);
      const Weight old = key[v];
      if (nd >= old) continue;
      if (nd >= kl.cap) return false;
      if (old == kUnreachable) counts.reached_arcs += rp[v + 1] - rp[v];
      key[v] = nd;
      const Weight bucket = nd >> bucket_shift;
      if (!listed_[v] || (old >> bucket_shift) != bucket) list(v, bucket);
    }
    counts.relaxations += last - first;
    return true;
  }

  // Graphs under this many vertices settle a bucket's entries in batches, first in, first out: the
  // next vertex is known before the last one's arcs are done, so the core overlaps them (Rome
  // 1.4x, the Helsinki OSM graph 1.5x faster). Larger ones last in, first out: a vertex's arcs are
  // read while its key is still in cache (the 10^6-vertex province 1.4x faster); from 10^4 to
  // 10^5 vertices the two were level. docs/performance.md, "All threads in one region, and batches
  // on small graphs".
  static constexpr VertexId kBatchesBelow = VertexId(1) << 15;

  BucketRing ring_;
  std::vector<unsigned char> listed_;  // 1: a live entry in the bucket of the vertex's key
  std::vector<VertexId> batch_;        // the entries being settled, when in batches
  bool in_batches_;
  size_t pending_ = 0;  // entries in the ring, stale ones included
};

}  // namespace karst::routing::detail
