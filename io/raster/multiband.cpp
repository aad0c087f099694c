// open_multiband's choice of reader from a file name: HDF5, ENVI or GDAL.
#include "io/raster/multiband.hpp"
#include "base/error.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace karst::io {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool is_hdf5_name(const std::string& path) {
  const auto ext = lower(std::filesystem::path(path).extension().string());
  return ext == ".h5" || ext == ".hdf5" || ext == ".he5";
}

}  // namespace

std::unique_ptr<MultibandReader> open_multiband(const std::string& spec) {
  namespace fs = std::filesystem;
  if (spec.empty()) throw Error("image", "empty file name");
  if (!fs::exists(spec)) {
    // "file:dataset": the first ':' whose left side is an existing file splits the spec. A
    // ".h5:" prefix that does not exist still means HDF5, so the error names the file.
    for (auto colon = spec.find(':'); colon != std::string::npos;
         colon = spec.find(':', colon + 1)) {
      const auto file = spec.substr(0, colon);
      if (colon > 0 && (fs::is_regular_file(file) || is_hdf5_name(file)))
        return open_multiband_hdf5(file, spec.substr(colon + 1));
    }
  }
  const auto ext = lower(fs::path(spec).extension().string());
  if (is_hdf5_name(spec)) return open_multiband_hdf5(spec, "image");
  if (ext == ".hdr") return open_envi(spec);
  if (fs::is_regular_file(spec)) {
    // An ENVI data file: its header is "name.hdr" or "name-without-extension.hdr".
    std::vector<std::string> headers = {spec + ".hdr", spec + ".HDR"};
    if (!ext.empty()) {
      const auto stem = fs::path(spec).replace_extension("").string();
      headers.push_back(stem + ".hdr");
      headers.push_back(stem + ".HDR");
    }
    for (const auto& h : headers)
      if (fs::is_regular_file(h)) return open_envi(h);
  }
  return open_multiband_gdal(spec);
}

}  // namespace karst::io
