// Multiband images through GDAL (GeoTIFF and the rest), when Karst is built with it. Rows are
// read with one RasterIO call for all bands, so GDAL's block cache does the tiling.
#include "base/error.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#if defined(KARST_HAVE_GDAL)
#include "io/raster/gdal_common.hpp"
#endif

namespace karst::io {

#if defined(KARST_HAVE_GDAL)
namespace {

using gdal::Quiet;

SampleType sample_type_of(GDALDataType t) {
  switch (t) {
    case GDT_Byte:
      return SampleType::uint8;
    case GDT_Int16:
      return SampleType::int16;
    case GDT_UInt16:
      return SampleType::uint16;
    case GDT_Float32:
      return SampleType::float32;
    default:
      return SampleType::float64;  // 32-bit integers: every value is exact in a double
  }
}

// "EPSG:<code>" when the CRS has one, else its WKT, else "".
std::string crs_of(const GDALDataset& ds) {
  const OGRSpatialReference* srs = ds.GetSpatialRef();
  if (!srs) return "";
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code && std::string(auth) == "EPSG") return std::string("EPSG:") + code;
  char* wkt = nullptr;
  std::string text;
  if (srs->exportToWkt(&wkt) == OGRERR_NONE && wkt) text = wkt;
  CPLFree(wkt);
  return text;
}

// Bounding box (x0, y0, x1, y1) of `ds`'s area in the CRS `to`, from points along its edges.
std::array<double, 4> bounds_in(GDALDataset& ds, const OGRSpatialReference& to) {
  double gt[6];
  ds.GetGeoTransform(gt);
  OGRSpatialReference from = *ds.GetSpatialRef();
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> tr(OGRCreateCoordinateTransformation(&from, &to));
  std::array<double, 4> b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
  const int n = 20;
  for (int k = 0; k <= 4 * n; ++k) {
    const double f = double(k % n) / n;  // walk the 4 edges
    const int e = std::min(k / n, 3);
    double px = e == 0 ? f : e == 1 ? 1 : e == 2 ? 1 - f : 0;
    double py = e == 0 ? 0 : e == 1 ? f : e == 2 ? 1 : 1 - f;
    double x = gt[0] + px * ds.GetRasterXSize() * gt[1],
           y = gt[3] + py * ds.GetRasterYSize() * gt[5];
    if (!tr || !tr->Transform(1, &x, &y)) continue;
    b = {std::min(b[0], x), std::min(b[1], y), std::max(b[2], x), std::max(b[3], y)};
  }
  return b;
}

// Throws naming `path` unless `ds` covers some of `target`'s area.
void require_overlap(GDALDataset& ds, const std::string& path, const MultibandInfo& target) {
  gdal::Quiet quiet;
  const auto to = gdal::srs_from(target.georef.crs, target.source);
  const auto b = bounds_in(ds, to);
  const auto& t = target.georef;
  const double x1 = t.x0 + double(target.cols) * t.dx, y0 = t.y0 - double(target.rows) * t.dy;
  if (!(b[0] < x1 && b[2] > t.x0 && b[1] < t.y0 && b[3] > y0))
    throw Error(path, fmt::format("does not overlap the area of {} (its extent in that image's "
                                  "CRS is x {:.6g}..{:.6g}, y {:.6g}..{:.6g}; the image's x "
                                  "{:.6g}..{:.6g}, y {:.6g}..{:.6g})",
                                  target.source, b[0], b[2], b[1], b[3], t.x0, x1, y0, t.y0));
}

class GdalReader final : public MultibandReader {
 public:
  explicit GdalReader(const std::string& path) : ds_(gdal::open_for_reading(path)) {
    info_.source = path;
    info_.bands = ds_->GetRasterCount();
    info_.rows = ds_->GetRasterYSize();
    info_.cols = ds_->GetRasterXSize();
    if (info_.bands == 0) {
      char** subs = ds_->GetMetadata("SUBDATASETS");
      const char* first = subs ? CSLFetchNameValue(subs, "SUBDATASET_1_NAME") : nullptr;
      throw Error(path, first ? fmt::format("has no raster bands but subdatasets; name one, "
                                            "e.g. '{}'",
                                            first)
                              : std::string("has no raster bands"));
    }
    GDALRasterBand* first = ds_->GetRasterBand(1);
    info_.type = sample_type_of(first->GetRasterDataType());
    int has = 0;
    info_.scale = first->GetScale(&has);
    if (!has) info_.scale = 1.0;
    info_.has_scale = has != 0;
    info_.offset = first->GetOffset(&has);
    if (!has) info_.offset = 0.0;
    info_.has_scale = info_.has_scale || has != 0;
    info_.nodata = first->GetNoDataValue(&has);
    info_.has_nodata = has != 0;
    bool any_name = false;
    for (int b = 1; b <= info_.bands; ++b) {
      GDALRasterBand* band = ds_->GetRasterBand(b);
      const auto t = band->GetRasterDataType();
      if (GDALDataTypeIsComplex(t))
        throw Error(path, fmt::format("band {} is complex ({}); only real-valued bands are "
                                      "supported",
                                      b, GDALGetDataTypeName(t)));
      if (sample_type_of(t) != info_.type) info_.type = SampleType::float64;  // mixed types
      double scale = band->GetScale(&has);
      if (!has) scale = 1.0;
      double offset = band->GetOffset(&has);
      if (!has) offset = 0.0;
      const double nodata = band->GetNoDataValue(&has);
      if (scale != info_.scale || offset != info_.offset)
        throw Error(path, fmt::format("band {} has scale {} and offset {} but band 1 has {} and "
                                      "{}; per-band scaling is not supported",
                                      b, scale, offset, info_.scale, info_.offset));
      if ((has != 0) != info_.has_nodata ||
          (has && !(nodata == info_.nodata) && !(std::isnan(nodata) && std::isnan(info_.nodata))))
        throw Error(path, fmt::format("band {} has a different nodata value from band 1; "
                                      "per-band nodata is not supported",
                                      b));
      info_.band_names.emplace_back(band->GetDescription());
      any_name = any_name || !info_.band_names.back().empty();
    }
    if (!any_name) info_.band_names.clear();
    double gt[6];
    if (ds_->GetGeoTransform(gt) == CE_None) {
      if (gt[2] != 0 || gt[4] != 0) throw Error(path, "rotated rasters are not supported");
      info_.georef.x0 = gt[0];
      info_.georef.dx = gt[1];
      info_.georef.y0 = gt[3];
      info_.georef.dy = -gt[5];
    }
    info_.georef.crs = crs_of(*ds_);
    detail::check_info(info_, path);
  }

  const MultibandInfo& info() const override { return info_; }

  //! From now on, reads see the image warped onto `target`'s grid (open_multiband_warped).
  void warp_onto(const MultibandInfo& target, Resampling resampling) {
    const std::string& path = info_.source;
    if (!info_.georef.valid() || info_.georef.crs.empty())
      throw Error(path,
                  "has no georeferencing (geotransform and CRS): it cannot be placed on "
                  "the fine image's grid");
    const Georef& t = target.georef;
    require_overlap(*ds_, path, target);
    const auto num = [](double v) { return fmt::format("{:.17g}", v); };
    const std::string cols = std::to_string(target.cols), rows = std::to_string(target.rows);
    warped_ = gdal::warp_to_vrt(
        *ds_,
        {"-t_srs",
         t.crs,
         "-te",
         num(t.x0),
         num(t.y0 - double(target.rows) * t.dy),
         num(t.x0 + double(target.cols) * t.dx),
         num(t.y0),
         "-ts",
         cols,
         rows,
         "-r",
         resampling == Resampling::average ? "average" : "bilinear",
         "-et",
         "0",
         "-ot",
         "Float64",
         "-wt",
         "Float64",
         "-dstnodata",
         "nan"},
        path, fmt::format("warp it onto the {} x {} grid of {}", rows, cols, target.source));
    // The source's bands, scale and offset on the target grid; missing data is NaN by now.
    info_.rows = target.rows;
    info_.cols = target.cols;
    info_.georef = t;
    info_.type = SampleType::float64;
    info_.has_nodata = false;
    info_.nodata = 0.0;
  }

  void read_rows(long long row0, long long nrows, double* out) const override {
    detail::check_rows(info_, row0, nrows);
    if (nrows == 0) return;
    const GSpacing pixel = sizeof(double), line = pixel * info_.cols, band = line * nrows;
    Quiet quiet;
    // GDAL's raster sizes are ints, so these casts cannot truncate.
    GDALDataset& ds = warped_ ? *warped_ : *ds_;
    if (ds.RasterIO(GF_Read, 0, static_cast<int>(row0), static_cast<int>(info_.cols),
                    static_cast<int>(nrows), out, static_cast<int>(info_.cols),
                    static_cast<int>(nrows), GDT_Float64, static_cast<int>(info_.bands), nullptr,
                    pixel, line, band, nullptr) != CE_None)
      throw Error(info_.source, fmt::format("GDAL failed to read rows [{}, {}){}", row0,
                                            row0 + nrows, Quiet::last()));
    detail::decode_in_place(info_, out, row0, nrows);
  }

 private:
  gdal::Dataset ds_;
  gdal::Dataset warped_;  // declared after ds_: closed first, as it reads from it
  MultibandInfo info_;
};

}  // namespace
#endif

std::unique_ptr<MultibandReader> open_multiband_warped(const std::string& path,
                                                       const MultibandInfo& target,
                                                       Resampling resampling) {
#if defined(KARST_HAVE_GDAL)
  auto reader = std::make_unique<GdalReader>(path);
  reader->warp_onto(target, resampling);
  return reader;
#else
  (void)target;
  (void)resampling;
  throw Error(path,
              "this Karst was built without GDAL, which warps a coarse image onto the fine grid; "
              "apt-get install libgdal-dev and rebuild, or resample it by hand");
#endif
}

std::unique_ptr<MultibandReader> open_multiband_gdal(const std::string& path) {
  // GDAL also takes virtual names ("/vsizip/...", "NETCDF:f.nc:var"); only a plain path that
  // is missing is reported here, which is the clearer message with or without GDAL.
  if (path.rfind("/vsi", 0) != 0 && path.find(':') == std::string::npos &&
      !std::filesystem::exists(path))
    throw Error(path, "file does not exist");
#if defined(KARST_HAVE_GDAL)
  return std::make_unique<GdalReader>(path);
#else
  throw Error(path,
              "this Karst was built without GDAL; apt-get install libgdal-dev and rebuild to read "
              "GeoTIFF and other GDAL formats (or convert to ENVI or HDF5)");
#endif
}

}  // namespace karst::io
