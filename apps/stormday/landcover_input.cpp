#include "apps/stormday/landcover_input.hpp"

#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace karst::stormday {

namespace {
std::string grid_text(long long ny, long long nx, double dx, double y, double x) {
  return fmt::format("{}x{} cells of {} m, first cell centre at (y {}, x {})", ny, nx, dx, y, x);
}
bool close(double a, double b, double scale) {
  return std::fabs(a - b) <= 1e-6 * scale;
}
}  // namespace

void check_landcover_grid(const std::string& path, const std::string& dataset,
                          const flood::FloodSetup& g) {
  const auto file = io::H5File::open_read(path, mpi::Comm::self());
  const auto shape = io::dataset_shape(file, dataset);
  const auto meta = io::read_meta(file, dataset);
  const std::string want = grid_text(g.ny, g.nx, g.dx, g.cell_y(0), g.cell_x(0));
  const std::string where = fmt::format("{}: dataset '{}'", path, dataset);
  if (shape.size() != 2 || shape[0] != hsize_t(g.ny) || shape[1] != hsize_t(g.nx))
    throw Error(where, fmt::format("has shape [{}] but the county grid is {}",
                                   fmt::join(shape, ", "), want));
  if (meta.spacing.size() != 2 || meta.origin.size() != 2)
    throw Error(where, fmt::format("lacks its spacing and origin attributes (2 values each); the "
                                   "county grid is {}",
                                   want));
  const bool same = close(meta.spacing[0], g.dx, g.dx) && close(meta.spacing[1], g.dx, g.dx) &&
                    close(meta.origin[0], g.cell_y(0), g.dx) &&
                    close(meta.origin[1], g.cell_x(0), g.dx);
  if (!same)
    throw Error(
        where, fmt::format("lies on another grid: spacing ({}, {}) m, first cell centre at "
                           "(y {}, x {}); the county grid is {}",
                           meta.spacing[0], meta.spacing[1], meta.origin[0], meta.origin[1], want));
}

flood::BlockFiller landcover_filler(
    const std::string& path, const std::string& dataset, long long ny_global, long long nx_global,
    std::function<double(double value, long long i, long long j)> convert) {
  return [=](long long i0, long long j0, int ny, int nx, double* out) {
    const io::Block block{{hsize_t(ny_global), hsize_t(nx_global)},
                          {hsize_t(i0), hsize_t(j0)},
                          {hsize_t(ny), hsize_t(nx)}};
    {
      const auto file = io::H5File::open_read(path, mpi::Comm::self());
      io::read_block(file, dataset, block, out);
    }
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j) {
        double& v = out[static_cast<size_t>(i) * nx + j];
        v = convert(v, i0 + i, j0 + j);
      }
  };
}

}  // namespace karst::stormday
