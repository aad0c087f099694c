#include "apps/stormday/road_cells.hpp"

#include "base/error.hpp"
#include "kernels/hydro/interface_flux.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace karst::stormday {

std::vector<GridCell> segment_cells(const CountyGrid& grid, const RoadNode& a, const RoadNode& b) {
  std::vector<GridCell> out;
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  // A quarter cell between samples: a line that only clips a cell's corner by less than that
  // may miss it, which is harmless for a road several metres wide on cells of 10 m or more.
  const long long n = std::max(1LL, static_cast<long long>(std::ceil(length / (0.25 * grid.dx))));
  for (long long k = 0; k <= n; ++k) {
    const double t = double(k) / double(n);
    const double x = a.x + (b.x - a.x) * t, y = a.y + (b.y - a.y) * t;
    const double fj = std::floor((x - grid.x0) / grid.dx), fi = std::floor((grid.y0 - y) / grid.dx);
    if (!(fi >= 0 && fj >= 0 && fi < double(grid.ny) && fj < double(grid.nx))) continue;
    const GridCell c{static_cast<long long>(fi), static_cast<long long>(fj)};
    if (out.empty() || !(out.back() == c)) out.push_back(c);
  }
  return out;
}

RoadCells road_cells(const County& county, const flood::BlockFiller& initial_depth, long long i0,
                     long long j0, long long ny, long long nx) {
  RoadCells r;
  r.segment_begin.push_back(0);
  const auto node = [&](int k, size_t s) -> const RoadNode& {
    if (k < 0 || static_cast<size_t>(k) >= county.nodes.size())
      throw Error(
          fmt::format("stormday: road segment {}", s),
          fmt::format("node {} is not one of the county's {} nodes", k, county.nodes.size()));
    return county.nodes[static_cast<size_t>(k)];
  };
  for (size_t s = 0; s < county.segments.size(); ++s) {
    const auto& seg = county.segments[s];
    long long bridged = 0;
    for (const auto& c : segment_cells(county.grid, node(seg.from, s), node(seg.to, s))) {
      if (c.i < i0 || c.i >= i0 + ny || c.j < j0 || c.j >= j0 + nx) continue;
      double depth0 = 0.0;
      initial_depth(c.i, c.j, 1, 1, &depth0);
      if (depth0 > hydro::kDryDepth) {
        ++bridged;
        continue;
      }
      r.cells.push_back(c);
    }
    r.bridged.push_back(bridged);
    r.segment_begin.push_back(static_cast<int>(r.cells.size()));
  }
  return r;
}

}  // namespace karst::stormday
