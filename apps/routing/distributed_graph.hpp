#pragma once
//! A road graph spread over MPI ranks by a block 1D vertex partition: each rank keeps only the
//! out-arcs of its own vertices (PartitionedGraph) and the plan of which of its vertices
//! other ranks hold as ghosts. The plan is built once, so fetching final values for the ghosts
//! later is one MPI_Alltoallv with no setup.

#include "base/mpi/comm.hpp"
#include "io/graph/dimacs.hpp"
#include "kernels/routing/partitioned_graph.hpp"

#include <vector>

namespace karst::routing {

struct GhostHalo {
  std::vector<int> ghost_counts;   //!< per rank: this rank's ghosts that rank owns
  std::vector<int> export_counts;  //!< per rank: own vertices that rank holds as ghosts
  //! Those own vertices (local ids), grouped by the rank holding them, each group in the order of
  //! that rank's ghosts: exported values land in its ghost array without any index.
  Kokkos::View<VertexId*, MemSpace> export_local;
};

struct DistributedGraph {
  mpi::Comm comm;  //!< a duplicate: the SSSP's collectives never meet the caller's
  PartitionedGraph part;
  GhostHalo halo;
  std::int64_t num_arcs = 0;  //!< over all ranks
  Weight max_weight = 0;      //!< over all ranks
  Weight auto_delta = 1;      //!< auto_delta of the whole graph
};

//! Collective. Every rank passes only the arcs whose tail it owns under
//! VertexPartition{num_vertices, comm.size()}: a reader that loads its own share never holds
//! the whole graph. Throws karst::Error naming the first arc that is out of range or not owned.
DistributedGraph distribute_own_arcs(std::int64_t num_vertices, std::vector<std::int64_t> src,
                                     std::vector<std::int64_t> dst, std::vector<Weight> weight,
                                     const mpi::Comm& comm);

//! Collective. Every rank passes the whole arc list and keeps its own arcs.
DistributedGraph distribute_graph(const io::EdgeList& arcs, const mpi::Comm& comm);

//! Collective: each ghost's value in `local_values` on its owner rank (e.g. final distances), in
//! ghost order.
Kokkos::View<std::int64_t*, MemSpace> fetch_ghost_values(
    const DistributedGraph& g, const Kokkos::View<std::int64_t*, MemSpace>& local_values);

}  // namespace karst::routing
