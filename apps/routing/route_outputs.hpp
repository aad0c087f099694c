#pragma once
//! What the vehicle routes leave behind: routes.json (per hub, each route's farms as 1-based node
//! ids, hours and tonnes, the farms no truck can serve with the reason, totals) and routes.h5 (the
//! same routes as a flat route/stop table), plus the totals for the run record.

#include "apps/routing/hub_routes.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::routing {

struct RouteTotals {
  size_t routes = 0;
  double hours = 0.0;  //!< all routes, hub to hub, loading included
  double tonnes = 0.0;
  double one_truck_per_farm_hours = 0.0;  //!< the baseline: every routed farm on its own truck
  size_t farms_routed = 0;
  size_t farms_unrouted = 0;  //!< assigned to a hub, but no truck can serve them
};

RouteTotals route_totals(const std::vector<HubRoutePlan>& plans);

nlohmann::json routes_json(const RoadNetwork& net, const std::vector<HubRoutePlan>& plans,
                           const TruckSettings& trucks);

//! Not collective: call on one rank. Both files are written under a temporary name and renamed
//! when complete.
void write_routes(const std::string& dir, const RoadNetwork& net,
                  const std::vector<HubRoutePlan>& plans, const TruckSettings& trucks);

}  // namespace karst::routing
