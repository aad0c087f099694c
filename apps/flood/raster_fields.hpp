#pragma once
//! Fields of a flood setup read from raster files: the DEM that defines the grid, and rasters on
//! that grid (roughness, initial water). Every reader names the file in its errors.

#include "apps/flood/flood_setup.hpp"

#include <string>

namespace karst::flood {

//! Makes `path` the terrain of `s`: grid shape, cell size, origin, CRS and bed. Nodata cells
//! become walls 1000 m above the highest terrain, which water never enters.
void apply_dem(FloodSetup& s, const std::string& path, const std::string& dataset);

//! Manning's n per cell from a raster on the terrain's grid.
void apply_roughness_file(FloodSetup& s, const std::string& path);

//! A raster on the terrain's grid (same shape, cell size and origin) as a field. Nodata cells read
//! as `nodata_as`; any other value outside [lo, hi] is an error naming the file and cell.
BlockFiller raster_on_grid(const FloodSetup& s, const std::string& path, const std::string& dataset,
                           double nodata_as, double lo, double hi);

}  // namespace karst::flood
