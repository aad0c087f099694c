#include "apps/flood/raster_fields.hpp"

#include "base/error.hpp"
#include "io/raster/raster_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace karst::flood {

namespace {

using Source = std::shared_ptr<const io::RasterSource>;

// Rows per strip of a checking pass: about a million cells (8 MB) whatever the grid's width.
int strip_rows(const io::RasterGrid& g) {
  return static_cast<int>(std::max<long long>(1, (1LL << 20) / std::max<long long>(1, g.nx)));
}

struct DemSummary {
  double zmax = -1e300;
  long long valid = 0;
};

// One pass over the whole DEM, a strip at a time, on every rank alike (so the wall height is the
// same bits on any number of ranks): the highest terrain and the errors that concern the grid.
DemSummary summarise_dem(const io::RasterSource& dem, const std::string& path) {
  DemSummary sum;
  const auto& g = dem.grid();
  // A float raster may mark missing cells with NaN as its nodata value; any other NaN is an error.
  const bool nan_is_nodata = g.has_nodata && std::isnan(g.nodata);
  dem.scan(strip_rows(g), [&](long long, int rows, const double* v) {
    for (size_t k = 0, n = static_cast<size_t>(rows) * static_cast<size_t>(g.nx); k < n; ++k) {
      if (std::isnan(v[k]) && !nan_is_nodata)
        throw Error(path, "contains NaN elevations; mark missing cells as nodata");
      if (std::isinf(v[k]) && !g.is_nodata(v[k]))
        throw Error(path, "contains infinite elevations; mark missing cells as nodata");
      if (!g.is_nodata(v[k]) && !std::isnan(v[k])) {
        sum.zmax = std::max(sum.zmax, v[k]);
        ++sum.valid;
      }
    }
  });
  if (sum.valid == 0) throw Error(path, "every cell is nodata: there is no terrain to flood");
  return sum;
}

Source open_dem(const DemOptions& dem) {
  if (dem.reproject.empty()) return io::open_raster_source(dem.file, dem.dataset);
  return io::open_warped_raster_source(dem.file, {dem.reproject, dem.cell_size_m});
}

void refuse_degrees(const io::RasterGrid& g, const std::string& path) {
  const bool geographic = io::crs_is_geographic(g.crs_wkt);
  if (!geographic && g.dx >= 0.1) return;
  throw Error(path, fmt::format("cell size {} is implausible in metres{}; is this DEM in degrees? "
                                "Set flood.dem.reproject: utm (the UTM zone of its centre) or a "
                                "metric CRS such as EPSG:32648",
                                g.dx, geographic ? " (its CRS is geographic)" : ""));
}

}  // namespace

void apply_dem(FloodSetup& s, const DemOptions& dem) {
  const Source raster = open_dem(dem);
  const auto& g = raster->grid();
  const DemSummary sum = summarise_dem(*raster, dem.file);
  refuse_degrees(g, dem.file);
  const double wall = sum.zmax + 1000.0;
  s.wall_elevation = wall;  // FloodModel lets no rain fall on cells this high
  s.ny = g.ny;
  s.nx = g.nx;
  s.dx = g.dx;
  s.x0 = g.x0;
  s.y0 = g.y0;
  s.crs_wkt = g.crs_wkt;
  // Called by each rank with its own block: it reads that window of the file and nothing else.
  s.bed = [raster, wall](long long i0, long long j0, int ny, int nx, double* out) {
    raster->read_window(i0, j0, ny, nx, out);
    const auto& grid = raster->grid();
    for (size_t k = 0, n = static_cast<size_t>(ny) * static_cast<size_t>(nx); k < n; ++k)
      if (grid.is_nodata(out[k]) || std::isnan(out[k])) out[k] = wall;
  };
  s.name = dem.file;
}

namespace {

// A float raster may mark missing cells with NaN as its nodata value.
bool is_missing(const io::RasterGrid& g, double v) {
  return g.is_nodata(v) || (g.has_nodata && std::isnan(g.nodata) && std::isnan(v));
}

// The same cells as the terrain: a raster of another grid would put water in the wrong place.
void require_terrain_grid(const FloodSetup& s, const io::RasterGrid& r) {
  const double tol = 1e-6 * s.dx;
  if (r.ny != s.ny || r.nx != s.nx || std::fabs(r.dx - s.dx) > tol ||
      std::fabs(r.x0 - s.x0) > tol || std::fabs(r.y0 - s.y0) > tol)
    throw Error(r.source, fmt::format("is not on the terrain's grid: {}x{} cells of {} m from "
                                      "({}, {}), the terrain has {}x{} cells of {} m from ({}, {})",
                                      r.ny, r.nx, r.dx, r.x0, r.y0, s.ny, s.nx, s.dx, s.x0, s.y0));
}

// With a reprojected DEM the roughness must already be on the reprojected grid: a map on the
// DEM's original grid would otherwise be read cell for cell onto other places.
void require_same_grid(const FloodSetup& s, const io::RasterGrid& n, const std::string& path) {
  const double tol = 1e-6 * s.dx;
  if (std::fabs(n.dx - s.dx) <= tol && std::fabs(n.x0 - s.x0) <= tol &&
      std::fabs(n.y0 - s.y0) <= tol)
    return;
  throw Error(path, fmt::format("is not on the reprojected DEM's grid ({}x{} cells of {} m from "
                                "x0 = {}, y0 = {}); make it with gdalwarp -t_srs <the DEM's "
                                "target CRS> -te {} {} {} {} -ts {} {} -r near",
                                s.ny, s.nx, s.dx, s.x0, s.y0, s.x0, s.y0 - s.ny * s.dx,
                                s.x0 + s.nx * s.dx, s.y0, s.nx, s.ny));
}

}  // namespace

void apply_roughness_file(FloodSetup& s, const std::string& path, bool reprojected) {
  const Source n = io::open_raster_source(path, "roughness");
  const auto& g = n->grid();
  if (g.ny != s.ny || g.nx != s.nx)
    throw Error(path,
                fmt::format("has shape {}x{} but the terrain is {}x{}", g.ny, g.nx, s.ny, s.nx));
  if (reprojected) require_same_grid(s, g, path);
  n->scan(strip_rows(g), [&](long long, int rows, const double* v) {
    for (size_t k = 0, m = static_cast<size_t>(rows) * static_cast<size_t>(g.nx); k < m; ++k)
      if (!(v[k] >= 0 && v[k] < 1))
        throw Error(path, fmt::format("Manning's n {} is outside [0, 1)", v[k]));
  });
  s.roughness = [n](long long i0, long long j0, int ny, int nx, double* out) {
    n->read_window(i0, j0, ny, nx, out);
  };
}

BlockFiller raster_on_grid(const FloodSetup& s, const std::string& path, const std::string& dataset,
                           double nodata_as, double lo, double hi) {
  const Source r = io::open_raster_source(path, dataset);
  const auto& g = r->grid();
  require_terrain_grid(s, g);
  r->scan(strip_rows(g), [&](long long i0, int rows, const double* v) {
    for (size_t k = 0, m = static_cast<size_t>(rows) * static_cast<size_t>(g.nx); k < m; ++k)
      if (!is_missing(g, v[k]) && !(v[k] >= lo && v[k] <= hi))
        throw Error(path, fmt::format("cell (row {}, column {}) holds {}, outside [{}, {}]",
                                      i0 + static_cast<long long>(k) / g.nx,
                                      static_cast<long long>(k) % g.nx, v[k], lo, hi));
  });
  // Called by each rank with its own block: it reads that window of the file and nothing else.
  return [r, nodata_as](long long i0, long long j0, int ny, int nx, double* out) {
    r->read_window(i0, j0, ny, nx, out);
    const auto& grid = r->grid();
    for (size_t k = 0, n = static_cast<size_t>(ny) * static_cast<size_t>(nx); k < n; ++k)
      if (is_missing(grid, out[k])) out[k] = nodata_as;
  };
}

}  // namespace karst::flood
