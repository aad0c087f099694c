#include "apps/flood/raster_fields.hpp"

#include "base/error.hpp"
#include "io/raster/raster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace karst::flood {

void apply_dem(FloodSetup& s, const std::string& path, const std::string& dataset) {
  auto raster = std::make_shared<io::Raster>(io::read_raster(path, dataset));
  double zmax = -1e300;
  long long valid = 0;
  for (double v : raster->values) {
    if (std::isnan(v)) throw Error(path, "contains NaN elevations; mark missing cells as nodata");
    if (std::isinf(v) && !raster->is_nodata(v))
      throw Error(path, "contains infinite elevations; mark missing cells as nodata");
    if (!raster->is_nodata(v)) {
      zmax = std::max(zmax, v);
      ++valid;
    }
  }
  if (valid == 0) throw Error(path, "every cell is nodata: there is no terrain to flood");
  if (raster->dx < 0.1)
    throw Error(path, fmt::format("cell size {} is implausible in metres; is this DEM in degrees? "
                                  "Reproject it to a metric CRS first (e.g. gdalwarp -t_srs "
                                  "EPSG:32648)",
                                  raster->dx));
  const double wall = zmax + 1000.0;
  s.wall_elevation = wall;
  s.ny = raster->ny;
  s.nx = raster->nx;
  s.dx = raster->dx;
  s.x0 = raster->x0;
  s.y0 = raster->y0;
  s.bed = [raster, wall](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) {
        const double v = raster->at(i0 + i, j0 + j);
        out[static_cast<size_t>(i) * nx + j] = raster->is_nodata(v) ? wall : v;
      }
  };
  s.name = path;
}

void apply_roughness_file(FloodSetup& s, const std::string& path) {
  auto n = std::make_shared<io::Raster>(io::read_raster(path, "roughness"));
  if (n->ny != s.ny || n->nx != s.nx)
    throw Error(path,
                fmt::format("has shape {}x{} but the terrain is {}x{}", n->ny, n->nx, s.ny, s.nx));
  for (double v : n->values)
    if (!(v >= 0 && v < 1)) throw Error(path, fmt::format("Manning's n {} is outside [0, 1)", v));
  s.roughness = [n](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) out[static_cast<size_t>(i) * nx + j] = n->at(i0 + i, j0 + j);
  };
}

namespace {
// The same cells as the terrain: a raster of another grid would put water in the wrong place.
void check_same_grid(const FloodSetup& s, const io::Raster& r) {
  const double tol = 1e-6 * s.dx;
  if (r.ny != s.ny || r.nx != s.nx || std::fabs(r.dx - s.dx) > tol ||
      std::fabs(r.x0 - s.x0) > tol || std::fabs(r.y0 - s.y0) > tol)
    throw Error(r.source, fmt::format("is not on the terrain's grid: {}x{} cells of {} m from "
                                      "({}, {}), the terrain has {}x{} cells of {} m from ({}, {})",
                                      r.ny, r.nx, r.dx, r.x0, r.y0, s.ny, s.nx, s.dx, s.x0, s.y0));
}
}  // namespace

BlockFiller raster_on_grid(const FloodSetup& s, const std::string& path, const std::string& dataset,
                           double nodata_as, double lo, double hi) {
  auto r = std::make_shared<io::Raster>(io::read_raster(path, dataset));
  check_same_grid(s, *r);
  for (size_t c = 0; c < r->values.size(); ++c) {
    const double v = r->values[c];
    if (!r->is_nodata(v) && !(v >= lo && v <= hi))
      throw Error(path, fmt::format("cell (row {}, column {}) holds {}, outside [{}, {}]",
                                    c / r->nx, c % r->nx, v, lo, hi));
  }
  return [r, nodata_as](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) {
        const double v = r->at(i0 + i, j0 + j);
        out[static_cast<size_t>(i) * nx + j] = r->is_nodata(v) ? nodata_as : v;
      }
  };
}

}  // namespace karst::flood
