#pragma once
//! The river as one connected channel at any grid size. The `guizhou-karst` scenario lowers the
//! bed of the cells whose centres lie within 25 m of the river's centre line. On cells of 40 m
//! and more that band falls between cell centres wherever the river runs steeply across the rows,
//! and the channel breaks into pieces that touch only at corners; the solver's fluxes cross faces,
//! so even the base flow leaves the river there and spreads over the flat floodplain. On a dry day
//! the valley roads would then flood with no rain at all.
//!
//! The stage therefore burns the centre line into the bed (the usual DEM conditioning of
//! hydrology): every cell the line passes through gets at most the thalweg's elevation (the
//! scenario's own bed on the centre line, 3 m below the floodplain) and the river's initial water
//! level (1.5 m below the floodplain). Cells the line crosses form a 4-connected chain, so the
//! channel is continuous at any size; at 10 m cells the line's cells were channel already and
//! deepen by at most 0.24 m. The inflow hydrograph enters only through the channel's wet cells at
//! the west edge, not over the dry floodplain beside it.

#include "apps/flood/flood_setup.hpp"

namespace karst::stormday {

//! Whether the river's centre line passes through the square cell of side `dx` centred at map
//! point (x, y): the cells condition_river_channel burns, so the land-cover stage can call the
//! same cells water.
bool river_line_crosses_cell(double x, double y, double dx);

//! Rewrites `s.bed`, `s.initial_depth` and the west inflow segment of a `guizhou-karst` setup.
void condition_river_channel(flood::FloodSetup& s);

}  // namespace karst::stormday
