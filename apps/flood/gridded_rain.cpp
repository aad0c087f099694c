#include "apps/flood/gridded_rain.hpp"

#include "base/error.hpp"
#include "io/raster/netcdf_rain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace karst::flood {

namespace {

constexpr double kSecondsPerHour = 3600.0;

// Which rain cell each DEM cell takes, and how a frame's values become mm/h.
struct RainMap {
  std::shared_ptr<const io::NetcdfRain> rain;
  double x0 = 0, y0 = 0, dx = 1;  // the DEM's grid

  // The rain cell whose extent holds coordinate c: the nearest centre on a regular axis.
  static long long index(const std::vector<double>& axis, double c) {
    return static_cast<long long>(std::floor((c - axis[0]) / (axis[1] - axis[0]) + 0.5));
  }
  long long row(long long i) const { return index(rain->y, y0 - (i + 0.5) * dx); }
  long long col(long long j) const { return index(rain->x, x0 + (j + 0.5) * dx); }

  // Frame k's interval: to the next frame; the last frame lasts as long as the one before.
  double interval_s(size_t k) const {
    const auto& t = rain->time_s;
    return k + 1 < t.size() ? t[k + 1] - t[k] : t[k] - t[k - 1];
  }
  double to_mm_per_h(size_t k) const {
    const auto& u = rain->rain_units;
    return u.depth ? u.factor * kSecondsPerHour / interval_s(k) : u.factor;
  }

  // Frame k over DEM rows [i0, i0+ny) x columns [j0, j0+nx), in mm/h: reads only the rain
  // cells those DEM cells take.
  void fill(size_t k, long long i0, long long j0, int ny, int nx, double* out) const {
    if (ny <= 0 || nx <= 0) return;
    const long long r0 = std::min(row(i0), row(i0 + ny - 1));
    const long long r1 = std::max(row(i0), row(i0 + ny - 1)) + 1;
    const long long c0 = std::min(col(j0), col(j0 + nx - 1));
    const long long c1 = std::max(col(j0), col(j0 + nx - 1)) + 1;
    const auto v = io::read_rain_frame(*rain, k, r0, r1, c0, c1);
    const double scale = to_mm_per_h(k);
    std::vector<long long> cols(nx);
    for (int j = 0; j < nx; ++j) cols[j] = col(j0 + j) - c0;
    for (int i = 0; i < ny; ++i) {
      const double* rain_row = v.data() + (row(i0 + i) - r0) * (c1 - c0);
      for (int j = 0; j < nx; ++j) out[static_cast<size_t>(i) * nx + j] = rain_row[cols[j]] * scale;
    }
  }
};

bool is_geographic(const std::string& crs) {
  return crs.rfind("GEOGCS[", 0) == 0 || crs.rfind("GEOGCRS[", 0) == 0 || crs == "EPSG:4326";
}

// The DEM's cell centres must each fall in a rain cell: the rain grid covers the DEM.
void check_coverage(const RainMap& m, const FloodSetup& s) {
  const auto& r = *m.rain;
  const auto inside = [](long long a, long long b, size_t n) {
    return std::min(a, b) >= 0 && std::max(a, b) < static_cast<long long>(n);
  };
  if (inside(m.row(0), m.row(s.ny - 1), r.y.size()) &&
      inside(m.col(0), m.col(s.nx - 1), r.x.size()))
    return;
  const double hx = 0.5 * std::fabs(r.x[1] - r.x[0]), hy = 0.5 * std::fabs(r.y[1] - r.y[0]);
  throw Error(
      r.path,
      fmt::format("the rain grid (x {} to {}, y {} to {}) does not cover the DEM (x {} to "
                  "{}, y {} to {}); it must cover it, in the DEM's coordinates",
                  std::min(r.x.front(), r.x.back()) - hx, std::max(r.x.front(), r.x.back()) + hx,
                  std::min(r.y.front(), r.y.back()) - hy, std::max(r.y.front(), r.y.back()) + hy,
                  s.x0, s.x0 + s.nx * s.dx, s.y0 - s.ny * s.dx, s.y0));
}

// Reads every frame once over the DEM (each throws on a missing or negative value there): a bad
// frame stops the run before it starts, not hours in. Returns which frames have any rain.
std::vector<bool> check_frames(const RainMap& m, const FloodSetup& s) {
  const auto& r = *m.rain;
  const long long r0 = std::min(m.row(0), m.row(s.ny - 1));
  const long long r1 = std::max(m.row(0), m.row(s.ny - 1)) + 1;
  const long long c0 = std::min(m.col(0), m.col(s.nx - 1));
  const long long c1 = std::max(m.col(0), m.col(s.nx - 1)) + 1;
  std::vector<bool> wet;
  for (size_t k = 0; k < r.time_s.size(); ++k) {
    const auto v = io::read_rain_frame(r, k, r0, r1, c0, c1);
    wet.push_back(std::any_of(v.begin(), v.end(), [](double x) { return x > 0; }));
  }
  return wet;
}

}  // namespace

void apply_gridded_rain(FloodSetup& s, const std::string& path, const std::string& variable) {
  auto rain = std::make_shared<const io::NetcdfRain>(io::open_netcdf_rain(path, variable));
  if (rain->geographic && !is_geographic(s.crs_wkt))
    throw Error(rain->where(),
                "the rain grid is in lon/lat but the DEM's grid is projected; "
                "the rain grid must be in the DEM's CRS (regrid it first, e.g. "
                "with cdo remapnn or gdalwarp)");
  if (rain->time_s.size() < 2)
    throw Error(rain->where(),
                "has 1 frame; at least 2 are needed (a frame lasts until the next "
                "one, the last as long as the one before)");
  const RainMap map{rain, s.x0, s.y0, s.dx};
  check_coverage(map, s);
  const auto wet = check_frames(map, s);
  // The hyetograph: 1 while a frame with rain holds, 0 after the last frame's interval.
  const auto& t = rain->time_s;
  TimeSeries unit;
  for (size_t k = 0; k < t.size(); ++k) {
    unit.time.push_back(t[k]);
    unit.value.push_back(wet[k] ? 1.0 : 0.0);
  }
  unit.time.push_back(t.back() + map.interval_s(t.size() - 1));
  unit.value.push_back(0.0);
  s.rain_mm_per_h = unit;
  s.gridded_rain.start_s = t;
  s.gridded_rain.fill = [map](size_t k, long long i0, long long j0, int ny, int nx, double* out) {
    map.fill(k, i0, j0, ny, nx, out);
  };
  s.sources.rain = fmt::format("netcdf {}:{} (nearest, {} frames)", path, variable, t.size());
}

}  // namespace karst::flood
