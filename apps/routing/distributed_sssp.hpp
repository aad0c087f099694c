#pragma once
//! Single-source shortest paths on a graph too big for one rank (Graph500 SSSP style): a block 1D
//! vertex partition and bulk-synchronous delta-stepping. In a round, each rank relaxes the arcs of
//! its frontier until its own vertices stop changing; updates to its own vertices are atomic mins
//! in place, updates to other ranks' vertices are aggregated per target (GhostOutbox) and
//! exchanged at the end of the round with MPI_Alltoall of counts and MPI_Alltoallv of (vertex,
//! distance) pairs. The lowest non-empty bucket is agreed by an allreduce; rounds of light arcs
//! repeat until no pairs move, then heavy arcs go once. The parent tree follows the rule of the
//! replicated kernel (fewest hops, then smallest parent id), so distances and parents are
//! identical on any number of ranks. See docs/routing.md.

#include "apps/routing/distributed_graph.hpp"
#include "bench/profile.hpp"

namespace karst::routing {

//! This rank's counts, except buckets, rounds and exchanges, which every rank shares.
struct DistributedSsspStats {
  std::int64_t relaxations = 0;         //!< arcs relaxed, light and heavy
  std::int64_t remote_relaxations = 0;  //!< of those, arcs whose head another rank owns
  std::int64_t update_messages = 0;     //!< (vertex, distance) pairs sent after aggregation
  std::int64_t tree_messages = 0;       //!< (vertex, parent key) pairs of the parent tree
  std::int64_t bytes_sent = 0;          //!< payload: 16 bytes a pair, 8 a halo distance
  std::int64_t traversed_arcs = 0;      //!< out-arcs of reached own vertices (Graph500 TEPS)
  int phases = 0;     //!< this rank's light-arc sweeps (several per round: to local quiescence)
  int buckets = 0;    //!< non-empty buckets settled
  int rounds = 0;     //!< rounds of communication (one MPI_Alltoall each): light, heavy, tree
  int exchanges = 0;  //!< MPI_Alltoallv calls: rounds that moved pairs, and the halo update
};

struct DistributedSsspResult {
  //! This rank's vertices, VertexPartition::begin(rank) onwards; kUnreachable where no path.
  Kokkos::View<Weight*, MemSpace> dist;
  //! Global parent ids of this rank's vertices; the source is its own parent, -1 if unreachable.
  Kokkos::View<std::int64_t*, MemSpace> parent;
  DistributedSsspStats stats;
};

//! Collective over g.comm. `source` is a 0-based global id; `delta` <= 0 takes g.auto_delta.
//! Exchange time is booked to `profile` as "mpi::sssp_exchange".
DistributedSsspResult distributed_sssp(const DistributedGraph& g, std::int64_t source, Weight delta,
                                       bench::Profile& profile);

//! Collective: the distances alone (`parent` left empty, traversed_arcs 0).
DistributedSsspResult distributed_distances(const DistributedGraph& g, std::int64_t source,
                                            Weight delta, bench::Profile& profile);

//! Collective: the parent tree of `r.dist` (exact final distances on `g` from `source`, e.g.
//! expanded from a contracted graph's) by the rule above, and the traversed arcs; its rounds and
//! messages are added to r.stats.
void add_parent_tree(const DistributedGraph& g, std::int64_t source, DistributedSsspResult& r,
                     bench::Profile& profile);

}  // namespace karst::routing
