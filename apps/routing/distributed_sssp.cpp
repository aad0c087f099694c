#include "apps/routing/distributed_sssp.hpp"

#include "base/error.hpp"
#include "kernels/routing/partitioned_parent_tree.hpp"
#include "kernels/routing/partitioned_relax.hpp"

#include <fmt/format.h>

namespace karst::routing {

namespace {

constexpr const char* kWhere = "routing::distributed_sssp";
constexpr std::int64_t kPairBytes = 2 * sizeof(std::int64_t);

// One bulk-synchronous round of communication. An MPI_Alltoall carries, for each rank, the number
// of items for it and whether the sender has any pairs at all; then, only if some rank has pairs,
// an MPI_Alltoallv moves them. The flag doubles as the termination test: every rank sweeps its
// own vertices to quiescence before the exchange, so work remains somewhere only if some pairs
// moved. The inbox is sized once: a sender aggregates per ghost, so a round brings at most one
// pair per (sender, own vertex it holds as a ghost), which is the halo's export list.
class UpdateExchange {
 public:
  struct Outcome {
    int received = 0;    //!< pairs for this rank, in received()
    bool moved = false;  //!< some rank sent pairs: the loop needs another round
  };

  UpdateExchange(const DistributedGraph& g, DistributedSsspStats& stats, bench::Profile& profile)
      : g_(g),
        stats_(stats),
        profile_(profile),
        inbox_("routing::inbox", 2 * g.halo.export_local.extent(0)),
        inbox_host_(Kokkos::create_mirror_view(inbox_)) {}

  //! Collective. Pairs sent are added to `sent_pairs`.
  Outcome operator()(const GhostOutbox& box, std::int64_t& sent_pairs) {
    auto region = profile_.region("mpi::sssp_exchange");
    const int sent = box.take(g_.part.ghost_id);
    Kokkos::fence();  // the pack kernel, before MPI reads its buffer
    const auto pairs = Kokkos::subview(box.pairs, Kokkos::make_pair(0, 2 * sent));
    const auto pairs_host = Kokkos::create_mirror_view_and_copy(HostSpace(), pairs);
    const auto ranks = static_cast<size_t>(g_.comm.size());
    std::vector<int> header(2 * ranks, 0);  // per rank: items for it, whether this rank sends
    // Pairs come sorted by vertex, so each owner's pairs are one run.
    for (int k = 0; k < sent; ++k) header[2 * g_.part.partition.owner(pairs_host(2 * k))] += 2;
    for (size_t r = 0; r < ranks; ++r) header[2 * r + 1] = sent > 0 ? 1 : 0;
    const auto in = g_.comm.alltoall(header);
    stats_.rounds += 1;
    std::vector<int> send_counts(ranks), recv_counts(ranks);
    long long received = 0;
    bool moved = false;
    for (size_t r = 0; r < ranks; ++r) {
      send_counts[r] = header[2 * r];
      recv_counts[r] = in[2 * r];
      received += in[2 * r];
      moved |= in[2 * r + 1] != 0;
    }
    if (moved) {
      if (received > static_cast<long long>(inbox_.extent(0)))
        throw Error(kWhere, fmt::format("rank {} received {} updates, more than its {} exported "
                                        "vertices allow",
                                        g_.comm.rank(), received / 2, inbox_.extent(0) / 2));
      g_.comm.alltoallv(pairs_host.data(), send_counts, inbox_host_.data(), recv_counts);
      const auto span = Kokkos::make_pair(0, static_cast<int>(received));
      Kokkos::deep_copy(Kokkos::subview(inbox_, span), Kokkos::subview(inbox_host_, span));
      stats_.exchanges += 1;
    }
    sent_pairs += sent;
    stats_.bytes_sent += sent * kPairBytes;
    return {static_cast<int>(received / 2), moved};
  }

  const Kokkos::View<std::int64_t*, MemSpace>& received() const { return inbox_; }

 private:
  const DistributedGraph& g_;
  DistributedSsspStats& stats_;
  bench::Profile& profile_;
  Kokkos::View<std::int64_t*, MemSpace> inbox_;
  Kokkos::View<std::int64_t*, MemSpace>::HostMirror inbox_host_;
};

// Bulk-synchronous delta-stepping; leaves the exact distances of this rank's vertices in `dist`.
void settle_distances(const DistributedGraph& g, Weight delta,
                      const Kokkos::View<Weight*, MemSpace>& dist, FrontierQueue& q,
                      UpdateExchange& exchange, int& round, DistributedSsspStats& stats) {
  const auto& part = g.part;
  GhostOutbox outbox(part.num_ghosts, kUnreachable);
  RelaxCounters counted("routing::relax_counted");
  const bool any_heavy = g.max_weight > delta;
  Weight lower = 0;  // every distance below it is final
  while (true) {
    const Weight min_d = g.comm.allreduce_min_int64(lowest_distance_from(dist, lower));
    if (min_d >= kUnreachable) break;
    const Weight lo = (min_d / delta) * delta, hi = lo + delta;
    ++stats.buckets;
    collect_bucket(dist, lo, hi, q);
    // Light arcs until no rank's bucket changes. Each rank first sweeps its own vertices until
    // they stop changing, so only updates that cross ranks wait for a round of communication.
    for (bool moved = true; moved;) {
      const int r = round++;
      for (; q.current_size > 0; q.advance()) {
        ++stats.phases;
        relax_frontier(part, dist, q, delta, ArcClass::light, hi, r, outbox, counted);
      }
      const auto x = exchange(outbox, stats.update_messages);
      apply_distance_updates(exchange.received(), x.received, part.first, dist, q, hi);
      q.advance();
      moved = x.moved;
    }
    // The bucket is settled: its heavy arcs go once and all land beyond it, so nothing joins.
    if (any_heavy) {
      collect_bucket(dist, lo, hi, q);
      const int r = round++;
      relax_frontier(part, dist, q, delta, ArcClass::heavy, lo, r, outbox, counted);
      const auto x = exchange(outbox, stats.update_messages);
      apply_distance_updates(exchange.received(), x.received, part.first, dist, q, lo);
    }
    lower = hi;
  }
  const auto totals = Kokkos::create_mirror_view_and_copy(HostSpace(), counted);
  stats.relaxations += totals(0);
  stats.remote_relaxations += totals(1);
}

// Label correction over tight arcs to the keys' fixed point; keys through the outbox like
// distances, each rank sweeping its own vertices to quiescence between exchanges.
Kokkos::View<std::int64_t*, MemSpace> build_parent_tree(const DistributedGraph& g,
                                                        std::int64_t source,
                                                        const Kokkos::View<Weight*, MemSpace>& dist,
                                                        FrontierQueue& q, UpdateExchange& exchange,
                                                        int& round, DistributedSsspStats& stats) {
  const auto& part = g.part;
  const auto ghost_dist = fetch_ghost_values(g, dist);
  stats.exchanges += 1;
  stats.bytes_sent += static_cast<std::int64_t>(g.halo.export_local.extent(0) * sizeof(Weight));
  GhostOutbox outbox(part.num_ghosts, kNoParentKey);
  const auto key = start_parent_tree(part, source, q);
  for (bool moved = true; moved;) {
    const int r = round++;
    for (; q.current_size > 0; q.advance())
      expand_tight_arcs(part, dist, ghost_dist, key, q, r, outbox);
    const auto x = exchange(outbox, stats.tree_messages);
    apply_parent_keys(exchange.received(), x.received, part.first, key, q);
    q.advance();
    moved = x.moved;
  }
  return parents_from_keys(key);
}

}  // namespace

DistributedSsspResult distributed_distances(const DistributedGraph& g, std::int64_t source,
                                            Weight delta, bench::Profile& profile) {
  const auto& part = g.part;
  const auto n = part.partition.num_vertices;
  if (source < 0 || source >= n)
    throw Error(kWhere,
                fmt::format("source {} (0-based) is not one of the {} vertices", source, n));
  if (delta <= 0) delta = g.auto_delta;
  DistributedSsspResult r;
  r.dist = Kokkos::View<Weight*, MemSpace>("routing::dist", part.num_local);
  Kokkos::deep_copy(r.dist, kUnreachable);
  if (source >= part.first && source < part.first + part.num_local)
    Kokkos::deep_copy(Kokkos::subview(r.dist, source - part.first), Weight(0));
  FrontierQueue q(part.num_local);
  UpdateExchange exchange(g, r.stats, profile);
  int round = 0;  // numbers the exchange rounds: the outboxes' stamps
  settle_distances(g, delta, r.dist, q, exchange, round, r.stats);
  return r;
}

void add_parent_tree(const DistributedGraph& g, std::int64_t source, DistributedSsspResult& r,
                     bench::Profile& profile) {
  FrontierQueue q(g.part.num_local);  // fresh stamps and outbox: any round number will do
  UpdateExchange exchange(g, r.stats, profile);
  int round = r.stats.rounds;
  r.parent = build_parent_tree(g, source, r.dist, q, exchange, round, r.stats);
  r.stats.traversed_arcs = arcs_of_reached(g.part, r.dist);
}

DistributedSsspResult distributed_sssp(const DistributedGraph& g, std::int64_t source, Weight delta,
                                       bench::Profile& profile) {
  auto r = distributed_distances(g, source, delta, profile);
  add_parent_tree(g, source, r, profile);
  return r;
}

}  // namespace karst::routing
