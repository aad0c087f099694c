#pragma once
//! A single-band raster opened without reading its values: its grid first, then any window of
//! rows and columns on demand. Each rank of a decomposed run reads only its own block (GDAL
//! windowed RasterIO, an HDF5 hyperslab, or the rows it needs of an ESRI ASCII text), so no rank
//! holds a whole grid. Row 0 is the northern edge; (x0, y0) is the north-west corner of (0, 0).

#include <functional>
#include <memory>
#include <string>

namespace karst::io {

struct RasterGrid {
  long long ny = 0, nx = 0;
  double dx = 0.0;            //!< square cells, map units
  double x0 = 0.0, y0 = 0.0;  //!< north-west corner
  bool has_nodata = false;
  double nodata = -9999.0;
  std::string crs_wkt;  //!< coordinate reference system as WKT; empty when the file has none
  std::string source;   //!< the file it came from, for error messages
  bool is_nodata(double v) const { return has_nodata && v == nodata; }
};

class RasterSource {
 public:
  virtual ~RasterSource() = default;
  const RasterGrid& grid() const { return grid_; }
  //! Rows [i0, i0+ny) x columns [j0, j0+nx) into `out` (row-major ny x nx). Throws naming the
  //! file (and line, for text) when the window is outside the grid or a value is unreadable.
  virtual void read_window(long long i0, long long j0, int ny, int nx, double* out) const = 0;
  //! Visits the whole raster in order, about `rows` rows at a time: visit(first row, rows, values).
  //! Memory: one strip. Every value is checked as read_window checks it.
  using StripVisitor = std::function<void(long long i0, int rows, const double* values)>;
  virtual void scan(int rows, const StripVisitor& visit) const;

 protected:
  void check_window(long long i0, long long j0, int ny, int nx) const;
  RasterGrid grid_;
};

//! Opens by extension: .asc (ESRI ASCII; CRS from a .prj beside it), .h5/.hdf5 (the 2D dataset
//! `h5_dataset` with `spacing` and `origin` attributes as io::write_block writes them, CRS from
//! a `crs` string attribute), anything else through GDAL (band 1).
std::unique_ptr<RasterSource> open_raster_source(const std::string& path,
                                                 const std::string& h5_dataset = "elevation");

//! How to reproject a raster on the fly with GDAL's warper (bilinear, nodata preserved).
struct RasterWarp {
  //! A CRS GDAL understands ("EPSG:32648", WKT, PROJ string), or "utm": the UTM zone of the
  //! raster's centre (WGS 84; north or south by the centre's latitude).
  std::string target_crs;
  //! Target cell size in the target CRS's units (m); 0 = the source's resolution as gdalwarp
  //! would choose it, rounded (see default_cell_size).
  double cell_size = 0.0;
};

//! `path` (any GDAL raster, not .asc/.h5 unless GDAL reads them) seen through a warped VRT on the
//! target grid: each read_window warps only that window. The output grid is gdalwarp's for
//! `-t_srs <crs> -tr <cell> <cell> -r bilinear -et 0`; a window's values do not depend on how the
//! grid is split into windows. Throws if Karst was built without GDAL.
std::unique_ptr<RasterSource> open_warped_raster_source(const std::string& path,
                                                        const RasterWarp& warp);

//! "EPSG:326zz" (north) or "EPSG:327zz" (south): the WGS 84 UTM zone of a longitude/latitude.
std::string utm_crs_of(double lon_deg, double lat_deg);

//! The default target cell size: gdalwarp's suggested resolution, rounded to 2 significant
//! digits (92.6 m -> 93 m, 0.87 m -> 0.87 m).
double round_cell_size(double suggested);

//! Whether `wkt` (as RasterGrid::crs_wkt) is a geographic CRS (degrees). False when empty or
//! when Karst was built without GDAL.
bool crs_is_geographic(const std::string& wkt);

//! `text` (EPSG:xxxx, WKT, ESRI WKT of a .prj, PROJ string) as WKT; `text` itself without GDAL.
//! Throws naming `where` when GDAL cannot parse it.
std::string crs_to_wkt(const std::string& text, const std::string& where);

}  // namespace karst::io
