#pragma once
//! The built-in scenario `guizhou-karst`: a synthetic karst catchment of the kind that produces
//! Guizhou's mountain torrents. A river valley meanders west to east between cone-karst hills
//! (fengcong), sinkholes (dolines) pock the slopes, and a town sits on the flat floodplain near
//! the outlet. A convective storm peaking at 90 mm/h falls on it while the river brings a flood
//! wave from upstream. Gauges watch an upstream village, a bridge and the town.

#include "apps/flood/flood_setup.hpp"

namespace karst::flood {

//! `size` multiplies the cells per side (dx = 10 m / size); the catchment stays the same.
FloodSetup guizhou_karst_scenario(double size);

}  // namespace karst::flood
