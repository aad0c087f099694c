#pragma once
//! A single-band raster read whole from a file: DEMs, roughness or rain-pattern maps.
//! Row 0 is the northern edge; (x0, y0) is the north-west corner of cell (0, 0).

#include <string>
#include <vector>

namespace karst::io {

struct Raster {
  long long ny = 0, nx = 0;
  double dx = 0.0;            //!< square cells, map units (m)
  double x0 = 0.0, y0 = 0.0;  //!< north-west corner
  bool has_nodata = false;
  double nodata = -9999.0;
  std::vector<double> values;  //!< row-major ny x nx
  std::string source;          //!< the file it came from, for error messages

  double at(long long i, long long j) const { return values[static_cast<size_t>(i * nx + j)]; }
  bool is_nodata(double v) const { return has_nodata && v == nodata; }
};

//! ESRI ASCII grid (.asc): ncols, nrows, xllcorner|xllcenter, yllcorner|yllcenter, cellsize,
//! optional NODATA_value, then nrows x ncols numbers. Errors name the file and line.
Raster read_esri_ascii(const std::string& path);
//! The same on the text of a grid (what read_esri_ascii calls); `source` names it in errors.
Raster parse_esri_ascii(const std::string& text, const std::string& source);
//! GeoTIFF (or any raster GDAL reads), band 1. Throws if Karst was built without GDAL.
Raster read_gdal(const std::string& path);
//! A 2D dataset with `spacing` and `origin` attributes as io::write_block writes them
//! (origin = centre of cell (0,0)); the whole array is read on every rank of MPI_COMM_SELF.
Raster read_raster_h5(const std::string& path, const std::string& dataset);
//! Picks the reader from the extension: .asc, .h5/.hdf5, otherwise GDAL.
Raster read_raster(const std::string& path, const std::string& h5_dataset = "elevation");

}  // namespace karst::io
