#pragma once
//! `karst routing --set routing.mode=sssp`: one single-source shortest-path tree from
//! `routing.source` (1-based) on the graph partitioned over the MPI ranks (distributed_sssp.hpp),
//! reported Graph500-style in GTEPS, with the distances and parents written to `sssp.h5`. A mode of
//! its own, beside the travel-time tables, so that graphs too big for one rank can be run.

#include "apps/common/workload.hpp"
#include "apps/routing/road_network.hpp"
#include "apps/routing/routing_config.hpp"
#include "bench/workload_record.hpp"

namespace karst::routing {

//! Collective. `config.source` and `config.path_to` are vertices of `net` (check_sssp_vertices).
apps::WorkloadRun run_sssp_mode(const RoutingConfig& config, const bench::RunIdentity& identity,
                                const RoadNetwork& net, const apps::RunEnv& env);

}  // namespace karst::routing
