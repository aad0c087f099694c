#pragma once
//! The user's farms, hubs and markets from CSV files (routing.sites.*), snapped to the nearest
//! vertex of the largest strongly connected component of an OpenStreetMap graph, so that every
//! site can reach every other. docs/routing.md ("Sites") gives the format.

#include "apps/routing/road_network.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::routing {

struct SiteFiles {
  std::string farms, hubs, markets;  //!< all three, or none
  double max_snap_m = 1000.0;        //!< a site farther from the component is an error
  double deadline_h = 24.0;          //!< the farms' deadline
  bool given() const { return !farms.empty(); }
};

//! One line of a site file: `name, lon, lat` (+ `, tonnes` for farms).
struct Site {
  std::string name;
  double lon = 0, lat = 0, tonnes = 0;
  int line = 0;
};

//! Parses a site file; `tonnes` says whether the fourth column is there. Blank lines and lines
//! starting with '#' are skipped, and a first line starting with `name` is a header. Errors name
//! the file and line.
std::vector<Site> read_site_file(const std::string& path, bool tonnes);

//! Replaces net's farms, hubs and markets by the snapped sites; `net.xy` must hold lon/lat.
//! Returns the per-site report (kind, name, line, vertex 1-based, osm_id, snap_m). Errors name
//! the file and line: a site outside the graph's lon/lat extent, or farther than max_snap_m from
//! the largest component.
nlohmann::json snap_sites(const SiteFiles& files, RoadNetwork& net);

}  // namespace karst::routing
