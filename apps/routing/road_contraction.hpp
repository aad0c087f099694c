#pragma once
//! Degree-2 chain contraction for a routing run (routing.osm.contract): the vertices the run
//! needs by id stay, the searches run on the contracted graph, and the outputs are those of the
//! original graph (docs/routing.md, "Chain contraction").

#include "apps/routing/road_network.hpp"
#include "apps/routing/routing_config.hpp"
#include "io/graph/chain_contraction.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::routing {

struct ContractedRoads {
  io::ChainContraction chains;
  nlohmann::json json;  //!< results.graph.contraction in the record
  std::string line;     //!< one line for the run output
};

//! What the run needs by id: the sssp mode's source (resolved) and routing.path_to, every farm,
//! hub and market.
std::vector<bool> vertices_to_keep(const RoutingConfig& config, const RoadNetwork& net);

ContractedRoads contract_road_network(const RoutingConfig& config, const RoadNetwork& net);

//! The network with `arcs` instead of its own, the same farms, hubs and markets (no coordinates
//! or OSM ids: for the searches only).
RoadNetwork with_arcs(const RoadNetwork& net, const io::EdgeList& arcs);

}  // namespace karst::routing
