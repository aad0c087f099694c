#include "apps/routing/farm_assignment.hpp"

#include <algorithm>
#include <numeric>

namespace karst::routing {

namespace {

// Farm indices, the earliest deadline first (ties in farm order).
std::vector<size_t> most_perishable_first(const std::vector<Farm>& farms) {
  std::vector<size_t> order(farms.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return farms[a].deadline_h < farms[b].deadline_h; });
  return order;
}

struct HubChoice {
  long hub = -1;  //!< -1: none
  Weight farm_to_market_s = kUnreachable;
  std::string reason = "unreachable";  //!< why no hub, when none
};

// The hub that gets farm f's produce to a market soonest, among those with room and within its
// deadline; the reason names the last obstacle met.
HubChoice best_hub(const RoadNetwork& net, size_t f, const DistanceTable& to_hub,
                   const std::vector<Weight>& hub_to_market_s, const std::vector<double>& load) {
  const auto& farm = net.farms[f];
  HubChoice best;
  for (size_t h = 0; h < net.hubs.size(); ++h) {
    const auto in = to_hub.at(h, f);
    if (in >= kUnreachable) continue;
    const Weight out = hub_to_market_s[h];
    if (out >= kUnreachable) continue;
    if (double(in + out) > farm.deadline_h * 3600) {
      if (best.reason == "unreachable") best.reason = "deadline";
      continue;
    }
    if (load[h] + farm.tonnes > net.hubs[h].capacity_t) {
      best.reason = "hub capacity";
      continue;
    }
    if (in + out < best.farm_to_market_s)
      best.farm_to_market_s = in + out, best.hub = static_cast<long>(h);
  }
  return best;
}

}  // namespace

FarmAssignment assign_farms_to_hubs(const RoadNetwork& net, const DistanceTable& to_hub,
                                    const DistanceTable& to_market) {
  const auto hub_to_market_s = min_over_sources(to_market);
  std::vector<double> load(net.hubs.size(), 0.0);
  FarmAssignment a;
  a.hub_of_farm.assign(net.farms.size(), -1);
  for (size_t f : most_perishable_first(net.farms)) {
    const auto choice = best_hub(net, f, to_hub, hub_to_market_s, load);
    if (choice.hub < 0) {
      a.unserved.push_back({f, choice.reason});
      continue;
    }
    load[choice.hub] += net.farms[f].tonnes;
    a.hub_of_farm[f] = choice.hub;
    a.tonnes_delivered += net.farms[f].tonnes;
    a.assigned.push_back({f, choice.hub, choice.farm_to_market_s});
  }
  return a;
}

nlohmann::json assignment_json(const RoadNetwork& net, const FarmAssignment& assignment) {
  auto assigned = nlohmann::json::array(), unserved = nlohmann::json::array();
  for (const auto& a : assignment.assigned) {
    const auto& farm = net.farms[a.farm];
    assigned.push_back({{"farm_node", farm.node + 1},
                        {"produce", farm.produce},
                        {"tonnes", farm.tonnes},
                        {"hub", a.hub},
                        {"farm_to_market_h", double(a.farm_to_market_s) / 3600}});
  }
  for (const auto& u : assignment.unserved) {
    const auto& farm = net.farms[u.farm];
    unserved.push_back(
        {{"farm_node", farm.node + 1}, {"tonnes", farm.tonnes}, {"reason", u.reason}});
  }
  return {{"assigned", assigned}, {"unserved", unserved}};
}

}  // namespace karst::routing
