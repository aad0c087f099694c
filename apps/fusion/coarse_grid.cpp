#include "apps/fusion/coarse_grid.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace karst::fusion {

namespace {

bool near(double a, double b, double scale) {
  return std::fabs(a - b) <= 1e-6 * scale;
}

std::string lower_extension(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// What GDAL opens for `spec`: an ENVI header's data file (GDAL's ENVI driver opens the data and
// finds the header beside it), anything else as it is.
std::string gdal_name(const io::MultibandInfo& coarse) {
  const std::string& spec = coarse.source;
  const auto ext = lower_extension(spec);
  if (ext == ".h5" || ext == ".hdf5" || spec.find(".h5:") != std::string::npos ||
      spec.find(".hdf5:") != std::string::npos)
    throw Error(spec,
                "is on another grid than the fine image, and Karst warps only images that "
                "GDAL reads (GeoTIFF, ENVI): resample it onto the fine grid first");
  if (ext != ".hdr") return spec;
  const std::string base = spec.substr(0, spec.size() - 4);
  for (const char* data : {"", ".img", ".dat", ".bin", ".raw"})
    if (std::filesystem::is_regular_file(base + data)) return base + data;
  return base;
}

}  // namespace

bool on_same_grid(const io::MultibandInfo& a, const io::MultibandInfo& b) {
  if (a.rows != b.rows || a.cols != b.cols) return false;
  const auto &g = a.georef, &h = b.georef;
  if (!g.valid() || !h.valid()) return true;
  const double cell = std::max(h.dx, h.dy);
  return near(g.x0, h.x0, cell) && near(g.y0, h.y0, cell) && near(g.dx, h.dx, cell) &&
         near(g.dy, h.dy, cell) && (g.crs.empty() || h.crs.empty() || g.crs == h.crs);
}

std::unique_ptr<io::MultibandReader> open_coarse_on_fine_grid(const std::string& spec,
                                                              const io::MultibandInfo& fine,
                                                              io::Resampling resampling) {
  auto reader = io::open_multiband(spec);
  const auto& c = reader->info();
  if (on_same_grid(c, fine)) return reader;
  if (!c.georef.valid())
    throw Error(c.source, fmt::format("has no georeferencing and its grid ({} x {}) differs from "
                                      "the fine image {} ({} x {}): give it a geotransform and "
                                      "CRS, or resample it onto the fine grid first",
                                      c.rows, c.cols, fine.source, fine.rows, fine.cols));
  if (!fine.georef.valid() || fine.georef.crs.empty())
    throw Error(fine.source, fmt::format("has no georeferencing (geotransform and CRS), so the "
                                         "coarse image {} on its own grid cannot be warped "
                                         "onto it",
                                         c.source));
  const std::string name = gdal_name(c);
  try {
    return io::open_multiband_warped(name, fine, resampling);
  } catch (const Error& e) {
    if (e.where() != name || name == c.source) throw;
    // Name the file as the user gave it (an ENVI header), not its data file.
    throw Error(c.source, std::string(e.what()).substr(name.size() + 2));
  }
}

}  // namespace karst::fusion
