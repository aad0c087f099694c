#pragma once
//! A directed graph in compressed sparse row form on the device: the out-arcs of vertex v are
//! [row_ptr(v), row_ptr(v+1)). Vertex ids are 32-bit (road graphs of a province fit easily);
//! weights and distances are 64-bit integers, so sums of many arcs never overflow.

#include "kernels/common/views.hpp"

#include <cstdint>
#include <vector>

namespace karst::routing {

using VertexId = std::int32_t;
using Weight = std::int64_t;
inline constexpr Weight kUnreachable = INT64_MAX / 4;

struct CsrGraph {
  VertexId num_vertices = 0;
  std::int64_t num_edges = 0;
  Kokkos::View<std::int64_t*, MemSpace> row_ptr;
  Kokkos::View<VertexId*, MemSpace> col;
  Kokkos::View<Weight*, MemSpace> weight;
  Weight max_weight = 0;
  double mean_weight = 0.0;
};

//! Builds the CSR from an arc list (counting sort on the host; arcs of a vertex keep file order).
inline CsrGraph build_csr(std::int64_t n, const std::vector<std::int64_t>& src,
                          const std::vector<std::int64_t>& dst, const std::vector<Weight>& w) {
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
  return g;
}

}  // namespace karst::routing
