#pragma once
//! The shallow-water state of one rank's block, with one ghost cell on every side.
//! Index (i, j): i is the row (southward in a north-up raster), j the column (eastward).
//! hu is the momentum along j (east), hv along i (south). Owned cells are [1, ny] x [1, nx].

#include "kernels/common/views.hpp"

namespace karst::hydro {

//! Real is double, or float in the FP32 mode (flood.precision).
template <class Real>
using Field2DOf = Kokkos::View<Real**, Kokkos::LayoutRight, MemSpace>;

template <class Real>
struct FieldsOf {
  Field2DOf<Real> h, hu, hv;
  FieldsOf() = default;
  FieldsOf(const std::string& tag, int ny, int nx)
      : h(tag + "::h", ny + 2, nx + 2),
        hu(tag + "::hu", ny + 2, nx + 2),
        hv(tag + "::hv", ny + 2, nx + 2) {}
};

//! Running maxima and first-arrival time, updated in the same pass as the state.
template <class Real>
struct MapsOf {
  Field2DOf<Real> max_depth, max_speed, max_hazard, arrival_time;
  MapsOf() = default;
  MapsOf(int ny, int nx)
      : max_depth("hydro::max_depth", ny + 2, nx + 2),
        max_speed("hydro::max_speed", ny + 2, nx + 2),
        max_hazard("hydro::max_hazard", ny + 2, nx + 2),
        arrival_time("hydro::arrival_time", ny + 2, nx + 2) {
    Kokkos::deep_copy(arrival_time, Real(-1));
  }
};

using Fields = FieldsOf<double>;
using Maps = MapsOf<double>;

//! Which sides of this block are the edge of the whole domain (the others face a neighbour rank).
struct DomainEdges {
  bool north = true, south = true, west = true, east = true;
};

}  // namespace karst::hydro
