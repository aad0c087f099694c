#pragma once
//! Fields of a flood setup read from raster files: the DEM that defines the grid, and rasters on
//! that grid (roughness, initial water). Every reader names the file in its errors. The files are
//! opened here, checked in one streaming pass (a strip of rows in memory at a time), and each
//! rank reads only its own block when the FloodModel fills it: no rank holds a whole raster.

#include "apps/flood/flood_setup.hpp"

#include <string>

namespace karst::flood {

struct DemOptions {
  std::string file;
  std::string dataset = "elevation";  //!< the dataset of an HDF5 DEM
  //! Target CRS for GDAL's warper ("EPSG:32648", or "utm": the zone of the DEM's centre);
  //! empty: the DEM is used on its own grid, which must be metric.
  std::string reproject;
  double cell_size_m = 0.0;  //!< target cell size with `reproject`; 0: gdalwarp's, rounded
};

//! Makes the DEM the terrain of `s`: grid shape, cell size, origin, CRS and bed. Nodata cells
//! become walls 1000 m above the highest terrain (s.wall_elevation), which water never enters and
//! on which no rain falls.
void apply_dem(FloodSetup& s, const DemOptions& dem);

//! Manning's n per cell from a raster on the terrain's grid (with a reprojected DEM: on the
//! reprojected grid, same origin and cell size; the error says how to make one with gdalwarp).
void apply_roughness_file(FloodSetup& s, const std::string& path, bool reprojected);

//! A raster on the terrain's grid (same shape, cell size and origin) as a field, each rank reading
//! its own block. Nodata cells read as `nodata_as`; any other value outside [lo, hi] is an error
//! naming the file and cell.
BlockFiller raster_on_grid(const FloodSetup& s, const std::string& path, const std::string& dataset,
                           double nodata_as, double lo, double hi);

}  // namespace karst::flood
