#pragma once
//! The built-in scenario `guizhou-karst`: a synthetic karst catchment of the kind that produces
//! Guizhou's mountain torrents. A river valley meanders west to east between cone-karst hills
//! (fengcong), sinkholes (dolines) pock the slopes, and a town sits on the flat floodplain near
//! the outlet. A convective storm peaking at 90 mm/h falls on it while the river brings a flood
//! wave from upstream. Gauges watch an upstream village, a bridge and the town.

#include "apps/flood/flood_setup.hpp"

namespace karst::flood {

//! The catchment's geography as functions of map coordinates (m; x east from the west edge, y
//! north from the south edge), so other workloads (`karst stormday`) can place roads, fields and
//! villages on the same land.
namespace guizhou_terrain {
inline constexpr double kSide = 10240.0;  //!< m: the catchment is square
inline constexpr double kTownX = 8600.0;  //!< m from the west edge: the town on the floodplain
//! The river's centre line: y of the channel at x.
double river_y(double x);
//! Bed elevation, m.
double elevation(double x, double y);
//! Manning's n of the scenario's own land-cover zones, s/m^(1/3).
double manning(double x, double y);
}  // namespace guizhou_terrain

//! `size` multiplies the cells per side (dx = 10 m / size); the catchment stays the same.
FloodSetup guizhou_karst_scenario(double size);

}  // namespace karst::flood
