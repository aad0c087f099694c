#pragma once
//! routes.png: the road network with the vehicle routes and the farm-to-market paths, drawn with
//! matplotlib (apps/routing/plot/routes_png.py) from routes.geojson and the network's roads.

#include "apps/routing/road_network.hpp"

#include <string>

namespace karst::routing {

struct RoutesPng {
  std::string note;    //!< one line when it was not drawn because Python or matplotlib is missing
  std::string failed;  //!< why the script failed (a bug or an unwritable directory); else empty
};

//! Not collective (rank 0). Draws `dir`/routes.png from `dir`/routes.geojson, which must exist,
//! and the roads of `net` (lon/lat in net.xy), passed through a temporary file removed after.
RoutesPng draw_routes_png(const std::string& dir, const RoadNetwork& net);

}  // namespace karst::routing
