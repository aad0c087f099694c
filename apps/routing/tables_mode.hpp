#pragma once
//! `karst routing` (routing.mode tables): travel-time tables (farm -> hub, hub -> market) by
//! batched delta-stepping over the ranks on a replicated graph, each farm's produce assigned to a
//! hub (farm_assignment.hpp), then vehicle routes per hub (hub_routes.hpp); see docs/routing.md.

#include "apps/common/workload.hpp"
#include "apps/routing/road_network.hpp"
#include "apps/routing/routing_config.hpp"
#include "bench/workload_record.hpp"
#include "io/graph/chain_contraction.hpp"

namespace karst::routing {

//! Collective. Writes tables.h5, assignment.json, routes.json and routes.h5 under env.out_dir.
//! With `chains` (net's arcs contracted, every farm, hub and market kept) the searches run on the
//! contracted graph, which gives the same times; routes.geojson follows net's roads.
apps::WorkloadRun run_tables_mode(const RoutingConfig& config, const bench::RunIdentity& identity,
                                  const RoadNetwork& net, const io::ChainContraction* chains,
                                  const apps::RunEnv& env);

}  // namespace karst::routing
