#include "apps/routing/route_outputs.hpp"

#include "base/atomic_file.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/json_h5.hpp"

namespace karst::routing {

namespace {

constexpr double kHour = 3600.0;

nlohmann::json totals_json(const RouteTotals& t) {
  return {{"routes", t.routes},
          {"hours", t.hours},
          {"tonnes", t.tonnes},
          {"one_truck_per_farm_hours", t.one_truck_per_farm_hours},
          {"farms_routed", t.farms_routed},
          {"farms_unrouted", t.farms_unrouted}};
}

nlohmann::json unserved_json(const RoadNetwork& net, const HubRoutePlan& h) {
  auto out = nlohmann::json::array();
  for (const auto& u : h.plan.unserved) {
    const auto& farm = net.farms[h.farms[u.farm]];
    out.push_back({{"hub", h.hub},
                   {"farm_node", farm.node + 1},
                   {"tonnes", farm.tonnes},
                   {"reason", u.reason}});
  }
  return out;
}

}  // namespace

RouteTotals route_totals(const std::vector<HubRoutePlan>& plans) {
  RouteTotals t;
  for (const auto& h : plans) {
    t.routes += h.plan.routes.size();
    t.hours += double(h.plan.total_time_s) / kHour;
    t.tonnes += h.plan.total_tonnes;
    t.one_truck_per_farm_hours += double(h.plan.one_truck_per_farm_s) / kHour;
    t.farms_unrouted += h.plan.unserved.size();
    t.farms_routed += h.farms.size() - h.plan.unserved.size();
  }
  return t;
}

nlohmann::json routes_json(const RoadNetwork& net, const std::vector<HubRoutePlan>& plans,
                           const TruckSettings& trucks) {
  auto hubs = nlohmann::json::array();
  for (const auto& h : plans) {
    const auto& p = h.plan;
    auto routes = nlohmann::json::array();
    for (const auto& r : p.routes) {
      auto nodes = nlohmann::json::array();
      for (int f : r.farms) nodes.push_back(net.farms[h.farms[f]].node + 1);
      routes.push_back(
          {{"farm_nodes", nodes}, {"hours", double(r.time_s) / kHour}, {"tonnes", r.tonnes}});
    }
    hubs.push_back({{"hub", h.hub},
                    {"hub_node", net.hubs[h.hub].node + 1},
                    {"farms", h.farms.size()},
                    {"routes", routes},
                    {"unserved", unserved_json(net, h)},
                    {"hours", double(p.total_time_s) / kHour},
                    {"tonnes", p.total_tonnes},
                    {"one_truck_per_farm_hours", double(p.one_truck_per_farm_s) / kHour},
                    {"savings_hours", double(p.savings_time_s) / kHour},
                    {"improving_moves", p.improving_moves}});
  }
  return {{"truck_capacity_t", trucks.capacity_t},
          {"service_min", double(trucks.service_s) / 60.0},
          {"totals", totals_json(route_totals(plans))},
          {"hubs", hubs}};
}

void write_routes(const std::string& dir, const RoadNetwork& net,
                  const std::vector<HubRoutePlan>& plans, const TruckSettings& trucks) {
  io::write_text_atomically(dir + "/routes.json", routes_json(net, plans, trucks).dump(2) + "\n");

  // A flat table: route r visits stops [route_first_stop[r], route_first_stop[r + 1]).
  std::vector<double> hub, hours, tonnes, first_stop{0}, stop_node;
  auto unserved = nlohmann::json::array();
  for (const auto& h : plans) {
    for (const auto& r : h.plan.routes) {
      hub.push_back(double(h.hub));
      hours.push_back(double(r.time_s) / kHour);
      tonnes.push_back(r.tonnes);
      for (int f : r.farms) stop_node.push_back(double(net.farms[h.farms[f]].node + 1));
      first_stop.push_back(double(stop_node.size()));
    }
    for (auto& u : unserved_json(net, h)) unserved.push_back(std::move(u));
  }
  auto file = io::H5File::create(dir + "/routes.h5", mpi::Comm::self());
  auto write = [&](const std::string& name, const std::vector<double>& v, const char* units) {
    if (!v.empty())
      io::write_block(file, name, io::Block::whole({v.size()}), v.data(), {units, {}, {}});
  };
  write("route_hub", hub, "");
  write("route_hours", hours, "h");
  write("route_tonnes", tonnes, "t");
  write("route_first_stop", first_stop, "");
  write("stop_farm_node", stop_node, "");
  io::write_json_group(file.id(), "/summary",
                       {{"totals", totals_json(route_totals(plans))},
                        {"truck_capacity_t", trucks.capacity_t},
                        {"service_min", double(trucks.service_s) / 60.0},
                        {"unserved", unserved}});
  file.commit();
}

}  // namespace karst::routing
