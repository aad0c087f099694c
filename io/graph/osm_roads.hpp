#pragma once
//! Road graphs from OpenStreetMap (.osm.pbf or .osm XML) through libosmium, by the version-1
//! rules of docs/routing.md ("OpenStreetMap roads"): ways kept by highway class, one-way rules,
//! one arc per direction of each segment between consecutive nodes, weights in metres or seconds.
//! Vertices are the nodes of kept ways, numbered by ascending OSM id; their ids and lon/lat come
//! with the graph.

#include "io/graph/dimacs.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace karst::io {

//! A file name that this reader takes: ends in .osm.pbf, .pbf or .osm.
bool names_osm_file(const std::string& path);

//! The highway classes kept, with their default speeds in km/h (docs/routing.md lists them).
const std::map<std::string, double>& osm_default_speeds_kmh();

struct OsmOptions {
  bool time = false;                         //!< weights in seconds (else metres)
  std::map<std::string, double> speeds_kmh;  //!< per highway class; every kept class present
};

//! What the import kept and dropped, for the run output and the record.
struct OsmCounts {
  long long ways_read = 0;  //!< ways with a kept highway class
  long long ways_kept = 0;
  long long ways_access = 0;    //!< dropped for access=no|private
  long long ways_area = 0;      //!< dropped for area=yes
  long long segments = 0;       //!< consecutive node pairs of kept ways
  long long missing_node = 0;   //!< segments dropped: a node not in the file
  long long self_loops = 0;     //!< segments dropped: the same node twice
  long long parallel_arcs = 0;  //!< arcs dropped: a lighter (or equal) arc joins the same pair
  long long one_way_arcs = 0;   //!< arcs u -> v of the graph with no arc v -> u
  long long missing_nodes = 0;  //!< distinct node ids referenced but not in the file
};

struct OsmGraph {
  EdgeList arcs;  //!< 0-based ids, sorted by (tail, head)
  std::vector<std::pair<double, double>> lonlat;
  std::vector<std::int64_t> osm_ids;  //!< ascending
  OsmCounts counts;
};

//! Reads the whole file (two passes: ways, then their nodes). Errors name the file: unreadable or
//! truncated data, no kept ways, or no segment left.
OsmGraph read_osm_roads(const std::string& path, const OsmOptions& options);

//! Great-circle distance in metres (haversine, R = 6,371,008.8 m), in double.
double haversine_m(double lon1, double lat1, double lon2, double lat2);

//! km/h from an OSM maxspeed value: "50", "50 km/h", "50 kmh", "50 kph" or "30 mph"; 0 when it
//! is none of these (a zone code such as "FI:urban", "none", "walk", several values).
double parse_maxspeed_kmh(const std::string& value);

}  // namespace karst::io
