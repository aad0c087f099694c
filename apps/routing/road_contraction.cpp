#include "apps/routing/road_contraction.hpp"

#include <fmt/format.h>

namespace karst::routing {

std::vector<bool> vertices_to_keep(const RoutingConfig& config, const RoadNetwork& net) {
  std::vector<bool> keep(static_cast<size_t>(net.arcs.num_vertices), false);
  const auto mark = [&](std::int64_t v) {
    if (v >= 0 && v < net.arcs.num_vertices) keep[static_cast<size_t>(v)] = true;
  };
  if (config.sssp_mode) {
    mark(config.source - 1);
    mark(config.path_to - 1);
  }
  for (const auto& f : net.farms) mark(f.node);
  for (const auto& h : net.hubs) mark(h.node);
  for (const auto& m : net.markets) mark(m.node);
  return keep;
}

ContractedRoads contract_road_network(const RoutingConfig& config, const RoadNetwork& net) {
  ContractedRoads r;
  r.chains = io::contract_chains(net.arcs, vertices_to_keep(config, net));
  const auto& g = r.chains.graph;
  r.json = {{"vertices", r.chains.remaining_vertices()},
            {"arcs", g.src.size()},
            {"chains", r.chains.chains},
            {"interior_vertices", r.chains.interior.size()}};
  r.line = fmt::format(
      "chain contraction: {} -> {} vertices, {} -> {} arcs ({} chains); outputs cover every "
      "vertex",
      net.arcs.num_vertices, r.chains.remaining_vertices(), net.arcs.src.size(), g.src.size(),
      r.chains.chains);
  return r;
}

RoadNetwork with_arcs(const RoadNetwork& net, const io::EdgeList& arcs) {
  RoadNetwork r;
  r.name = net.name;
  r.arcs = arcs;
  r.farms = net.farms;
  r.hubs = net.hubs;
  r.markets = net.markets;
  return r;
}

}  // namespace karst::routing
