#pragma once
//! Many-to-many travel times: one delta-stepping SSSP per source (on CPUs one thread's each,
//! kernels/routing/many_source_search.hpp), the sources dealt round-robin to the ranks (each holds
//! a replica of the graph), rows combined with MPI_Allreduce(MIN). Integer times make the table
//! identical on any number of ranks and threads.

#include "base/mpi/comm.hpp"
#include "bench/profile.hpp"
#include "kernels/routing/many_source_search.hpp"

#include <vector>

namespace karst::routing {

struct DistanceTable {
  std::vector<std::int64_t> sources, targets;
  std::vector<Weight> value;  //!< [source][target], kUnreachable where no path
  Weight at(size_t s, size_t t) const { return value[s * targets.size() + t]; }
};

struct TableStats {
  double sssp_seconds = 0.0;        //!< wall time of the SSSPs this rank ran
  std::int64_t traversed_arcs = 0;  //!< arcs whose tail was reached, summed (for TEPS)
  int sssp_runs = 0;
};

//! Collective. `delta` <= 0 picks auto_delta.
DistanceTable distance_table(const CsrGraph& g, const std::vector<std::int64_t>& sources,
                             const std::vector<std::int64_t>& targets, Weight delta,
                             const mpi::Comm& comm, bench::Profile& profile, TableStats& stats);

//! Per target, the least value over all sources (kUnreachable if none reaches it): on the
//! reversed graph, the time from each target to its nearest source.
std::vector<Weight> min_over_sources(const DistanceTable& t);

}  // namespace karst::routing
