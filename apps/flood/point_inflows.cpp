#include "apps/flood/point_inflows.hpp"

#include "base/error.hpp"
#include "kernels/hydro/point_sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace karst::flood {

template <class Real>
PointInflows::PointInflows(const FloodSetup& setup, const Decomposition& decomp,
                           const hydro::Field2DOf<Real>& bed)
    : inflows_(setup.inflows), cell_area_(setup.dx * setup.dx), g_(setup.g) {
  auto bed_host = Kokkos::create_mirror_view_and_copy(HostSpace(), bed);
  std::vector<std::pair<int, int>> cells;
  // Every rank learns the first inflow that sits on a wall, so all of them throw together.
  double first_on_wall = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < setup.inflows.size(); ++k) {
    long long gi = 0, gj = 0;
    setup.cell_of(setup.inflows[k].x, setup.inflows[k].y, gi, gj);  // validate() checked it
    if (!decomp.owns(gi, gj)) continue;
    const int i = static_cast<int>(gi - decomp.i0 + 1), j = static_cast<int>(gj - decomp.j0 + 1);
    if (bed_host(i, j) >= Real(setup.wall_elevation))
      first_on_wall = std::min(first_on_wall, double(k));
    owned_.push_back(static_cast<int>(k));
    cells.emplace_back(i, j);
  }
  first_on_wall = decomp.cart.allreduce_min(first_on_wall);
  if (first_on_wall < std::numeric_limits<double>::infinity()) {
    const auto& q = setup.inflows[static_cast<size_t>(first_on_wall)];
    throw Error(
        "flood.inflows." + q.name,
        fmt::format("({}, {}) lies on a nodata cell of the DEM, where no water can be", q.x, q.y));
  }
  cells_ = Kokkos::View<int* [2], MemSpace>("flood::inflow_cells", owned_.size());
  depth_ = Kokkos::View<double*, MemSpace>("flood::inflow_depth", owned_.size());
  depth_host_ = Kokkos::create_mirror_view(depth_);
  auto cells_host = Kokkos::create_mirror_view(cells_);
  for (size_t k = 0; k < cells.size(); ++k) {
    cells_host(k, 0) = cells[k].first;
    cells_host(k, 1) = cells[k].second;
  }
  Kokkos::deep_copy(cells_, cells_host);
}

template <class Real>
double PointInflows::add(const hydro::FieldsOf<Real>& state, double t, double dt,
                         double& max_speed) const {
  if (owned_.empty()) return 0.0;
  double volume = 0.0;
  for (size_t k = 0; k < owned_.size(); ++k) {
    // The hydrograph is piecewise constant and steps stop at its breakpoints: Q(t) holds on
    // the whole step.
    const double q = inflows_[owned_[k]].m3_per_s.at(t);
    depth_host_(k) = q * dt / cell_area_;
    volume += double(Real(depth_host_(k))) * cell_area_;
  }
  Kokkos::deep_copy(depth_, depth_host_);
  max_speed = std::max(max_speed, hydro::add_point_sources(state, cells_, depth_, g_));
  return volume;
}

template PointInflows::PointInflows(const FloodSetup&, const Decomposition&,
                                    const hydro::Field2DOf<double>&);
template PointInflows::PointInflows(const FloodSetup&, const Decomposition&,
                                    const hydro::Field2DOf<float>&);
template double PointInflows::add(const hydro::FieldsOf<double>&, double, double, double&) const;
template double PointInflows::add(const hydro::FieldsOf<float>&, double, double, double&) const;

double PointInflows::next_change(double t) const {
  double next = std::numeric_limits<double>::infinity();
  for (const auto& q : inflows_) next = std::min(next, q.m3_per_s.next_change(t));
  return next;
}

}  // namespace karst::flood
