#pragma once
// Small DEMs and rasters written as ESRI ASCII grids for the flood tests that go through the
// configuration, as a user's run does.
#include "base/mpi/comm.hpp"

#include <fmt/format.h>

#include <fstream>
#include <string>

namespace karst::test {

//! The grid of a test raster: ny x nx cells of dx m, lower-left corner (xll, yll).
struct AscGrid {
  int ny = 0, nx = 0;
  double dx = 1.0, xll = 0.0, yll = 0.0;
  double x0() const { return xll; }            //!< north-west corner, as FloodSetup has it
  double y0() const { return yll + ny * dx; }  //!< north-west corner, as FloodSetup has it
};

//! Writes value(i, j) (row 0 north) on rank 0; every rank returns after the file exists.
template <class F>
void write_asc(const std::string& path, const AscGrid& g, F value,
               const mpi::Comm& comm = mpi::Comm::world()) {
  if (comm.is_root()) {
    std::ofstream out(path);
    out << fmt::format("ncols {}\nnrows {}\nxllcorner {}\nyllcorner {}\ncellsize {}\n", g.nx, g.ny,
                       g.xll, g.yll, g.dx)
        << "NODATA_value -9999\n";
    for (int i = 0; i < g.ny; ++i) {
      for (int j = 0; j < g.nx; ++j) out << fmt::format("{} ", value(i, j));
      out << "\n";
    }
  }
  comm.barrier();
}

}  // namespace karst::test
