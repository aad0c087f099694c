#pragma once
//! Road graphs in HDF5, so that a DIMACS import (text, slow to parse at 10^7 arcs) is done once:
//!   /graph/tail, /graph/head   int64 [arcs], 0-based vertex ids
//!   /graph/weight              int64 [arcs], >= 0 (seconds for the built-in province)
//!   /graph/x, /graph/y         float64 [vertices], optional coordinates (DIMACS .co; lon/lat
//!                              in degrees for OpenStreetMap graphs)
//!   /graph/osm_id              int64 [vertices], optional OpenStreetMap node ids
//!   /graph attributes          num_vertices (string, decimal), source (the file it came from)
//! docs/routing.md documents the layout. Reading checks every id and weight and names the
//! dataset and index of the first bad one.

#include "io/graph/dimacs.hpp"

#include <string>
#include <utility>
#include <vector>

namespace karst::io {

struct StoredGraph {
  EdgeList arcs;
  std::vector<std::pair<double, double>> xy;  //!< empty, or one (x, y) per vertex
  std::vector<std::int64_t> osm_ids;          //!< empty, or one OSM node id per vertex
};

//! All-or-nothing (written as <path>.tmp, renamed when complete). Serial: call on one rank.
void write_graph_h5(const std::string& path, const StoredGraph& graph);

//! Serial read of the whole graph (each rank holds a replica or takes its share afterwards).
StoredGraph read_graph_h5(const std::string& path);

}  // namespace karst::io
