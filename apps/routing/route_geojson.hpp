#pragma once
//! Routes on a map: `routes.geojson` (RFC 7946, lon/lat LineStrings) with one feature per vehicle
//! route (hub -> farms -> hub, along the roads) and one per assigned farm (farm -> hub -> the
//! hub's nearest market), for graphs whose coordinates are lon/lat (OpenStreetMap imports).

#include "apps/routing/farm_assignment.hpp"
#include "apps/routing/hub_routes.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::routing {

//! Serial, on the host: one Dijkstra with parents per distinct leg start (hubs and farms).
nlohmann::json routes_geojson(const RoadNetwork& net, const FarmAssignment& assignment,
                              const std::vector<HubRoutePlan>& plans);

}  // namespace karst::routing
