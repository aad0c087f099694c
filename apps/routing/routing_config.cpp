#include "apps/routing/routing_config.hpp"

#include "apps/routing/network_files.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace karst::routing {

namespace {

// scenario osm: the weight and the speeds of the highway classes (km/h), defaults in
// io::osm_default_speeds_kmh.
void parse_osm_keys(const apps::Config& config, RoutingConfig& c) {
  c.osm.time = config.get_choice("routing.osm.weight", "time", {"length", "time"}) == "time";
  for (const auto& [cls, kmh] : io::osm_default_speeds_kmh())
    c.osm.speeds_kmh[cls] =
        c.osm.time ? config.get_double_in("routing.osm.speed_kmh." + cls, kmh, 1.0, 300.0) : kmh;
  c.contract = config.get_bool("routing.osm.contract", true);
}

// Where the network comes from (the province's keys or the graph files), and where it goes.
void parse_network_keys(const apps::Config& config, RoutingConfig& c) {
  if (c.scenario == "guizhou-roads") {
    c.size = config.get_double_in("routing.size", 1.0, 0.01, 100.0);
    c.seed = static_cast<unsigned>(config.get_int_in("routing.seed", 2026, 0, 1LL << 31));
  } else {
    c.graph = config.get_path("routing.graph");
    if (c.graph.empty())
      throw Error(config.origin(),
                  fmt::format("scenario '{}' needs routing.graph (a .gr, graph .h5, "
                              ".osm.pbf or .osm file)",
                              c.scenario));
    if (io::names_osm_file(c.graph) != (c.scenario == "osm"))
      throw Error(config.origin(),
                  fmt::format("routing.scenario '{}' does not read routing.graph '{}': scenario "
                              "'osm' reads .osm.pbf, .pbf and .osm files, 'dimacs' .gr and .h5",
                              c.scenario, c.graph));
    if (c.scenario == "osm") {
      parse_osm_keys(config, c);
    } else {
      c.coordinates = config.get_path("routing.coordinates");
      c.sources = config.get_path("routing.sources");
    }
  }
  c.path_to_given = config.has("routing.path_to");
  c.export_graph = config.get_path("routing.export_graph", "", false);
  if (!c.export_graph.empty() && !names_dimacs_gr(c.export_graph) &&
      !names_graph_h5(c.export_graph))
    throw Error(config.origin(),
                fmt::format("routing.export_graph '{}' must end in .gr or .h5", c.export_graph));
}

// scenario osm, tables mode: the user's sites, all three files or none.
void parse_site_keys(const apps::Config& config, RoutingConfig& c) {
  auto& s = c.sites;
  s.farms = config.get_path("routing.sites.farms");
  s.hubs = config.get_path("routing.sites.hubs");
  s.markets = config.get_path("routing.sites.markets");
  if (s.farms.empty() && s.hubs.empty() && s.markets.empty()) return;
  if (s.farms.empty() || s.hubs.empty() || s.markets.empty())
    throw Error(config.origin(),
                "routing.sites needs farms, hubs and markets (CSV files) together");
  s.max_snap_m = config.get_double_in("routing.sites.max_snap_m", 1000.0, 0.0, 1e7);
  s.deadline_h = config.get_double_in("routing.sites.deadline_h", 24.0, 0.001, 1e6);
}

// A graph file chooses its scenario by its name; no graph: the built-in province.
std::string default_scenario(const apps::Config& config) {
  if (!config.has("routing.graph")) return "guizhou-roads";
  return io::names_osm_file(config.get_string("routing.graph", "")) ? "osm" : "dimacs";
}

}  // namespace

RoutingConfig parse_routing_config(const apps::Config& config) {
  RoutingConfig c;
  c.scenario = config.get_choice("routing.scenario", default_scenario(config),
                                 {"guizhou-roads", "dimacs", "osm"});
  c.delta = config.get_int_in("routing.delta", 0, 0, 1LL << 40);
  c.sssp_mode = config.get_choice("routing.mode", "tables", {"tables", "sssp"}) == "sssp";
  parse_network_keys(config, c);
  if (c.sssp_mode) {
    // Bounded by the graph's vertex count: check_sssp_vertices.
    c.source_by_osm_id = config.has("routing.source_osm_id");
    if (c.source_by_osm_id && config.has("routing.source"))
      throw Error(config.origin(),
                  "routing.source and routing.source_osm_id both pick the "
                  "source: give one");
    if (c.source_by_osm_id) c.source_osm_id = config.get_int("routing.source_osm_id", 0);
    c.source = config.get_int("routing.source", 1);
    c.path_to = config.get_int("routing.path_to", 0);
  } else {
    if (c.scenario == "osm") parse_site_keys(config, c);
    c.trucks.capacity_t = config.get_double_in("routing.truck_capacity_t", 20.0, 0.001, 1e6);
    c.trucks.service_s =
        std::llround(60.0 * config.get_double_in("routing.service_min", 15.0, 0.0, 1440.0));
  }
  config.reject_unknown("routing");
  return c;
}

void check_sssp_vertices(const apps::Config& config, std::int64_t num_vertices) {
  const auto n = std::max<long long>(1, static_cast<long long>(num_vertices));
  config.get_int_in("routing.source", 1, 1, n);
  config.get_int_in("routing.path_to", 0, 0, n);
}

std::int64_t source_from_osm_id(const apps::Config& config, std::int64_t osm_id,
                                const std::vector<std::int64_t>& osm_ids) {
  const auto it = std::find(osm_ids.begin(), osm_ids.end(), osm_id);
  if (osm_ids.empty())
    throw Error(config.origin(),
                "routing.source_osm_id: the graph has no OSM node ids (an "
                "OpenStreetMap file or a graph .h5 exported from one has them)");
  if (it == osm_ids.end())
    throw Error(config.origin(),
                fmt::format("routing.source_osm_id: OSM node {} is not a vertex of the graph "
                            "(vertices are the nodes of kept roads, docs/routing.md)",
                            osm_id));
  return (it - osm_ids.begin()) + 1;
}

}  // namespace karst::routing
