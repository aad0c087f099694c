#include "apps/routing/routing_app.hpp"

#include "apps/routing/network_files.hpp"
#include "apps/routing/routing_config.hpp"
#include "apps/routing/sssp_mode.hpp"
#include "apps/routing/tables_mode.hpp"

namespace karst::routing {

apps::WorkloadRun run_routing(const apps::Config& config, const apps::RunEnv& env) {
  const auto c = parse_routing_config(config);
  const auto net = read_road_network(c, env.comm);
  // For other shortest-path codes (GAPBS side by side), or for later runs to skip the text
  // import; the run goes on.
  export_road_network(c, net, env.comm);
  if (c.sssp_mode) {
    check_sssp_vertices(config, net.arcs.num_vertices);
    return run_sssp_mode(c, {"routing", c.scenario, config.effective()}, net, env);
  }
  return run_tables_mode(c, {"routing", c.scenario, config.effective()}, net, env);
}

}  // namespace karst::routing
