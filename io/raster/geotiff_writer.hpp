#pragma once
//! GeoTIFF maps for GIS, written window by window so that no one holds the whole raster, and a
//! PNG picture, both through GDAL when Karst is built with it. The file appears under its name
//! only when complete: it is written to `<path>.tmp` and renamed by commit().

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace karst::io {

//! True when this Karst was built with GDAL (GeoTIFF and PNG output available).
bool gdal_available();
//! True when GDAL is there and has the named driver ("GTiff", "PNG"): a GDAL built without
//! libpng (a Spack variant) writes GeoTIFFs but no PNG.
bool gdal_has_driver(const std::string& name);

//! A north-up grid of square cells: row 0 is the northern edge, (x0, y0) the north-west corner.
struct GeoGrid {
  long long rows = 0, cols = 0;
  double x0 = 0.0, y0 = 0.0, dx = 1.0;
  //! Coordinate reference system: WKT, "EPSG:<code>" or anything GDAL's SetFromUserInput takes;
  //! empty: the file gets no CRS.
  std::string crs;
  double dy = 0.0;  //!< cell height when cells are not square; 0: dy = dx
};

struct MapBand {
  enum class Type { float32, byte } type = Type::float32;
  double nodata = -9999.0;
  std::string description;  //!< band description, e.g. "max_depth (m)"
  std::string units;        //!< band unit type, e.g. "m"
};

//! One GeoTIFF (tiled 256 x 256, DEFLATE; one band by default, every band of the same type and
//! nodata), filled by windows in any order.
class GeoTiffWriter {
 public:
  //! Creates `<path>.tmp`; throws karst::Error naming `path` when it cannot (unwritable
  //! directory, invalid CRS, no GDAL).
  GeoTiffWriter(std::string path, const GeoGrid& grid, const MapBand& band, int bands = 1);
  //! Removes the temporary file unless commit() succeeded.
  ~GeoTiffWriter();
  GeoTiffWriter(const GeoTiffWriter&) = delete;
  GeoTiffWriter& operator=(const GeoTiffWriter&) = delete;

  //! Rows [row0, row0+rows) x columns [col0, col0+cols) of `band` (from 1), row-major;
  //! converted to the band type.
  void write_window(long long row0, long long col0, int rows, int cols, const float* values,
                    int band = 1);
  //! A band's description (band from 1), e.g. "red"; band 1 has MapBand::description.
  void describe_band(int band, const std::string& description);
  //! Flushes, closes and renames the file into place.
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

//! An 8-bit RGB picture (`rgb` holds width*height*3 bytes, row-major, top row first) written as
//! PNG through GDAL, atomically. Throws karst::Error naming `path`.
void write_png_rgb(const std::string& path, int width, int height,
                   const std::vector<std::uint8_t>& rgb);

}  // namespace karst::io
