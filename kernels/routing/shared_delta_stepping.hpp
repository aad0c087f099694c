#pragma once
//! Delta-stepping shared by the host's threads in one parallel region: the scheme of GAPBS's SSSP
//! (Beamer, Asanović & Patterson, "The GAP Benchmark Suite", 2015, with the bucket fusion of Zhang
//! et al., CGO 2020) on the keys and rule of kernels/routing/delta_stepping.hpp. Each thread keeps
//! buckets of its own (a BucketRing) and lists every vertex whose key it lowers in the bucket of
//! the new key. The threads meet at two barriers per bucket, where the launch-per-bucket search
//! (which GPUs run) pays a launch, a read-back and a pass over its list of vertices beyond:
//!  1. each thread publishes its list of the bucket to settle (moved out, not copied); barrier;
//!  2. the threads take chunks of the published lists (each its own first) and relax the vertices
//!     whose keys are still in the bucket; then each settles what its own list of the bucket
//!     gathered meanwhile, alone, while the list stays short (bucket fusion), and offers its lowest
//!     non-empty bucket; barrier;
//!  3. all go on with the lowest bucket offered, or stop.
//! A vertex is listed once per lowering, so it may sit in several lists: an entry whose key has
//! left the bucket since is skipped, and one whose key fell within the bucket relaxes again. The
//! search so reaches the fixed point of the others (a vertex is relaxed again whenever its key
//! falls): the same distances and tree, exactly, whatever the schedule. Host memory only.

#include "kernels/common/kokkos_compat.hpp"
#include "kernels/common/spin_barrier.hpp"
#include "kernels/routing/bucket_ring.hpp"
#include "kernels/routing/serial_delta_stepping.hpp"
#include "kernels/routing/shortest_path_tree.hpp"

#include <algorithm>
#include <atomic>
#include <vector>

namespace karst::routing::detail {

class SharedSearch {
 public:
  using HostExec = Kokkos::DefaultHostExecutionSpace;
  using Team = Kokkos::TeamPolicy<HostExec>::member_type;

  static bool fits(const CsrGraph& g, Weight delta) { return BucketRing::fits(g, delta); }

  //! Threads that will share a search: all of the host space's, as many as one team holds.
  static int threads() {
    const Kokkos::TeamPolicy<HostExec> policy(1, 1);
    const int most = policy.team_size_max([](const Team&) {}, Kokkos::ParallelForTag());
    return std::max(1, std::min(compat::concurrency<HostExec>(), most));
  }

  SharedSearch(Weight max_weight, Weight delta, int threads)
      : workers_(static_cast<size_t>(threads), Worker(max_weight, delta)),
        cursors_(2 * static_cast<size_t>(threads)),
        barrier_(threads) {}

  //! Fills key[0, n) as SerialSearch::run does; `rounds` counts the barrier pairs. Returns false
  //! when a key outgrew its bits.
  template <class Arcs>
  bool run(const CsrGraph& g, const Arcs& arcs, VertexId source, Weight limit, const KeyLayout& kl,
           Weight* key, SearchCounts& counts, int& rounds) {
    const VertexId n = g.num_vertices;
    Kokkos::parallel_for("routing::shared_search_init", Kokkos::RangePolicy<HostExec>(0, n),
                         [=](const VertexId v) { key[v] = v == source ? 0 : kUnreachable; });
    const int width_shift = workers_[0].ring.width_shift();
    const Weight width = Weight(1) << width_shift;
    Settle<Arcs> s{g.row_ptr.data(), arcs, kl, key, width_shift + kl.weight_shift, 0};
    const Weight stop_bucket = limit / width + (limit % width != 0);
    if (stop_bucket == 0) return true;
    workers_[0].ring[0].push_back(source);
    workers_[0].counts.reached_arcs += s.rp[source + 1] - s.rp[source];
    for (auto& slot : next_) slot.value = kNone;
    for (auto& cursor : cursors_) cursor.value = 0;
    overflow_.value = 0;
    buckets_ = 1;
    const int team = static_cast<int>(workers_.size());
    Kokkos::parallel_for("routing::shared_search", Kokkos::TeamPolicy<HostExec>(1, team),
                         [&](const Team& member) { settle_buckets(member, s, stop_bucket); });
    for (auto& w : workers_) {
      counts.relaxations += w.counts.relaxations;
      counts.reached_arcs += w.counts.reached_arcs;
      w.counts = SearchCounts{};
    }
    counts.buckets += buckets_;
    rounds += rounds_;
    return overflow_.value == 0;
  }

 private:
  static constexpr Weight kNone = INT64_MAX;
  // Published entries are taken this many at a time (GAPBS's dynamic schedule takes 64).
  static constexpr std::int64_t kChunk = 64;
  // A thread settles its own list of the bucket alone while it is shorter than this; a longer one
  // is published, at the cost of a round. GAPBS takes 1000; on the 10^6-vertex province that gave
  // 43 extra rounds (167 for 124 buckets) and 4000 none, 10 % faster at 2 threads (12 paired runs).
  static constexpr size_t kFuseBelow = 4000;

  struct alignas(64) Worker {
    Worker(Weight max_weight, Weight delta) : ring(max_weight, delta) {}
    BucketRing ring;
    std::vector<VertexId> published;  // its part of the bucket being settled, read by all
    SearchCounts counts;
  };
  template <class T>
  struct alignas(64) Shared {
    std::atomic<T> value{};
  };

  // What relaxing needs, with the bucket being settled.
  template <class Arcs>
  struct Settle {
    const std::int64_t* rp;
    Arcs arcs;
    KeyLayout kl;
    Weight* key;
    int bucket_shift;
    Weight bucket;
  };

  template <class Arcs>
  void settle_buckets(const Team& member, Settle<Arcs> s, Weight stop_bucket) {
    Worker& me = workers_[static_cast<size_t>(member.team_rank())];
    for (int round = 0;; ++round) {
      me.published.clear();
      std::swap(me.published, me.ring[s.bucket]);
      barrier_.arrive_and_wait();
      if (member.team_rank() == 0) {  // slots last used two rounds ago, next used next round
        for (size_t p = 0; p < workers_.size(); ++p)
          cursor(p, round + 1).store(0, std::memory_order_relaxed);
        next_[(round + 1) % 3].value.store(kNone, std::memory_order_relaxed);
      }
      if (settle_published(member.team_rank(), s, round) && settle_own(me, s)) {
        const Weight lowest = me.ring.first_listed(s.bucket);
        auto& next = next_[round % 3].value;
        for (Weight seen = next.load(); lowest >= 0 && lowest < seen;)
          if (next.compare_exchange_weak(seen, lowest)) break;
      } else {
        overflow_.value.store(1);
      }
      barrier_.arrive_and_wait();
      const Weight next = next_[round % 3].value.load(std::memory_order_relaxed);
      if (overflow_.value.load() != 0 || next == kNone || next >= stop_bucket) {
        if (member.team_rank() == 0) rounds_ = round + 1;
        break;
      }
      if (member.team_rank() == 0 && next != s.bucket) ++buckets_;
      s.bucket = next;
    }
    me.published.clear();
    me.ring.clear([](VertexId) {});
  }

  // The next unread entry of thread p's published list, by round parity.
  std::atomic<std::int64_t>& cursor(size_t p, int round) {
    return cursors_[2 * p + round % 2].value;
  }

  // Relaxes published entries in chunks: the thread's own list first, then what is left of the
  // others'. The vertices a thread listed are mostly neighbours of those it relaxed, so taking its
  // own keeps each region of the frontier, and its keys, in one core's cache (on the 10^6-vertex
  // province 35 % faster at 2 threads than one shared sequence of chunks); the others' lists
  // balance the load. False on overflow.
  template <class Arcs>
  bool settle_published(int rank, const Settle<Arcs>& s, int round) {
    Worker& me = workers_[static_cast<size_t>(rank)];
    const size_t parts = workers_.size();
    for (size_t k = 0; k < parts; ++k) {
      const size_t p = (static_cast<size_t>(rank) + k) % parts;
      const auto& list = workers_[p].published;
      const auto size = static_cast<std::int64_t>(list.size());
      auto& next = cursor(p, round);
      for (std::int64_t first;
           (first = next.fetch_add(kChunk, std::memory_order_relaxed)) < size;) {
        const std::int64_t last = std::min(size, first + kChunk);
        for (std::int64_t i = first; i < last; ++i)
          if (!relax_entry(me, s, list[static_cast<size_t>(i)])) return false;
      }
    }
    return true;
  }

  // Bucket fusion: the thread's own new entries of the bucket, while they are few. Last in, first
  // out, as SerialSearch: a vertex's arcs are read while its key is still in cache.
  template <class Arcs>
  bool settle_own(Worker& me, const Settle<Arcs>& s) {
    auto& own = me.ring[s.bucket];
    while (!own.empty() && own.size() < kFuseBelow) {
      const VertexId u = own.back();
      own.pop_back();
      if (!relax_entry(me, s, u)) return false;
    }
    return true;
  }

  // Offers u's key plus each out-arc to its head, if u's key is still in the bucket.
  template <class Arcs>
  static bool relax_entry(Worker& me, const Settle<Arcs>& s, VertexId u) {
    const Weight ku = s.key[u];
    if ((ku >> s.bucket_shift) != s.bucket) return true;  // lowered into an earlier bucket
    const KeyLayout& kl = s.kl;
    if (kl.out_of_hops(ku)) return false;
    const Weight base = kl.offer_base(ku, u);
    const std::int64_t first = s.rp[u], last = s.rp[u + 1];
    for (std::int64_t e = first; e < last; ++e) {
      VertexId v;
      Weight w;
      s.arcs.get(e, v, w);
      const Weight nd = base + (w << kl.weight_shift);
      // A plain read filters most arcs before the atomic; the atomic decides.
      if (nd >= s.key[v]) continue;
      const Weight old = Kokkos::atomic_fetch_min(&s.key[v], nd);
      if (nd >= old) continue;
      if (nd >= kl.cap) return false;
      if (old == kUnreachable) me.counts.reached_arcs += s.rp[v + 1] - s.rp[v];
      me.ring[nd >> s.bucket_shift].push_back(v);
    }
    me.counts.relaxations += last - first;
    return true;
  }

  std::vector<Worker> workers_;
  std::vector<Shared<std::int64_t>> cursors_;  // per published list, two: cursor()
  SpinBarrier barrier_;     // the team's members; team_barrier() sleeps too soon for this loop
  Shared<Weight> next_[3];  // the lowest bucket offered, by round modulo 3
  Shared<int> overflow_;
  int buckets_ = 0;  // buckets settled
  int rounds_ = 0;   // rounds (barrier pairs): a bucket takes more than one when it is long
};

}  // namespace karst::routing::detail
