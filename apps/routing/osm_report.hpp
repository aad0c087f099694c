#pragma once
//! What an OpenStreetMap import made of the file, for the run output and the record: vertices,
//! arcs, one-way arcs, the dropped ways, segments and arcs by reason, and the largest strongly
//! connected component.

#include "apps/routing/road_network.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace karst::routing {

struct GraphReport {
  nlohmann::json json;  //!< results.graph in the record
  std::string line;     //!< one line for the run output
};

//! `net` must come from an OpenStreetMap file (net.osm_counts set).
GraphReport osm_graph_report(const RoadNetwork& net, bool time_weights);

}  // namespace karst::routing
