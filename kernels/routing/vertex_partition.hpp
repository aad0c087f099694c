#pragma once
//! A block 1D partition of the vertex ids 0..n-1 over `parts` ranks: rank r owns one contiguous
//! range, the first n % parts ranks one vertex more than the rest. Contiguous ranges make the
//! owner of any vertex an O(1) formula on the device (no lookup table of n entries on every
//! rank) and make each rank's slice of a global vector one hyperslab in a file.

#include <Kokkos_Core.hpp>

#include <cstdint>

namespace karst::routing {

struct VertexPartition {
  std::int64_t num_vertices = 0;
  int parts = 1;

  KOKKOS_INLINE_FUNCTION std::int64_t begin(int r) const {
    const std::int64_t q = num_vertices / parts, extra = num_vertices % parts;
    return r * q + (r < extra ? r : extra);
  }
  KOKKOS_INLINE_FUNCTION std::int64_t end(int r) const { return begin(r + 1); }
  KOKKOS_INLINE_FUNCTION std::int64_t count(int r) const { return end(r) - begin(r); }
  //! The rank owning vertex v (0 <= v < num_vertices).
  KOKKOS_INLINE_FUNCTION int owner(std::int64_t v) const {
    const std::int64_t q = num_vertices / parts, extra = num_vertices % parts;
    // The first `extra` ranks hold q + 1 vertices each; when q == 0 they hold all of them.
    const std::int64_t big = extra * (q + 1);
    return static_cast<int>(v < big ? v / (q + 1) : extra + (v - big) / q);
  }
};

}  // namespace karst::routing
