#include "apps/stormday/routing_impact.hpp"

#include "base/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace karst::stormday {

RoutingImpactConfig parse_routing_impact_config(const apps::Config& config) {
  RoutingImpactConfig c;
  c.allow_waiting = config.get_bool("stormday.routing.allow_waiting", c.allow_waiting);
  // Up to a year: anything longer is a unit mistake, not a storm.
  c.horizon_s = config.get_double_in("stormday.routing.horizon_s", c.horizon_s, 0.0, 3.2e7);
  return c;
}

double impact_horizon(const RoutingImpactConfig& config, const SegmentClosures& closures) {
  if (config.horizon_s > 0.0) return config.horizon_s;
  if (config.simulation_end_s > 0.0) return config.simulation_end_s;
  const auto points = closure_breakpoints(closures);
  return points.empty() ? 0.0 : std::max(0.0, points.back());
}

const char* delivery_name(Delivery d) {
  switch (d) {
    case Delivery::on_time:
      return "on_time";
    case Delivery::late:
      return "late";
    case Delivery::unreachable:
      return "unreachable";
  }
  return "?";
}

Delivery delivery_of(const TimedRoute& route, const FarmTruck& truck) {
  if (!route.reached) return Delivery::unreachable;
  return route.arrival_s <= route.departure_s + truck.deadline_h * 3600.0 ? Delivery::on_time
                                                                          : Delivery::late;
}

namespace {

// One truck's two plans, dry and under the closures, and what the storm changed.
TruckImpact truck_impact(int farm, const FarmTruck& truck, const TimedRouter& dry,
                         const TimedRouter& storm) {
  if (!(truck.deadline_h > 0.0))
    throw Error("stormday.routing", "farm " + truck.name + " has no deadline");
  TruckImpact ti;
  ti.farm = farm;
  ti.truck = truck;
  ti.dry = dry.route(truck.node, truck.departure_s);
  ti.storm = storm.route(truck.node, truck.departure_s);
  ti.dry_delivery = delivery_of(ti.dry, truck);
  ti.storm_delivery = delivery_of(ti.storm, truck);
  const bool both = ti.dry.reached && ti.storm.reached;
  ti.changed = ti.dry.reached != ti.storm.reached || (both && !same_path(ti.dry, ti.storm));
  if (both) {
    ti.extra_distance_m = ti.storm.distance_m - ti.dry.distance_m;
    ti.extra_time_s = ti.storm.arrival_s - ti.dry.arrival_s;
  }
  return ti;
}

// A truck into the totals and into its produce's tonnes.
void count_truck(const TruckImpact& ti, RoutingImpactTotals& t, ProduceImpact& p) {
  const auto& truck = ti.truck;
  const bool both = ti.dry.reached && ti.storm.reached;
  ++t.trucks;
  t.tonnes += truck.tonnes;
  if (both && ti.changed) {
    ++t.rerouted;
    t.extra_km += ti.extra_distance_m / 1000.0;
  }
  if (both) t.extra_hours += ti.extra_time_s / 3600.0;
  t.delayed += both && ti.extra_time_s > 0.0;
  p.produce = truck.produce;
  ++p.trucks;
  p.tonnes += truck.tonnes;
  if (ti.dry_delivery == Delivery::on_time) p.tonnes_on_time_dry += truck.tonnes;
  if (ti.storm_delivery == Delivery::late) {
    ++t.late;
    p.tonnes_late += truck.tonnes;
  }
  if (ti.storm_delivery == Delivery::unreachable) {
    ++t.unreachable;
    p.tonnes_unreachable += truck.tonnes;
  }
  if (ti.dry_delivery == Delivery::on_time && ti.storm_delivery != Delivery::on_time)
    p.tonnes_lost += truck.tonnes;
}

// Every farm's truck, then the tonnes by produce (summed in produce-name order).
void plan_trucks(const County& county, const SegmentClosures& closures,
                 const RoutingImpactConfig& config, RoutingImpact& out) {
  const TimedRouter dry(county, {}, config.allow_waiting);
  const TimedRouter storm(county, closures, config.allow_waiting);
  auto& t = out.totals;
  std::map<std::string, ProduceImpact> produce;
  for (size_t f = 0; f < county.farms.size(); ++f) {
    TruckImpact ti = truck_impact(int(f), county.farms[f], dry, storm);
    count_truck(ti, t, produce[ti.truck.produce]);
    out.trucks.push_back(std::move(ti));
  }
  for (auto& [name, p] : produce) {
    t.tonnes_late += p.tonnes_late;
    t.tonnes_unreachable += p.tonnes_unreachable;
    t.tonnes_lost += p.tonnes_lost;
    out.produce.push_back(p);
  }
}

// Every village: its dry time to a market and when the closures cut it off.
void check_villages(const County& county, const SegmentClosures& closures, RoutingImpact& out) {
  auto& t = out.totals;
  out.dry_market_s = dry_market_times(county);
  std::vector<int> village_nodes;
  for (const auto& v : county.villages) village_nodes.push_back(v.node);
  const auto cut = cut_off_intervals(county, closures, village_nodes, out.horizon_s);
  for (size_t v = 0; v < county.villages.size(); ++v) {
    VillageImpact vi;
    vi.village = int(v);
    vi.place = county.villages[v];
    vi.dry_market_s = out.dry_market_s[size_t(vi.place.node)];
    vi.cut_off = cut[v];
    ++t.villages;
    if (!vi.cut_off.intervals.empty()) {
      ++t.villages_cut_off;
      t.population_cut_off += vi.place.population;
    }
    t.villages_cut_off_at_horizon += vi.cut_off.at_horizon;
    t.villages_cut_off_permanently += vi.cut_off.permanent;
    t.village_cut_off_hours += vi.cut_off.total_s / 3600.0;
    out.villages.push_back(std::move(vi));
  }
}

}  // namespace

RoutingImpact plan_routing_impact(const County& county, const SegmentClosures& closures,
                                  const RoutingImpactConfig& config) {
  RoutingImpact out;
  out.config = config;
  out.horizon_s = impact_horizon(config, closures);
  for (const auto& m : county.markets) out.markets.push_back(m.name);
  for (const auto& list : closures) {
    out.totals.closures += int(list.size());
    out.totals.closed_segments += !list.empty();
  }
  plan_trucks(county, closures, config, out);
  check_villages(county, closures, out);
  return out;
}

}  // namespace karst::stormday
