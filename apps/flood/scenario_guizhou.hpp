#pragma once
//! The built-in scenario `guizhou-karst`: a storm over the karst catchment of
//! apps/geography/guizhou_karst.hpp. A convective storm peaking at 90 mm/h falls on it while the
//! river brings a flood wave from upstream. Gauges watch an upstream village, a bridge and the
//! town.

#include "apps/flood/flood_setup.hpp"

namespace karst::flood {

//! `size` multiplies the cells per side (dx = 10 m / size); the catchment stays the same.
FloodSetup guizhou_karst_scenario(double size);
//! The scenario's gauges and their warning levels on a grid of spacing `dx`, m.
std::vector<Gauge> guizhou_karst_gauges(double dx);

}  // namespace karst::flood
