#include "apps/routing/routing_config.hpp"

#include "apps/routing/network_files.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace karst::routing {

namespace {

// Where the network comes from (the province's keys or the graph files), and where it goes.
void parse_network_keys(const apps::Config& config, RoutingConfig& c) {
  if (c.scenario == "guizhou-roads") {
    c.size = config.get_double_in("routing.size", 1.0, 0.01, 100.0);
    c.seed = static_cast<unsigned>(config.get_int_in("routing.seed", 2026, 0, 1LL << 31));
  } else {
    c.graph = config.get_path("routing.graph");
    if (c.graph.empty())
      throw Error(config.origin(),
                  "scenario 'dimacs' needs routing.graph (a .gr or graph .h5 file)");
    c.coordinates = config.get_path("routing.coordinates");
    c.sources = config.get_path("routing.sources");
  }
  c.path_to_given = config.has("routing.path_to");
  c.export_graph = config.get_path("routing.export_graph", "", false);
  if (!c.export_graph.empty() && !names_dimacs_gr(c.export_graph) &&
      !names_graph_h5(c.export_graph))
    throw Error(config.origin(),
                fmt::format("routing.export_graph '{}' must end in .gr or .h5", c.export_graph));
}

}  // namespace

RoutingConfig parse_routing_config(const apps::Config& config) {
  RoutingConfig c;
  c.scenario = config.get_choice("routing.scenario",
                                 config.has("routing.graph") ? "dimacs" : "guizhou-roads",
                                 {"guizhou-roads", "dimacs"});
  c.delta = config.get_int_in("routing.delta", 0, 0, 1LL << 40);
  c.sssp_mode = config.get_choice("routing.mode", "tables", {"tables", "sssp"}) == "sssp";
  parse_network_keys(config, c);
  if (c.sssp_mode) {
    // Bounded by the graph's vertex count: check_sssp_vertices.
    c.source = config.get_int("routing.source", 1);
    c.path_to = config.get_int("routing.path_to", 0);
  } else {
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

}  // namespace karst::routing
