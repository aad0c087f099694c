// Multiband images through GDAL (GeoTIFF and the rest), when Karst is built with it. Rows are
// read with one RasterIO call for all bands, so GDAL's block cache does the tiling.
#include "base/error.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#if defined(KARST_HAVE_GDAL)
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#endif

namespace karst::io {

#if defined(KARST_HAVE_GDAL)
namespace {

// GDAL reports through a global handler; Karst reports one karst::Error with context instead.
class QuietGdal {
 public:
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
  ~QuietGdal() { CPLPopErrorHandler(); }
  //! GDAL's last message, to append to a Karst error ("" when it said nothing).
  static std::string last() {
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? std::string(" (GDAL: ") + msg + ")" : std::string();
  }
};

struct GdalClose {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

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

class GdalReader final : public MultibandReader {
 public:
  explicit GdalReader(const std::string& path) {
    info_.source = path;
    GDALAllRegister();
    {
      QuietGdal quiet;
      ds_.reset(static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly)));
      if (!ds_) throw Error(path, "GDAL cannot read this file as a raster" + QuietGdal::last());
    }
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

  void read_rows(long long row0, long long nrows, double* out) const override {
    detail::check_rows(info_, row0, nrows);
    if (nrows == 0) return;
    const GSpacing pixel = sizeof(double), line = pixel * info_.cols, band = line * nrows;
    QuietGdal quiet;
    // GDAL's raster sizes are ints, so these casts cannot truncate.
    if (ds_->RasterIO(GF_Read, 0, static_cast<int>(row0), static_cast<int>(info_.cols),
                      static_cast<int>(nrows), out, static_cast<int>(info_.cols),
                      static_cast<int>(nrows), GDT_Float64, static_cast<int>(info_.bands), nullptr,
                      pixel, line, band, nullptr) != CE_None)
      throw Error(info_.source, fmt::format("GDAL failed to read rows [{}, {}){}", row0,
                                            row0 + nrows, QuietGdal::last()));
    detail::decode_in_place(info_, out, row0, nrows);
  }

 private:
  std::unique_ptr<GDALDataset, GdalClose> ds_;
  MultibandInfo info_;
};

}  // namespace
#endif

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
