#pragma once
//! Each farm's produce to a collection hub: the most perishable first, each farm to the hub with
//! room from which its produce reaches a market soonest, within its deadline.

#include "apps/routing/distance_table.hpp"
#include "apps/routing/road_network.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::routing {

struct FarmAssignment {
  struct Assigned {
    size_t farm = 0;  //!< index into RoadNetwork::farms
    long hub = 0;
    Weight farm_to_market_s = 0;  //!< through the hub, to its nearest market
  };
  struct Unserved {
    size_t farm = 0;
    std::string reason;  //!< "unreachable", "deadline" or "hub capacity"
  };
  std::vector<long> hub_of_farm;   //!< per farm: its hub, -1 if unserved
  std::vector<Assigned> assigned;  //!< in the order assigned: the earliest deadline first
  std::vector<Unserved> unserved;
  double tonnes_delivered = 0.0;
};

//! `to_hub` is the hub <- farm table, `to_market` the market <- hub table. Deterministic: the
//! same on every rank.
FarmAssignment assign_farms_to_hubs(const RoadNetwork& net, const DistanceTable& to_hub,
                                    const DistanceTable& to_market);

//! assignment.json: {"assigned": [...], "unserved": [...]}, farms as 1-based node ids.
nlohmann::json assignment_json(const RoadNetwork& net, const FarmAssignment& assignment);

}  // namespace karst::routing
