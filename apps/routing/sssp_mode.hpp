#pragma once
//! `karst routing --set routing.mode=sssp`: one single-source shortest-path tree from
//! `routing.source` (1-based) on the graph partitioned over the MPI ranks (distributed_sssp.hpp),
//! reported Graph500-style in GTEPS, with the distances and parents written to `sssp.h5`. A mode of
//! its own, beside the travel-time tables, so that graphs too big for one rank can be run.

#include "apps/common/workload.hpp"
#include "apps/routing/road_network.hpp"
#include "apps/routing/routing_config.hpp"
#include "bench/workload_record.hpp"
#include "io/graph/chain_contraction.hpp"

namespace karst::routing {

//! Collective. `config.source` and `config.path_to` are vertices of `net` (check_sssp_vertices).
//! With `chains` (net's arcs contracted, the source kept) the search runs on the contracted graph
//! and its distances are expanded to every vertex; the tree and the outputs are net's.
apps::WorkloadRun run_sssp_mode(const RoutingConfig& config, const bench::RunIdentity& identity,
                                const RoadNetwork& net, const io::ChainContraction* chains,
                                const apps::RunEnv& env);

}  // namespace karst::routing
