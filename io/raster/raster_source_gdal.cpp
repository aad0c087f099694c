// Rasters through GDAL: GeoTIFF and the rest read by windows (RasterIO), and the same seen
// through GDAL's warper as a warped VRT, which computes only the blocks a window touches. The
// VRT warps by its own fixed blocks and with an exact transformer (-et 0), so a cell's value
// does not depend on the window that asked for it: decompositions read identical values.
#include "base/error.hpp"
#include "io/raster/raster_source.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <vector>

#if defined(KARST_HAVE_GDAL)
#include <gdalwarper.h>

#include "io/raster/gdal_common.hpp"
#endif

namespace karst::io {

#if defined(KARST_HAVE_GDAL)
namespace {

using gdal::Quiet;
using gdal::srs_from;
using gdal::wkt_of;
using GdalDataset = gdal::Dataset;

GdalDataset open_dataset(const std::string& path) {
  GdalDataset ds = gdal::open_for_reading(path);
  if (ds->GetRasterCount() < 1) throw Error(path, "has no raster bands");
  return ds;
}

// Grid of band 1 of `ds`; `path` names the file in errors.
RasterGrid grid_of(GDALDataset& ds, const std::string& path) {
  RasterGrid g;
  g.source = path;
  g.nx = ds.GetRasterXSize();
  g.ny = ds.GetRasterYSize();
  double gt[6];
  if (ds.GetGeoTransform(gt) != CE_None) throw Error(path, "has no geotransform");
  if (gt[2] != 0 || gt[4] != 0) throw Error(path, "rotated rasters are not supported");
  if (std::fabs(std::fabs(gt[5]) - gt[1]) > 1e-9 * gt[1])
    throw Error(path, fmt::format("cells are not square ({} x {})", gt[1], -gt[5]));
  g.dx = gt[1];
  g.x0 = gt[0];
  g.y0 = gt[3];
  int has = 0;
  g.nodata = ds.GetRasterBand(1)->GetNoDataValue(&has);
  g.has_nodata = has != 0;
  g.crs_wkt = wkt_of(ds.GetSpatialRef());
  return g;
}

class GdalSource : public RasterSource {
 public:
  explicit GdalSource(const std::string& path) : src_(open_dataset(path)) {
    grid_ = grid_of(*src_, path);
  }

  void read_window(long long i0, long long j0, int ny, int nx, double* out) const override {
    check_window(i0, j0, ny, nx);
    if (ny == 0 || nx == 0) return;
    Quiet quiet;
    GDALDataset& ds = warped_ ? *warped_ : *src_;
    if (ds.GetRasterBand(1)->RasterIO(GF_Read, static_cast<int>(j0), static_cast<int>(i0), nx, ny,
                                      out, nx, ny, GDT_Float64, 0, 0) != CE_None)
      throw Error(grid_.source, fmt::format("GDAL failed to read rows [{}, {}) of band 1{}", i0,
                                            i0 + ny, Quiet::last()));
  }

 protected:
  GdalDataset src_;
  GdalDataset warped_;  // declared after src_: closed first, as it reads from it
};

// Longitude and latitude (WGS 84) of the centre of `g`.
std::pair<double, double> centre_lon_lat(const RasterGrid& g) {
  if (g.crs_wkt.empty()) throw Error(g.source, "has no CRS: cannot reproject it");
  const auto src = srs_from(g.crs_wkt, g.source);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&src, &wgs84));
  double x = g.x0 + 0.5 * g.nx * g.dx, y = g.y0 - 0.5 * g.ny * g.dx;
  if (!t || !t->Transform(1, &x, &y))
    throw Error(g.source, "GDAL cannot find the longitude and latitude of its centre");
  return {x, y};
}

class WarpedSource final : public GdalSource {
 public:
  WarpedSource(const std::string& path, const RasterWarp& warp) : GdalSource(path) {
    const RasterGrid source = grid_;
    const std::string crs = target_crs(source, warp.target_crs);
    const double cell = warp.cell_size > 0 ? warp.cell_size : default_cell(crs);
    // gdalwarp's own option parser: the grid is exactly what `gdalwarp` makes of these options.
    const std::string res = fmt::format("{:.17g}", cell);
    const std::string nodata = fmt::format("{:.17g}", source.has_nodata ? source.nodata : -9999.0);
    warped_ =
        gdal::warp_to_vrt(*src_,
                          {"-t_srs", crs, "-tr", res, res, "-r", "bilinear", "-et", "0", "-ot",
                           "Float64", "-wt", "Float64", "-dstnodata", nodata},
                          path, fmt::format("reproject it to {} at {} m", warp.target_crs, res));
    grid_ = grid_of(*warped_, path + " (reprojected to " + crs + ")");
    grid_.source = path;
    grid_.has_nodata = true;  // cells outside the source are nodata, whatever the source said
  }

 private:
  std::string target_crs(const RasterGrid& g, const std::string& asked) const {
    if (asked != "utm") {
      srs_from(asked, g.source);  // a clear error for a CRS GDAL does not know
      return asked;
    }
    const auto [lon, lat] = centre_lon_lat(g);
    return utm_crs_of(lon, lat);
  }

  // What gdalwarp would choose without -tr (it keeps the number of cells along the diagonal),
  // rounded to 2 significant digits.
  double default_cell(const std::string& crs) const {
    const auto dst = srs_from(crs, grid_.source);
    const std::string wkt = wkt_of(&dst);
    Quiet quiet;
    void* transformer = GDALCreateGenImgProjTransformer(GDALDataset::ToHandle(src_.get()), nullptr,
                                                        nullptr, wkt.c_str(), FALSE, 0, 0);
    double gt[6];
    int px = 0, ln = 0;
    const bool ok = transformer && GDALSuggestedWarpOutput(GDALDataset::ToHandle(src_.get()),
                                                           GDALGenImgProjTransform, transformer, gt,
                                                           &px, &ln) == CE_None;
    if (transformer) GDALDestroyGenImgProjTransformer(transformer);
    if (!ok) throw Error(grid_.source, "GDAL cannot suggest a cell size in " + crs + Quiet::last());
    return round_cell_size(gt[1]);
  }
};

}  // namespace

std::unique_ptr<RasterSource> open_gdal_source(const std::string& path) {
  return std::make_unique<GdalSource>(path);
}

std::unique_ptr<RasterSource> open_warped_raster_source(const std::string& path,
                                                        const RasterWarp& warp) {
  return std::make_unique<WarpedSource>(path, warp);
}

bool crs_is_geographic(const std::string& wkt) {
  if (wkt.empty()) return false;
  OGRSpatialReference srs;
  Quiet quiet;
  return srs.SetFromUserInput(wkt.c_str()) == OGRERR_NONE && srs.IsGeographic();
}

std::string crs_to_wkt(const std::string& text, const std::string& where) {
  const auto srs = srs_from(text, where);
  return wkt_of(&srs);
}

#else

namespace {
Error no_gdal(const std::string& path) {
  return Error(path,
               "this Karst was built without GDAL; convert to .asc or HDF5, or rebuild with GDAL");
}
}  // namespace

std::unique_ptr<RasterSource> open_gdal_source(const std::string& path) {
  throw no_gdal(path);
}

std::unique_ptr<RasterSource> open_warped_raster_source(const std::string& path,
                                                        const RasterWarp&) {
  throw no_gdal(path);
}

bool crs_is_geographic(const std::string&) {
  return false;
}

std::string crs_to_wkt(const std::string& text, const std::string&) {
  return text;
}

#endif

}  // namespace karst::io
