#include "apps/flood/initial_water.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace karst::flood {

namespace {
constexpr double kNoLevel = -std::numeric_limits<double>::infinity();

// The bed of a block and a level per cell (or one level) give the depth below that level.
BlockFiller depth_of(const FloodSetup& s, BlockFiller level) {
  const BlockFiller bed = s.bed;
  const double wall = s.wall_elevation;
  return [bed, level, wall](long long i0, long long j0, int ny, int nx, double* out) {
    std::vector<double> z(static_cast<size_t>(ny) * nx);
    bed(i0, j0, ny, nx, z.data());
    level(i0, j0, ny, nx, out);
    for (size_t c = 0; c < z.size(); ++c)
      out[c] = z[c] >= wall ? 0.0 : std::max(0.0, out[c] - z[c]);
  };
}
}  // namespace

BlockFiller depth_below_level(const FloodSetup& s, double level, const MapBox* box) {
  const bool boxed = box != nullptr;
  const MapBox b = boxed ? *box : MapBox{};
  const double x0 = s.x0, y0 = s.y0, dx = s.dx;
  // Cells outside the box get a level of -infinity: dry whatever their bed.
  return depth_of(s, [=](long long i0, long long j0, int ny, int nx, double* out) {
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) {
        const double x = x0 + (j0 + j + 0.5) * dx, y = y0 - (i0 + i + 0.5) * dx;
        out[static_cast<size_t>(i) * nx + j] = !boxed || b.contains(x, y) ? level : kNoLevel;
      }
  });
}

BlockFiller depth_below_level_field(const FloodSetup& s, BlockFiller level) {
  return depth_of(s, std::move(level));
}

}  // namespace karst::flood
