// The GDAL plumbing shared by io/raster/'s readers and writers (gdal_common.hpp).
#include "io/raster/gdal_common.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <filesystem>

#include <gdal_utils.h>

namespace karst::io::gdal {

Quiet::Quiet() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
}

Quiet::~Quiet() {
  CPLPopErrorHandler();
}

bool Quiet::failed() {
  return CPLGetLastErrorType() >= CE_Failure;
}

std::string Quiet::last() {
  const char* msg = CPLGetLastErrorMsg();
  return msg && *msg ? std::string(" (GDAL: ") + msg + ")" : std::string();
}

Dataset open_for_reading(const std::string& path) {
  // Only a plain path that is missing is reported here: the clearer message.
  if (path.rfind("/vsi", 0) != 0 && path.find(':') == std::string::npos &&
      !std::filesystem::exists(path))
    throw Error(path, "file does not exist");
  GDALAllRegister();
  Quiet quiet;
  Dataset ds(static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly)));
  if (!ds) throw Error(path, "GDAL cannot read this file as a raster" + Quiet::last());
  return ds;
}

GDALDriver* driver(const char* name, const std::string& path) {
  GDALAllRegister();
  auto* d = GetGDALDriverManager()->GetDriverByName(name);
  if (!d) throw Error(path, fmt::format("this GDAL has no {} driver", name));
  return d;
}

std::string wkt_of(const OGRSpatialReference* srs) {
  if (!srs) return "";
  char* wkt = nullptr;
  std::string text;
  if (srs->exportToWkt(&wkt) == OGRERR_NONE && wkt) text = wkt;
  CPLFree(wkt);
  return text;
}

OGRSpatialReference srs_from(const std::string& text, const std::string& where) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // x = longitude, y = latitude
  Quiet quiet;
  if (srs.SetFromUserInput(text.c_str()) != OGRERR_NONE)
    throw Error(where,
                fmt::format("'{}' is not a coordinate reference system GDAL knows{}",
                            text.size() > 60 ? text.substr(0, 60) + "..." : text, Quiet::last()));
  return srs;
}

Dataset warp_to_vrt(GDALDataset& src, const std::vector<std::string>& args, const std::string& path,
                    const std::string& what) {
  std::vector<const char*> argv = {"-of", "VRT"};
  for (const auto& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  Quiet quiet;
  std::unique_ptr<GDALWarpAppOptions, void (*)(GDALWarpAppOptions*)> options(
      GDALWarpAppOptionsNew(const_cast<char**>(argv.data()), nullptr), GDALWarpAppOptionsFree);
  GDALDatasetH in[1] = {GDALDataset::ToHandle(&src)};
  int usage_error = 0;
  Dataset warped(GDALDataset::FromHandle(
      options ? GDALWarp("", nullptr, 1, in, options.get(), &usage_error) : nullptr));
  if (!warped) throw Error(path, fmt::format("GDAL cannot {}{}", what, Quiet::last()));
  return warped;
}

}  // namespace karst::io::gdal
