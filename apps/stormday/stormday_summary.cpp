#include "apps/stormday/stormday_summary.hpp"

#include "apps/stormday/county_imagery.hpp"
#include "bench/workload_record.hpp"

#include <algorithm>
#include <cmath>

namespace karst::stormday {

namespace {

using nlohmann::json;

json finite_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

// Mean RMSE over the bands: one number per image for the report.
json mean_rmse(const std::optional<fusion::QualityMetrics>& m) {
  if (!m || m->rmse.empty()) return nullptr;
  double s = 0;
  for (double v : m->rmse) s += v;
  return finite_or_null(s / double(m->rmse.size()));
}

json county_json(const County& c) {
  json markets = json::array(), villages = json::array();
  for (const auto& m : c.markets) markets.push_back({{"name", m.name}, {"node", m.node}});
  for (const auto& v : c.villages)
    villages.push_back({{"name", v.name}, {"node", v.node}, {"population", v.population}});
  return {{"name", c.name},
          {"size", c.size},
          {"seed", c.seed},
          {"grid",
           {{"ny", c.grid.ny},
            {"nx", c.grid.nx},
            {"dx_m", c.grid.dx},
            {"x0_m", c.grid.x0},
            {"y0_m", c.grid.y0}}},
          {"nodes", c.nodes.size()},
          {"segments", c.segments.size()},
          {"farms", c.farms.size()},
          {"markets", markets},
          {"villages", villages}};
}

json roads_json(const County& c) {
  json xy = json::array(), segments = json::array();
  for (const auto& p : c.nodes) xy.push_back({p.x, p.y});
  for (const auto& s : c.segments) segments.push_back({s.from, s.to, s.kind});
  return {{"nodes_xy", xy}, {"segments", segments}};
}

json landcover_json(const StormdayOutcome& o) {
  json classes = json::array();
  const auto* r = o.landcover ? &*o.landcover : nullptr;
  long long total = 0;
  if (r)
    for (long long n : r->predicted_cells) total += n;
  for (size_t k = 0; k < o.classes.classes.size(); ++k) {
    const auto& c = o.classes.classes[k];
    const long long cells = r && k < r->predicted_cells.size() ? r->predicted_cells[k] : 0;
    classes.push_back({{"name", c.name},
                       {"colour", c.colour},
                       {"manning", c.manning},
                       {"infiltration_mm_per_h", c.infiltration_mm_per_h},
                       {"cells", cells},
                       {"share", total > 0 ? double(cells) / double(total) : 0.0}});
  }
  json j = {{"classes", classes}, {"from_file", r == nullptr}};
  if (r) {
    j["overall_accuracy"] = r->accuracy;
    j["accuracy_coarse_only"] = r->accuracy_coarse;
    j["accuracy_last_clear_image"] = r->accuracy_last_clear;
    j["ndvi_rmse"] = r->ndvi_rmse;
    j["ndvi_rmse_coarse"] = r->ndvi_rmse_coarse;
    j["starfm_rmse"] = mean_rmse(r->starfm);
    j["coarse_baseline_rmse"] = mean_rmse(r->baseline);
    j["starfm_seconds"] = r->starfm_seconds;
    j["confusion"] = r->confusion;
    json truth = json::array();  // the confusion matrix's rows
    for (int k = 0; k < kCoverCount; ++k) truth.push_back(cover_name(static_cast<Cover>(k)));
    j["confusion_truth"] = truth;
  }
  j["seconds"] = o.times.landcover_s;
  return j;
}

json gauges_json(const GaugeRecord& g) {
  return {{"names", g.names},
          {"thresholds_m", g.thresholds_m},
          {"time_s", g.time_s},
          {"depth_m", g.depth_m}};
}

json closures_list(const County& c, const SegmentClosures& closures) {
  json list = json::array();
  for (size_t s = 0; s < closures.size(); ++s)
    for (const auto& cl : closures[s])
      list.push_back({{"segment", s},
                      {"kind", c.segments[s].kind},
                      {"begin_s", cl.begin_s},
                      {"end_s", finite_or_null(cl.end_s)}});
  return list;
}

json flood_json(const StormdayOutcome& o) {
  int closed = 0;
  for (const auto& list : o.closures) closed += list.empty() ? 0 : 1;
  json j = {{"from_file", !o.flood.has_value()},
            {"closures", closures_list(*o.county, o.closures)},
            {"closed_segments", closed},
            {"closure_rule",
             {{"depth_m", o.flood_config.closure.depth_m},
              {"hazard_rating", o.flood_config.closure.hazard_rating}}},
            {"rain_scale", o.flood_config.rain_scale},
            {"duration_s", o.flood_config.duration_s},
            {"window_s", o.flood_config.window_s},
            {"seconds", o.times.flood_s}};
  if (o.flood) {
    const auto& f = o.flood->flood;
    json warnings = json::array();
    for (const auto& w : f.warnings)
      warnings.push_back(
          {{"gauge", w.at("gauge")}, {"level", w.at("level")}, {"time_s", w.at("time_s")}});
    j["max_depth_m"] = f.max_depth;
    j["warnings"] = warnings;
    j["steps"] = f.total_steps;
    j["cell_updates_per_s"] = bench::per_second(f.cell_updates, f.wall_seconds);
    j["mass_imbalance_m3"] = f.budget.imbalance();
    j["rain_m3"] = f.budget.rain;
    j["infiltrated_m3"] = f.budget.infiltrated;
    j["gauges"] = gauges_json(o.gauges);
  }
  return j;
}

json route_json(const County& c, const TimedRoute& r) {
  return {{"market", r.reached ? json(c.markets[size_t(r.market)].name) : json(nullptr)},
          {"arrival_s", r.reached ? json(r.arrival_s) : json(nullptr)},
          {"distance_m", r.reached ? json(r.distance_m) : json(nullptr)},
          {"wait_s", r.wait_s},
          {"path_nodes", r.reached ? json(route_nodes(c, r)) : json::array()}};
}

// "on time", "late", "unreachable": words for the report.
std::string status_text(Delivery d) {
  std::string s = delivery_name(d);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// Each truck's two plans, with their paths as node lists for the map.
json trucks_json(const County& c, const RoutingImpact& impact) {
  json trucks = json::array();
  for (const auto& t : impact.trucks) {
    json dry = route_json(c, t.dry), storm = route_json(c, t.storm);
    storm["status"] = status_text(t.storm_delivery);
    dry["status"] = status_text(t.dry_delivery);
    dry.erase("wait_s");  // the dry plan never waits
    trucks.push_back({{"farm", t.truck.name},
                      {"produce", t.truck.produce},
                      {"tonnes", t.truck.tonnes},
                      {"departure_s", t.truck.departure_s},
                      {"deadline_h", t.truck.deadline_h},
                      {"dry", dry},
                      {"storm", storm},
                      {"changed", t.changed},
                      {"extra_distance_m", t.extra_distance_m},
                      {"extra_time_s", t.extra_time_s}});
  }
  return trucks;
}

// The villages cut off at some time.
json villages_cut_off_json(const RoutingImpact& impact) {
  json villages = json::array();
  for (const auto& v : impact.villages) {
    if (v.cut_off.intervals.empty()) continue;
    json intervals = json::array();
    for (const auto& [a, b] : v.cut_off.intervals) intervals.push_back({a, finite_or_null(b)});
    villages.push_back({{"name", v.place.name},
                        {"population", v.place.population},
                        {"cut_off_s", v.cut_off.total_s},
                        {"first_s", v.cut_off.first_s},
                        {"intervals", intervals},
                        {"still_cut_off", v.cut_off.at_horizon || v.cut_off.permanent}});
  }
  return villages;
}

// The people living in the villages cut off at some time.
long long people_cut_off(const RoutingImpact& impact) {
  long long people = 0;
  for (const auto& v : impact.villages)
    if (!v.cut_off.intervals.empty()) people += v.place.population;
  return people;
}

json routing_json(const StormdayOutcome& o) {
  const auto& impact = o.routing;
  const auto& t = impact.totals;
  return {{"trucks", trucks_json(*o.county, impact)},
          {"villages_cut_off", villages_cut_off_json(impact)},
          {"horizon_s", impact.horizon_s},
          {"allow_waiting", impact.config.allow_waiting},
          {"totals",
           {{"trucks", t.trucks},
            {"trucks_rerouted", t.rerouted},
            {"trucks_delayed", t.delayed},
            {"trucks_late", t.late},
            {"trucks_unreachable", t.unreachable},
            {"extra_km", t.extra_km},
            {"extra_hours", t.extra_hours},
            {"tonnes", t.tonnes},
            {"tonnes_late", t.tonnes_late},
            {"tonnes_unreachable", t.tonnes_unreachable},
            {"tonnes_lost", t.tonnes_lost},
            {"villages", t.villages},
            {"villages_cut_off", t.villages_cut_off},
            {"people_cut_off", people_cut_off(impact)},
            {"village_cut_off_hours", t.village_cut_off_hours}}},
          {"seconds", o.times.routing_s}};
}

}  // namespace

json stormday_summary(const StormdayOutcome& o) {
  const auto& t = o.times;
  return {{"schema", "karst-stormday/1"},
          {"county", county_json(*o.county)},
          {"files", o.files},
          {"roads", roads_json(*o.county)},
          {"landcover", landcover_json(o)},
          {"flood", flood_json(o)},
          {"routing", routing_json(o)},
          {"timing",
           {{"landcover_s", t.landcover_s},
            {"flood_s", t.flood_s},
            {"routing_s", t.routing_s},
            {"end_to_end_s", t.end_to_end_s}}}};
}

json stormday_results(const json& s) {
  json lc = s.at("landcover");
  lc.erase("confusion");
  json flood = s.at("flood");
  flood.erase("gauges");
  flood.erase("closures");
  json routing = s.at("routing").at("totals");
  json county = s.at("county");
  county.erase("villages");
  return {{"county", county},
          {"landcover", lc},
          {"flood", flood},
          {"routing", routing},
          {"villages_cut_off", s.at("routing").at("villages_cut_off")},
          {"timing", s.at("timing")}};
}

}  // namespace karst::stormday
