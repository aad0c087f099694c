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

}  // namespace karst::flood
