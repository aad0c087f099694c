#pragma once
//! Water at t = 0 (flood.initial.*): a depth raster, a water-level raster, or one water level,
//! optionally inside a box: a dam break, a reservoir or a lake in a few lines of YAML.

#include "apps/flood/flood_setup.hpp"

namespace karst::flood {

//! A rectangle in map coordinates; a cell is inside when its centre is (edges included).
struct MapBox {
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  bool contains(double x, double y) const {
    return x >= xmin && x <= xmax && y >= ymin && y <= ymax;
  }
};

//! Depth = level - bed where the bed lies below `level` (and the cell is inside `box`, when one
//! is given), 0 elsewhere and on walls. Uses s.bed, so call it after the terrain is set.
BlockFiller depth_below_level(const FloodSetup& s, double level, const MapBox* box);

//! Depth = level(cell) - bed where positive; a level of -infinity (the raster's nodata) is dry.
BlockFiller depth_below_level_field(const FloodSetup& s, BlockFiller level);

}  // namespace karst::flood
