#include "apps/geography/guizhou_karst.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace karst::geography {

namespace {

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

}  // namespace

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

double base_flow_depth(double x, double y) {
  if (std::fabs(y - river_y(x)) >= kChannelHalfWidth) return 0.0;
  return std::max(0.0, (380.0 - 0.018 * x) - 1.5 - elevation(x, y));
}

std::vector<GaugeSite> gauge_sites(double dx) {
  const double bank = 30.0 + std::max(0.0, dx - 10.0);
  return {{"upstream-village", 1500.0, river_y(1500.0) + bank},
          {"bridge", 5200.0, river_y(5200.0)},
          {"town-riverside", kTownX, river_y(kTownX) + bank},
          {"town-school", kTownX + 400.0, river_y(kTownX + 400.0) - 80.0}};
}

}  // namespace karst::geography
