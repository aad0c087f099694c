#include "apps/routing/routing_app.hpp"

#include "apps/routing/network_files.hpp"
#include "apps/routing/osm_report.hpp"
#include "apps/routing/road_contraction.hpp"
#include "apps/routing/routing_config.hpp"
#include "apps/routing/sssp_mode.hpp"
#include "apps/routing/tables_mode.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

namespace karst::routing {

namespace {

// `contracted` is set when routing.osm.contract asks for it, once the vertices the run needs by
// id are known (every rank contracts the same graph the same way).
apps::WorkloadRun run_mode(const apps::Config& config, RoutingConfig& c, const RoadNetwork& net,
                           const apps::RunEnv& env, std::optional<ContractedRoads>& contracted) {
  if (c.sssp_mode) {
    check_sssp_vertices(config, net.arcs.num_vertices);
    if (c.source_by_osm_id) c.source = source_from_osm_id(config, c.source_osm_id, net.osm_ids);
  }
  if (c.contract) contracted = contract_road_network(c, net);
  const auto* chains = contracted ? &contracted->chains : nullptr;
  const bench::RunIdentity identity{"routing", c.scenario, config.effective()};
  return c.sssp_mode ? run_sssp_mode(c, identity, net, chains, env)
                     : run_tables_mode(c, identity, net, chains, env);
}

// How far the sites had to move to reach the road network.
std::string sites_line(const nlohmann::json& sites) {
  double far = 0;
  std::string name;
  for (const auto& s : sites)
    if (s["snap_m"].get<double>() >= far) far = s["snap_m"].get<double>(), name = s["name"];
  return fmt::format(
      "{} sites snapped to the largest SCC, farthest {:.1f} m ({}); per site in "
      "results.sites",
      sites.size(), far, name);
}

}  // namespace

apps::WorkloadRun run_routing(const apps::Config& config, const apps::RunEnv& env) {
  auto c = parse_routing_config(config);
  auto net = read_road_network(c, env.comm);
  // The user's sites replace the graph's default hub and market (every rank snaps the same).
  const auto sites = c.sites.given() ? snap_sites(c.sites, net) : nlohmann::json();
  // For other shortest-path codes (GAPBS side by side), or for later runs to skip the text
  // import; the run goes on.
  export_road_network(c, net, env.comm);
  std::optional<ContractedRoads> contracted;
  if (!net.osm_counts) return run_mode(config, c, net, env, contracted);
  // An OpenStreetMap graph's counts go first in the run output and into results.graph.
  const auto report = osm_graph_report(net, c.osm.time);
  if (env.comm.is_root() && env.progress) std::cerr << report.line << "\n";
  auto run = run_mode(config, c, net, env, contracted);
  auto results = run.record.doc().value("results", nlohmann::json::object());
  results["graph"] = report.json;
  results["graph"]["contraction"] = contracted ? contracted->json : nlohmann::json(false);
  if (!sites.is_null()) {
    results["sites"] = sites;
    run.highlights.insert(run.highlights.begin(), sites_line(sites));
  }
  run.record.set_results(results);
  if (contracted) run.highlights.insert(run.highlights.begin(), contracted->line);
  run.highlights.insert(run.highlights.begin(), report.line);
  return run;
}

}  // namespace karst::routing
