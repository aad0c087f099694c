#pragma once
//! `karst routing` configuration: every key under `routing.` (docs/user-guide.md lists them),
//! read in one place; unknown keys under `routing.` are errors. Keys belong to a scenario or a
//! mode: those of the other scenario or mode are not read, and so are unknown.

#include "apps/common/config.hpp"
#include "apps/routing/hub_routes.hpp"
#include "apps/routing/site_files.hpp"
#include "io/graph/osm_roads.hpp"
#include "kernels/routing/csr_graph.hpp"

#include <cstdint>
#include <string>

namespace karst::routing {

struct RoutingConfig {
  //! "guizhou-roads" (the built-in province), "dimacs" (a .gr or graph .h5 file) or "osm" (an
  //! OpenStreetMap .osm.pbf or .osm file)
  std::string scenario;
  bool sssp_mode = false;  //!< routing.mode sssp: one distributed SSSP instead of the tables
  Weight delta = 0;        //!< delta-stepping bucket width; 0: automatic

  // guizhou-roads
  double size = 1.0;
  unsigned seed = 2026;

  // dimacs: the graph (.gr, or .h5 stored by an earlier export), coordinates (.co) and sources
  // used as hubs (.ss); empty: none
  std::string graph, coordinates, sources;

  io::OsmOptions osm;  //!< osm: routing.osm.weight and routing.osm.speed_kmh.<class>
  //! osm: routing.osm.contract, searches on the graph with its degree-2 chains contracted
  bool contract = false;
  SiteFiles sites;  //!< osm, tables mode: routing.sites.*; none given: vertex 1 as hub, market

  std::string export_graph;  //!< the network written as .gr or .h5 before the run; empty: none

  // sssp mode, 1-based vertex ids as in DIMACS files
  std::int64_t source = 1;
  std::int64_t path_to = 0;  //!< the path to reconstruct; 0: none
  //! routing.source_osm_id: the source by OSM node id (resolved once the graph is read)
  bool source_by_osm_id = false;
  std::int64_t source_osm_id = 0;
  //! routing.path_to is present (even as 0, and in either mode): the memory estimate counts the
  //! gathered parent tree.
  bool path_to_given = false;

  TruckSettings trucks;  //!< tables mode: the vehicle routes
};

//! Reads and validates every routing key, then rejects the unknown ones.
RoutingConfig parse_routing_config(const apps::Config& config);

//! The sssp mode's routing.source must lie in [1, n] and routing.path_to in [0, n] (n at least
//! 1), n known only once the graph is read. parse_routing_config has read both keys; only the
//! configuration can name where a bad value was given, so the bounds are checked through it.
void check_sssp_vertices(const apps::Config& config, std::int64_t num_vertices);

//! routing.source_osm_id as a 1-based vertex id of a graph whose vertices carry `osm_ids`; an
//! error naming the id when no vertex has it (or the graph has no OSM ids).
std::int64_t source_from_osm_id(const apps::Config& config, std::int64_t osm_id,
                                const std::vector<std::int64_t>& osm_ids);

}  // namespace karst::routing
