#include "apps/stormday/river_channel.hpp"

#include "apps/geography/guizhou_karst.hpp"
#include "base/error.hpp"
#include "kernels/hydro/interface_flux.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace karst::stormday {

namespace {

namespace terrain = geography;

// Per column, the rows the river's centre line passes through, and the thalweg at the column's
// centre. Column edges are evaluated by the same expression from both sides, so neighbouring
// columns share the row where the line crosses between them: the chain is 4-connected.
constexpr int kSamples = 64;  // per column: the river bends over kilometres, not metres

// Row of the line at x, counted from the row whose top edge is at `top` (the same expression for
// a whole grid and for one cell, so both find the same cells).
long long row_below(double top, double x, double dx) {
  return static_cast<long long>(std::floor((top - terrain::river_y(x)) / dx));
}

struct ChannelCells {
  std::vector<long long> first_row, last_row;
  std::vector<double> thalweg;  //!< m: the scenario's bed on the centre line at the column centre

  explicit ChannelCells(const flood::FloodSetup& s) {
    for (long long j = 0; j < s.nx; ++j) {
      long long lo = s.ny, hi = -1;
      for (int k = 0; k <= kSamples; ++k) {
        const double x = k == kSamples ? s.x0 + double(j + 1) * s.dx
                                       : s.x0 + (double(j) + double(k) / kSamples) * s.dx;
        const long long i = row_below(s.y0, x - s.x0, s.dx);
        lo = std::min(lo, i);
        hi = std::max(hi, i);
      }
      first_row.push_back(std::max(0LL, lo));
      last_row.push_back(std::min(s.ny - 1, hi));
      const double xc = s.cell_x(j) - s.x0;
      thalweg.push_back(terrain::elevation(xc, terrain::river_y(xc)));
    }
  }
  bool contains(long long i, long long j) const {
    return i >= first_row[size_t(j)] && i <= last_row[size_t(j)];
  }
};

}  // namespace

bool river_line_crosses_cell(double x, double y, double dx) {
  // The line's slope stays below 2.2, so a cell it crosses has its centre within 1.6 dx of it.
  if (std::fabs(y - terrain::river_y(x)) > 2.0 * dx + 1.0) return false;
  const double left = x - 0.5 * dx, top = y + 0.5 * dx;
  long long lo = 1, hi = -1;
  for (int k = 0; k <= kSamples; ++k) {
    const double xs = k == kSamples ? x + 0.5 * dx : left + double(k) / kSamples * dx;
    const long long i = row_below(top, xs, dx);
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
  return lo <= 0 && 0 <= hi;
}

void condition_river_channel(flood::FloodSetup& s) {
  if (s.x0 != 0.0 || s.y0 != terrain::kSide || std::fabs(s.nx * s.dx - terrain::kSide) > 1e-6)
    throw Error("stormday: river channel", "the flood setup is not the guizhou-karst catchment");
  const auto channel = std::make_shared<const ChannelCells>(s);
  const auto bed = s.bed, depth = s.initial_depth;
  constexpr double kBaseDepth = 1.5;  // m of water over the thalweg at t = 0, as the scenario
  s.bed = [channel, bed](long long i0, long long j0, int ny, int nx, double* out) {
    bed(i0, j0, ny, nx, out);
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j)
        if (channel->contains(i0 + i, j0 + j)) {
          double& z = out[size_t(i) * nx + j];
          z = std::min(z, channel->thalweg[size_t(j0 + j)]);
        }
  };
  s.initial_depth = [channel, bed, depth](long long i0, long long j0, int ny, int nx, double* out) {
    depth(i0, j0, ny, nx, out);
    std::vector<double> z(size_t(ny) * nx);
    bed(i0, j0, ny, nx, z.data());
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j)
        if (channel->contains(i0 + i, j0 + j)) {
          const double t = channel->thalweg[size_t(j0 + j)];
          const double level = t + kBaseDepth;
          double& h = out[size_t(i) * nx + j];
          h = std::max(h, level - std::min(z[size_t(i) * nx + j], t));
        }
  };
  // The inflow segment, narrowed to the rows of column 0 that hold water at t = 0.
  long long b = s.west.inflow_end, e = s.west.inflow_begin;
  for (long long i = s.west.inflow_begin; i < s.west.inflow_end; ++i) {
    double h = 0.0;
    s.initial_depth(i, 0, 1, 1, &h);
    if (h > hydro::kDryDepth) {
      b = std::min(b, i);
      e = std::max(e, i + 1);
    }
  }
  if (b >= e) throw Error("stormday: river channel", "no wet cell on the west edge's inflow rows");
  s.west.inflow_begin = b;
  s.west.inflow_end = e;
}

}  // namespace karst::stormday
