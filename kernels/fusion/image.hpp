#pragma once
//! Multiband images as the fusion kernels see them: band x row x col, LayoutRight so one band's
//! row is contiguous in memory, in HDF5 and in MPI messages. Missing data (nodata, cloud) is NaN:
//! one test, `v == v`, covers every source of invalid pixels.
//!
//! A rank processes its rows in strips. A strip holds its own rows plus a halo above and below
//! (the STARFM window radius, clipped at the scene edge); `StripRows` says which local rows are
//! owned, so kernels write and metrics count only those.

#include "kernels/common/views.hpp"

namespace karst::fusion {

using Image = Kokkos::View<double***, Kokkos::LayoutRight, MemSpace>;
using ImageHost = Image::HostMirror;
//! One band, for the panchromatic image.
using Band = Kokkos::View<double**, Kokkos::LayoutRight, MemSpace>;

struct StripRows {
  long long first_global = 0;  //!< global row index of local row 0
  long long own_begin = 0;     //!< first owned local row
  long long own_end = 0;       //!< one past the last owned local row
  long long scene_rows = 0;    //!< rows in the whole scene, for windows at its edge
  long long owned() const { return own_end - own_begin; }
};

KOKKOS_INLINE_FUNCTION bool is_valid(double v) {
  return v == v;
}

}  // namespace karst::fusion
