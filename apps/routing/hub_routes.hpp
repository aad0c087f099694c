#pragma once
//! Vehicle routes of every hub once the farms are assigned: the leg matrices on the forward graph
//! (route_legs.hpp), one RouteProblem per hub with each farm's limit = its deadline - the time
//! from the hub to its nearest market, the plans (hubs dealt round-robin to the ranks), then every
//! rank receives every plan.

#include "apps/routing/distance_table.hpp"
#include "apps/routing/road_network.hpp"
#include "apps/routing/route_legs.hpp"
#include "apps/routing/vehicle_routes.hpp"

#include <vector>

namespace karst::routing {

//! routing.truck_capacity_t and routing.service_min (in minutes there; routing_config.hpp).
struct TruckSettings {
  double capacity_t = 20.0;
  Weight service_s = 900;  //!< loading at each farm
};

struct HubRoutePlan {
  size_t hub = 0;
  std::vector<size_t> farms;  //!< indices into RoadNetwork::farms; the plan's farm k is farms[k]
  RoutePlan plan;
};

//! Collective; the same result on every rank and on any number of ranks. `hub_of_farm[f]` is the
//! hub farm f is assigned to (-1: none); `to_hub` and `to_market` are the hub <- farm and
//! market <- hub tables. Hubs without farms get no plan. `delta` <= 0 is automatic.
std::vector<HubRoutePlan> plan_hub_routes(
    const RoadNetwork& net, const std::vector<long>& hub_of_farm, const DistanceTable& to_hub,
    const DistanceTable& to_market, const TruckSettings& trucks, Weight delta,
    const mpi::Comm& comm, bench::Profile& profile, LegStats& stats);

}  // namespace karst::routing
