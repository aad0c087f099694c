#pragma once
// FloodSetups for the tests: a lake at rest, Thacker's bowl,
// and a small catchment with every kind of forcing for mass-balance and rank-invariance tests.
#include "analytic.hpp"
#include "apps/flood/flood_setup.hpp"

#include <cmath>

namespace karst::test {

using flood::BlockFiller;
using flood::FloodSetup;

//! A field given by a function of the cell centre (x, y).
template <class F>
BlockFiller field_of(const FloodSetup& s, F f) {
  const double x0 = s.x0, y0 = s.y0, dx = s.dx;
  return [=](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j)
        out[static_cast<size_t>(i) * nx + j] =
            f(x0 + (j0 + j + 0.5) * dx, y0 - (i0 + i + 0.5) * dx);
  };
}

//! Closed 40x40 box, a Gaussian island rising above the still water level 1 m.
inline FloodSetup lake_at_rest() {
  FloodSetup s;
  s.name = "lake-at-rest";
  s.nx = s.ny = 40;
  s.dx = 1.0;
  s.y0 = 40.0;
  s.t_end = 1e9;
  auto bump = [](double x, double y) {
    return 1.5 * std::exp(-((x - 20) * (x - 20) + (y - 20) * (y - 20)) / 40.0);
  };
  s.bed = field_of(s, bump);
  s.initial_depth =
      field_of(s, [=](double x, double y) { return std::max(0.0, 1.0 - bump(x, y)); });
  s.roughness = flood::constant_field(0.03);
  s.rain_pattern = flood::constant_field(1.0);
  return s;
}

inline FloodSetup thacker_bowl(int n, const Thacker& th, double t_end) {
  FloodSetup s;
  s.name = "thacker";
  s.nx = s.ny = n;
  s.dx = 4.0 / n;
  s.y0 = 4.0;
  s.g = kG;
  s.t_end = t_end;
  s.bed = field_of(s, [=](double x, double y) { return th.bed(x, y); });
  s.initial_depth = field_of(s, [=](double x, double y) { return th.depth(x, y, 0.0); });
  s.roughness = flood::constant_field(0.0);
  s.rain_pattern = flood::constant_field(1.0);
  return s;
}

//! A tilted, rough valley with a river inflow on the west, free outflow on the east, a storm with
//! a spatial pattern, Horton infiltration and two gauges: every code path at once.
inline FloodSetup small_catchment(int ny, int nx, double t_end) {
  FloodSetup s;
  s.name = "small-catchment";
  s.ny = ny;
  s.nx = nx;
  s.dx = 10.0;
  s.y0 = ny * s.dx;
  s.t_end = t_end;
  const double width = nx * s.dx, height = ny * s.dx;
  s.bed = field_of(s, [=](double x, double y) {
    const double valley = std::fabs(y - height / 2) / height;  // V-shaped across
    return 20.0 * (1 - x / width) + 15.0 * valley + 0.5 * std::sin(x / 37.0) * std::cos(y / 23.0);
  });
  s.roughness = field_of(s, [](double x, double) { return x < 200 ? 0.03 : 0.06; });
  s.initial_depth = flood::constant_field(0.0);
  s.rain_pattern = field_of(s, [=](double x, double) { return 0.5 + x / width; });
  s.rain_mm_per_h = {{0, 60, 240, 420}, {0, 40, 90, 10}};
  s.infiltration.model = flood::Infiltration::Model::horton;
  s.infiltration.initial_mm_per_h = 30;
  s.infiltration.rate_mm_per_h = 5;
  s.infiltration.decay_per_h = 2;
  s.west.inflow_begin = ny / 2 - 2;
  s.west.inflow_end = ny / 2 + 2;
  s.west.inflow_m3_per_s = {{0, 100}, {5, 20}};
  s.east.kind = hydro::EdgeKind::outflow;
  s.gauges = {{"upper", 0.25 * width, 0.5 * height, {0.01, 0.05, 0.1, 0.2}},
              {"lower", 0.8 * width, 0.5 * height, {0.01, 0.05, 0.1, 0.2}}};
  return s;
}

}  // namespace karst::test
