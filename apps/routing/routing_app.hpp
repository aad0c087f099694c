#pragma once
//! `karst routing`: travel-time tables (farm -> hub, hub -> market) by batched delta-stepping
//! over MPI ranks, then each farm's produce assigned to a hub under capacities and deadlines, then
//! vehicle routes per hub (hub_routes.hpp); see docs/routing.md.

#include "apps/common/workload.hpp"

namespace karst::routing {

apps::WorkloadRun run_routing(const apps::Config& config, const apps::RunEnv& env);

}  // namespace karst::routing
