#pragma once
//! `karst routing`: agri-logistics on a road network (docs/routing.md). The configuration, then
//! the network (the built-in province or a graph file), then one of two modes: travel-time tables
//! with the farm-to-hub assignment and vehicle routes (tables_mode.hpp), or one distributed
//! single-source search on the graph partitioned over the ranks (sssp_mode.hpp).

#include "apps/common/workload.hpp"

namespace karst::routing {

apps::WorkloadRun run_routing(const apps::Config& config, const apps::RunEnv& env);

}  // namespace karst::routing
