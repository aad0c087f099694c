#pragma once
//! The final maps for GIS: `max_depth.tif`, `max_speed.tif`, `hazard_class.tif` and
//! `arrival_time.tif`, single-band GeoTIFFs on the setup's grid (north-west corner, cell size,
//! CRS when known), the same fields as maps.h5. Rank 0 writes each file window by window as it
//! receives every rank's block, so no rank holds a whole map.

#include "apps/flood/flood_model.hpp"

#include <string>
#include <vector>

namespace karst::flood {

//! Nodata values of the GeoTIFFs (docs/flood.md). Depth and speed: cells where the DEM had no
//! data (walls). Hazard class (Byte): the same cells. Arrival time: never reached (as in
//! maps.h5) and the DEM's nodata cells.
constexpr double kDepthNodata = -9999.0, kSpeedNodata = -9999.0;
constexpr double kHazardNodata = 255.0, kArrivalNodata = -1.0;

//! 1 for this rank's owned cells where the DEM had no data (its bed at FloodSetup::wall_elevation),
//! row-major.
std::vector<unsigned char> owned_nodata(const FloodModel& m);

//! Collective: writes the four GeoTIFFs into `dir`. Throws karst::Error on every rank when
//! rank 0 cannot write one. Needs GDAL (io::gdal_available()).
void write_gis_maps(const FloodModel& m, const std::string& dir);

//! Collective: the GeoTIFFs and `max_depth.png` in `dir`. Returns "" or, when Karst was built
//! without GDAL (or GDAL lacks the GTiff or PNG driver), the one line that says what was skipped.
std::string write_map_files(const FloodModel& m, const std::string& dir);

}  // namespace karst::flood
