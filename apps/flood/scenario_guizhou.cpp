#include "apps/flood/scenario_guizhou.hpp"

#include "apps/geography/guizhou_karst.hpp"
#include "base/error.hpp"

#include <algorithm>
#include <cmath>

namespace karst::flood {

namespace {

using geography::kSide;
using geography::kTownX;
using geography::river_y;

template <class F>
BlockFiller sampled(double dx, F f) {
  return [dx, f](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i) {
      const double y = kSide - (i0 + i + 0.5) * dx;
      for (int j = 0; j < nx; ++j) out[static_cast<size_t>(i) * nx + j] = f((j0 + j + 0.5) * dx, y);
    }
  };
}

// Depth thresholds of the blue, yellow, orange and red warning levels at each gauge, m: the
// bridge's gauge reads the channel, so its levels start above the base flow.
std::vector<double> warning_thresholds(const std::string& gauge) {
  if (gauge == "bridge") return {2.0, 2.5, 3.0, 3.5};
  if (gauge == "town-school") return {0.02, 0.1, 0.3, 0.6};
  return {0.05, 0.2, 0.5, 1.0};
}

}  // namespace

std::vector<Gauge> guizhou_karst_gauges(double dx) {
  std::vector<Gauge> gauges;
  for (const auto& site : geography::gauge_sites(dx))
    gauges.push_back({site.name, site.x, site.y, warning_thresholds(site.name)});
  return gauges;
}

FloodSetup guizhou_karst_scenario(double size) {
  if (!(size > 0 && size <= 64)) throw Error("flood.size", "must be in (0, 64]");
  FloodSetup s;
  s.name = "guizhou-karst";
  s.nx = s.ny = static_cast<long long>(std::llround(1024 * size));
  s.dx = kSide / s.nx;
  s.x0 = 0.0;
  s.y0 = kSide;
  s.bed = sampled(s.dx, geography::elevation);
  s.roughness = sampled(s.dx, geography::manning);
  // The river carries base flow from the start.
  s.initial_depth = sampled(s.dx, geography::base_flow_depth);
  // Convective cells pass over the middle of the catchment: more rain there.
  s.rain_pattern = sampled(s.dx, [](double x, double y) {
    const double r2 = (x - 4500) * (x - 4500) + (y - 5600) * (y - 5600);
    return 0.6 + 0.8 * std::exp(-r2 / (2 * 3000.0 * 3000.0));
  });
  // Hyetograph: 5-minute blocks, peaking above 80 mm/h 20 minutes in.
  s.rain_mm_per_h = {{0, 300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700},
                     {8, 20, 45, 70, 90, 60, 35, 15, 5, 0}};
  s.infiltration.model = Infiltration::Model::horton;  // thin karst soils saturate fast
  s.infiltration.initial_mm_per_h = 40;
  s.infiltration.rate_mm_per_h = 4;
  s.infiltration.decay_per_h = 4;
  // The river enters at the west edge with a flood wave from the upper catchment.
  const double ry = river_y(0.0);
  const long long river_row = static_cast<long long>((kSide - ry) / s.dx);
  const long long half = std::max(1LL, std::llround(20.0 / s.dx));
  s.west.inflow_begin = river_row - half;
  s.west.inflow_end = river_row + half + 1;
  s.west.inflow_m3_per_s = {{0, 300, 600, 900, 1200, 1500, 1800},
                            {60, 250, 600, 900, 800, 500, 300}};
  s.east.kind = hydro::EdgeKind::outflow;
  s.t_end = 1800.0;
  s.max_dt = 5.0;
  s.gauges = guizhou_karst_gauges(s.dx);
  s.sources = {"built-in guizhou-karst storm (hyetograph peak 90 mm/h x storm pattern)",
               "horton f0 40 mm/h, fc 4 mm/h, k 4 /h", "built-in guizhou-karst land cover",
               "built-in guizhou-karst river base flow", "built-in west-edge river hydrograph"};
  return s;
}

}  // namespace karst::flood
