#pragma once
//! The road network a routing run works on, with the logistics around it: farms with produce and
//! deadlines, collection hubs with capacities, and markets. Built by the `guizhou-roads` scenario
//! or read from DIMACS files.

#include "io/graph/dimacs.hpp"
#include "io/graph/osm_roads.hpp"

#include <optional>

#include <string>
#include <vector>

namespace karst::routing {

struct Farm {
  std::int64_t node = 0;
  double tonnes = 0.0;
  double deadline_h = 0.0;  //!< produce must reach a market within this many hours
  std::string produce;
};

struct Hub {
  std::int64_t node = 0;
  double capacity_t = 0.0;
};

struct Market {
  std::int64_t node = 0;
  std::string name;
};

struct RoadNetwork {
  std::string name;
  io::EdgeList arcs;                          //!< weights are travel times in seconds
  std::vector<std::pair<double, double>> xy;  //!< lon/lat in degrees for OpenStreetMap graphs
  std::vector<std::int64_t> osm_ids;  //!< per vertex, for graphs from OpenStreetMap; else empty
  std::optional<io::OsmCounts> osm_counts;  //!< what an OpenStreetMap import kept and dropped
  std::vector<Farm> farms;
  std::vector<Hub> hubs;
  std::vector<Market> markets;
};

//! A synthetic province: a jittered lattice of villages joined by winding village roads (some cut
//! by mountains), county roads every 8th line, national roads every 32nd and expressways every
//! 64th; farms on 2 % of the villages, hubs at county crossroads, four markets at the edges
//! (Kunming, Chengdu, Chongqing, Guangzhou). About 10^5 nodes at size 1, x size more.
RoadNetwork guizhou_roads_scenario(double size, unsigned seed);

//! The villages per side of that lattice (side x side nodes), e.g. for estimates made before it
//! is built.
long long guizhou_roads_side(double size);

}  // namespace karst::routing
