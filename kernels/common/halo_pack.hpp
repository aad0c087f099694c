#pragma once
//! Packing the edge strips of several 2D fields into one contiguous buffer and back, so a halo
//! exchange sends one message per neighbour whatever the number of fields or the strip's stride.

#include "kernels/common/views.hpp"

namespace karst {

//! A rectangle of a 2D field: rows [i0, i1), columns [j0, j1).
struct Strip {
  int i0 = 0, i1 = 0, j0 = 0, j1 = 0;
  int size() const { return (i1 - i0) * (j1 - j0); }
};

//! buffer[f * strip.size() + k] = field_f(strip cell k), rows fastest-varying last. Field is a
//! 2D View and Buffer a 1D View of the same value type (double, or float in FP32 runs).
template <int NumFields, class Field, class Buffer>
void pack_strip(const ExecSpace& space, const Field (&fields)[NumFields], const Strip& s,
                const Buffer& buffer) {
  const int width = s.j1 - s.j0, n = s.size();
  Field f[NumFields];
  for (int k = 0; k < NumFields; ++k) f[k] = fields[k];
  Kokkos::parallel_for(
      "halo::pack", Kokkos::RangePolicy<ExecSpace>(space, 0, n), KOKKOS_LAMBDA(const int k) {
        const int i = s.i0 + k / width, j = s.j0 + k % width;
        for (int q = 0; q < NumFields; ++q) buffer(q * n + k) = f[q](i, j);
      });
}

template <int NumFields, class Field, class Buffer>
void unpack_strip(const ExecSpace& space, const Field (&fields)[NumFields], const Strip& s,
                  const Buffer& buffer) {
  const int width = s.j1 - s.j0, n = s.size();
  Field f[NumFields];
  for (int k = 0; k < NumFields; ++k) f[k] = fields[k];
  Kokkos::parallel_for(
      "halo::unpack", Kokkos::RangePolicy<ExecSpace>(space, 0, n), KOKKOS_LAMBDA(const int k) {
        const int i = s.i0 + k / width, j = s.j0 + k % width;
        for (int q = 0; q < NumFields; ++q) f[q](i, j) = buffer(q * n + k);
      });
}

}  // namespace karst
