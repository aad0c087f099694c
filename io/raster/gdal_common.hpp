#pragma once
//! What every GDAL user in io/raster/ shares (internal: only for files compiled with
//! KARST_HAVE_GDAL): GDAL's messages turned into one karst::Error, opening a dataset for reading,
//! CRSs, drivers and gdalwarp to a warped VRT. One place, so that the readers (multiband_gdal.cpp,
//! raster_source_gdal.cpp) and the writer (geotiff_writer.cpp) fail alike.

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <vector>

namespace karst::io::gdal {

//! GDAL reports through a global handler; Karst reports one karst::Error with context instead.
class Quiet {
 public:
  Quiet();
  Quiet(const Quiet&) = delete;
  Quiet& operator=(const Quiet&) = delete;
  ~Quiet();
  //! Whether GDAL reported a failure since this Quiet was made.
  static bool failed();
  //! GDAL's last message, to append to a Karst error ("" when it said nothing).
  static std::string last();
};

struct Close {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, Close>;

//! `path` opened read-only. Throws naming it when a plain path does not exist or GDAL cannot
//! read it as a raster. Virtual names ("/vsizip/...", "NETCDF:f.nc:var") go to GDAL as they are.
Dataset open_for_reading(const std::string& path);

//! GDAL's driver `name` ("GTiff", "PNG", "MEM"); throws naming `path` when this GDAL lacks it.
GDALDriver* driver(const char* name, const std::string& path);

//! `srs` as WKT ("" for none).
std::string wkt_of(const OGRSpatialReference* srs);
//! A CRS from anything SetFromUserInput takes, x = easting/longitude. Throws naming `where`.
OGRSpatialReference srs_from(const std::string& text, const std::string& where);

//! `src` seen through a warped VRT made by gdalwarp's own option parser from `args` (without
//! "-of VRT", added here): the grid is exactly what `gdalwarp <args>` would make, and reads
//! warp only the blocks they touch. `src` must outlive the result. Throws naming `path`, with
//! `what` ("reproject it to EPSG:32648 at 30 m") and GDAL's reason.
Dataset warp_to_vrt(GDALDataset& src, const std::vector<std::string>& args, const std::string& path,
                    const std::string& what);

}  // namespace karst::io::gdal
