#include "apps/flood/flood_setup.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace karst::flood {

BlockFiller constant_field(double value) {
  return [value](long long, long long, int ny, int nx, double* out) {
    std::fill(out, out + static_cast<size_t>(ny) * nx, value);
  };
}

double TimeSeries::at(double t) const {
  if (value.empty()) return 0.0;
  const auto it = std::upper_bound(time.begin(), time.end(), t);
  const size_t k = it == time.begin() ? 0 : static_cast<size_t>(it - time.begin()) - 1;
  return value[k];
}

double TimeSeries::next_change(double t) const {
  const auto it = std::upper_bound(time.begin(), time.end(), t);
  return it == time.end() ? std::numeric_limits<double>::infinity() : *it;
}

size_t GriddedRain::frame_at(double t) const {
  const auto it = std::upper_bound(start_s.begin(), start_s.end(), t);
  return it == start_s.begin() ? 0 : static_cast<size_t>(it - start_s.begin()) - 1;
}

double Infiltration::rate(double t) const {
  constexpr double mm_per_h = 1e-3 / 3600.0;
  switch (model) {
    case Model::none:
      return 0.0;
    case Model::constant:
      return rate_mm_per_h * mm_per_h;
    case Model::horton:
      return (rate_mm_per_h +
              (initial_mm_per_h - rate_mm_per_h) * std::exp(-decay_per_h * t / 3600.0)) *
             mm_per_h;
  }
  return 0.0;
}

namespace {
void check_series(const TimeSeries& s, const std::string& what, bool non_negative) {
  if (s.time.size() != s.value.size())
    throw Error(what, fmt::format("{} times but {} values", s.time.size(), s.value.size()));
  for (size_t k = 0; k < s.time.size(); ++k) {
    if (!std::isfinite(s.time[k]) || !std::isfinite(s.value[k]))
      throw Error(what, fmt::format("entry {} is not a finite number", k));
    if (k > 0 && s.time[k] <= s.time[k - 1])
      throw Error(what, fmt::format("times must increase (entry {}: {} after {})", k, s.time[k],
                                    s.time[k - 1]));
    if (non_negative && s.value[k] < 0)
      throw Error(what, fmt::format("entry {} is negative ({})", k, s.value[k]));
  }
}
}  // namespace

bool FloodSetup::cell_of(double x, double y, long long& i, long long& j) const {
  if (!(x >= x0 && x < x0 + nx * dx && y <= y0 && y > y0 - ny * dx)) return false;
  j = std::min(nx - 1, static_cast<long long>(std::floor((x - x0) / dx)));
  i = std::min(ny - 1, static_cast<long long>(std::floor((y0 - y) / dx)));
  return true;
}

void FloodSetup::validate() const {
  if (ny < 3 || nx < 3)
    throw Error("flood", fmt::format("grid {}x{} is too small (at least 3x3)", ny, nx));
  if (!(dx > 0) || !std::isfinite(dx)) throw Error("flood.dx", "cell size must be positive");
  if (!(cfl > 0 && cfl <= 1.0))
    throw Error("flood.cfl",
                fmt::format("{} is outside (0, 1]; 0.375 keeps depths non-negative", cfl));
  if (!(t_end > 0)) throw Error("flood.t_end", "must be positive");
  if (!(max_dt > 0)) throw Error("flood.max_dt", "must be positive");
  if (!bed || !roughness || !initial_depth || !rain_pattern || !infiltration_pattern)
    throw Error("flood",
                "bed, roughness, initial depth, rain and infiltration patterns must all be set");
  check_series(rain_mm_per_h, "flood.rain", true);
  if (gridded_rain) {
    const auto& t = gridded_rain.start_s;
    if (t.empty() || t[0] != 0 || !std::is_sorted(t.begin(), t.end()) ||
        std::adjacent_find(t.begin(), t.end()) != t.end())
      throw Error("flood.rain.file", "frame times must start at 0 and increase");
  }
  for (const auto* e : {&north, &south, &west, &east})
    check_series(e->inflow_m3_per_s, "flood.inflow", true);
  const double xmax = x0 + nx * dx, ymin = y0 - ny * dx;
  long long i, j;
  for (const auto& q : inflows) {
    check_series(q.m3_per_s, "flood.inflows." + q.name, true);
    if (!cell_of(q.x, q.y, i, j))
      throw Error("flood.inflows." + q.name,
                  fmt::format("({}, {}) is outside the domain x in [{}, {}), y in ({}, {}]", q.x,
                              q.y, x0, xmax, ymin, y0));
  }
  for (const auto& g : gauges) {
    if (!cell_of(g.x, g.y, i, j))
      throw Error("flood.gauges." + g.name,
                  fmt::format("({}, {}) is outside the domain x in [{}, {}), y in ({}, {}]", g.x,
                              g.y, x0, xmax, ymin, y0));
    if (g.thresholds_m.size() != 4 || !std::is_sorted(g.thresholds_m.begin(), g.thresholds_m.end()))
      throw Error("flood.gauges." + g.name,
                  "needs 4 increasing thresholds (blue, yellow, orange, red)");
  }
}

}  // namespace karst::flood
