#include "apps/flood/scenario_guizhou.hpp"

#include "kernels/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace karst::flood {

namespace {

using guizhou_terrain::kSide;
using guizhou_terrain::kTownX;
using guizhou_terrain::river_y;

// A deterministic hash, so the landscape is the same on every rank and every machine.
double hash01(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return double(k >> 11) / double(1ULL << 53);
}

struct Landscape {
  // Cone-karst peaks and dolines on a coarse jittered lattice: only nearby ones are summed.
  static constexpr double kCell = 640.0;
  double feature(double x, double y) const {
    double z = 0;
    const int ci = static_cast<int>(std::floor(x / kCell)),
              cj = static_cast<int>(std::floor(y / kCell));
    for (int a = ci - 1; a <= ci + 1; ++a)
      for (int b = cj - 1; b <= cj + 1; ++b) {
        const std::uint64_t key = (std::uint64_t(a + 1000) << 32) ^ std::uint64_t(b + 1000);
        const double px = (a + hash01(key * 3 + 1)) * kCell, py = (b + hash01(key * 3 + 2)) * kCell;
        const double r2 = (x - px) * (x - px) + (y - py) * (y - py);
        const double kind = hash01(key * 3 + 3);
        if (kind < 0.75) {
          z += (90.0 + 80.0 * kind) * std::exp(-r2 / (2 * 180.0 * 180.0));  // karst cone
        } else {
          z -= 12.0 * std::exp(-r2 / (2 * 60.0 * 60.0));  // doline (sinkhole)
        }
      }
    return z;
  }

  double elevation(double x, double y) const {
    const double d = std::fabs(y - river_y(x));             // distance from the river, m
    const double floor = 380.0 - 0.018 * x;                 // valley floor falls 1.8 % eastward
    const double plain = x > kTownX - 900 ? 600.0 : 250.0;  // the town's floodplain is wider
    const double walls = 140.0 * std::pow(std::max(0.0, d - plain) / 2500.0, 1.3);
    const double hills = feature(x, y) * std::min(1.0, std::max(0.0, d - plain) / 600.0);
    const double channel = d < 25.0 ? -3.0 * (1 - (d / 25.0) * (d / 25.0)) : 0.0;
    return floor + walls + hills + channel;
  }

  double manning(double x, double y) const {
    const double d = std::fabs(y - river_y(x));
    if (d < 25.0) return 0.030;                                         // river channel
    if (x > kTownX - 600 && x < kTownX + 900 && d < 600) return 0.015;  // town streets
    if (d < 700.0) return 0.045;                                        // terraced fields
    return 0.090;                                                       // forest on the karst hills
  }
};

template <class F>
BlockFiller sampled(double dx, F f) {
  return [dx, f](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i) {
      const double y = kSide - (i0 + i + 0.5) * dx;
      for (int j = 0; j < nx; ++j) out[static_cast<size_t>(i) * nx + j] = f((j0 + j + 0.5) * dx, y);
    }
  };
}

}  // namespace

namespace guizhou_terrain {

double river_y(double x) {
  return 0.5 * kSide + 900.0 * std::sin(2 * M_PI * x / 5200.0) +
         300.0 * std::sin(2 * M_PI * x / 1700.0);
}
double elevation(double x, double y) {
  return Landscape().elevation(x, y);
}
double manning(double x, double y) {
  return Landscape().manning(x, y);
}

}  // namespace guizhou_terrain

FloodSetup guizhou_karst_scenario(double size) {
  if (!(size > 0 && size <= 64)) throw Error("flood.size", "must be in (0, 64]");
  const Landscape land;
  FloodSetup s;
  s.name = "guizhou-karst";
  s.nx = s.ny = static_cast<long long>(std::llround(1024 * size));
  s.dx = kSide / s.nx;
  s.x0 = 0.0;
  s.y0 = kSide;
  s.bed = sampled(s.dx, [land](double x, double y) { return land.elevation(x, y); });
  s.roughness = sampled(s.dx, [land](double x, double y) { return land.manning(x, y); });
  // The river carries base flow from the start: its channel holds 1.5 m of water at the centre.
  s.initial_depth = sampled(s.dx, [land](double x, double y) {
    const double d = std::fabs(y - river_y(x));
    if (d >= 25.0) return 0.0;
    return std::max(0.0, (380.0 - 0.018 * x) - 1.5 - land.elevation(x, y));
  });
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
  // Riverside gauges stand on the bank, outside the channel's cells at any resolution.
  const double bank = 30.0 + std::max(0.0, s.dx - 10.0);
  s.gauges = {
      {"upstream-village", 1500.0, river_y(1500.0) + bank, {0.05, 0.2, 0.5, 1.0}},
      {"bridge", 5200.0, river_y(5200.0), {2.0, 2.5, 3.0, 3.5}},
      {"town-riverside", kTownX, river_y(kTownX) + bank, {0.05, 0.2, 0.5, 1.0}},
      {"town-school", kTownX + 400.0, river_y(kTownX + 400.0) - 80.0, {0.02, 0.1, 0.3, 0.6}},
  };
  return s;
}

}  // namespace karst::flood
