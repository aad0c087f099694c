#pragma once
//! `karst routing --set routing.mode=sssp`: one single-source shortest-path tree from
//! `routing.source` (1-based) on the graph partitioned over the MPI ranks (distributed_sssp.hpp),
//! reported Graph500-style in GTEPS, with the distances and parents written to `sssp.h5`. A mode of
//! its own, beside the travel-time tables, so that graphs too big for one rank can be run.

#include "apps/common/workload.hpp"
#include "apps/routing/road_network.hpp"
#include "kernels/routing/csr_graph.hpp"

namespace karst::routing {

//! Collective. Reads routing.source, then rejects unknown routing keys; `delta` <= 0 is automatic.
apps::WorkloadRun run_distributed_sssp(const apps::Config& config, const apps::RunEnv& env,
                                       const std::string& scenario, Weight delta,
                                       const RoadNetwork& net);

}  // namespace karst::routing
