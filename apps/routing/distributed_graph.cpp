#include "apps/routing/distributed_graph.hpp"

#include "base/error.hpp"
#include "kernels/routing/partitioned_parent_tree.hpp"

#include <fmt/format.h>

#include <cmath>

namespace karst::routing {

namespace {

constexpr const char* kWhere = "routing::distribute";

// Tells every owner which of its vertices this rank holds as ghosts, and learns the same about
// its own vertices: the plan fetch_ghost_values() replays.
GhostHalo build_halo(const PartitionedGraph& part, const mpi::Comm& comm) {
  const int ranks = comm.size();
  GhostHalo halo;
  halo.ghost_counts.resize(ranks);
  for (int r = 0; r < ranks; ++r)
    halo.ghost_counts[r] = part.ghost_begin[r + 1] - part.ghost_begin[r];
  halo.export_counts = comm.alltoall(halo.ghost_counts);
  auto ghost_ids = Kokkos::create_mirror_view_and_copy(HostSpace(), part.ghost_id);
  std::int64_t exports = 0;
  for (int c : halo.export_counts) exports += c;
  std::vector<std::int64_t> wanted(static_cast<size_t>(exports));
  comm.alltoallv(ghost_ids.data(), halo.ghost_counts, wanted.data(), halo.export_counts);
  halo.export_local = Kokkos::View<VertexId*, MemSpace>("routing::halo_export", exports);
  auto local = Kokkos::create_mirror_view(halo.export_local);
  for (std::int64_t k = 0; k < exports; ++k)
    local(k) = static_cast<VertexId>(wanted[k] - part.first);
  Kokkos::deep_copy(halo.export_local, local);
  return halo;
}

}  // namespace

DistributedGraph distribute_own_arcs(std::int64_t num_vertices, std::vector<std::int64_t> src,
                                     std::vector<std::int64_t> dst, std::vector<Weight> weight,
                                     const mpi::Comm& comm) {
  if (src.size() != dst.size() || src.size() != weight.size())
    throw Error(kWhere, "arc lists of different lengths");
  // Global ids are 64-bit throughout; only the parent tree's key packs them into 32 bits.
  if (num_vertices > kParentKeyIds)
    throw Error(kWhere, fmt::format("{} vertices: the parent tree's keys hold ids below 2^32",
                                    num_vertices));
  const VertexPartition partition{num_vertices, comm.size()};
  const int rank = comm.rank();
  const std::int64_t first = partition.begin(rank), last = partition.end(rank);
  std::int64_t weight_sum = 0;
  Weight max_weight = 0;
  for (size_t e = 0; e < src.size(); ++e) {
    if (src[e] < first || src[e] >= last || dst[e] < 0 || dst[e] >= num_vertices)
      throw Error(kWhere, fmt::format("rank {}: arc {} -> {} (0-based) is not one of the arcs of "
                                      "its vertices {}..{} in a graph of {} vertices",
                                      rank, src[e], dst[e], first, last - 1, num_vertices));
    if (weight[e] < 0)
      throw Error(kWhere,
                  fmt::format("arc {} -> {}: negative weight {}", src[e], dst[e], weight[e]));
    weight_sum += weight[e];
    max_weight = std::max(max_weight, weight[e]);
  }
  DistributedGraph g;
  g.comm = comm.dup();
  g.part = build_partitioned_graph(partition, rank, src, dst, weight);
  g.halo = build_halo(g.part, g.comm);
  g.num_arcs = g.comm.allreduce_sum(static_cast<long long>(src.size()));
  g.max_weight = g.comm.allreduce_max_int64(max_weight);
  // The formula of auto_delta on the whole graph, from exact integer totals, so that
  // every number of ranks picks the same delta as the replicated kernel.
  const auto total_weight = g.comm.allreduce_sum(static_cast<long long>(weight_sum));
  if (g.num_arcs > 0 && num_vertices > 0) {
    const double mean_weight = double(total_weight) / double(g.num_arcs);
    const double degree = double(g.num_arcs) / double(num_vertices);
    g.auto_delta = std::max<Weight>(1, std::llround(mean_weight * degree));
  }
  return g;
}

DistributedGraph distribute_graph(const io::EdgeList& arcs, const mpi::Comm& comm) {
  const VertexPartition partition{arcs.num_vertices, comm.size()};
  const int rank = comm.rank();
  std::vector<std::int64_t> src, dst;
  std::vector<Weight> weight;
  for (size_t e = 0; e < arcs.src.size(); ++e) {
    if (arcs.src[e] < 0 || arcs.src[e] >= arcs.num_vertices)
      throw Error(kWhere, fmt::format("arc {}: tail {} (0-based) is not a vertex", e, arcs.src[e]));
    if (partition.owner(arcs.src[e]) != rank) continue;
    src.push_back(arcs.src[e]);
    dst.push_back(arcs.dst[e]);
    weight.push_back(arcs.weight[e]);
  }
  return distribute_own_arcs(arcs.num_vertices, std::move(src), std::move(dst), std::move(weight),
                             comm);
}

Kokkos::View<std::int64_t*, MemSpace> fetch_ghost_values(
    const DistributedGraph& g, const Kokkos::View<std::int64_t*, MemSpace>& local_values) {
  const auto exports = g.halo.export_local;
  Kokkos::View<std::int64_t*, MemSpace> send("routing::halo_send", exports.extent(0));
  Kokkos::parallel_for(
      "routing::halo_pack", Kokkos::RangePolicy<ExecSpace>(0, exports.extent(0)),
      KOKKOS_LAMBDA(const int k) { send(k) = local_values(exports(k)); });
  Kokkos::fence();  // the pack kernel, before MPI reads its buffer
  Kokkos::View<std::int64_t*, MemSpace> ghosts("routing::ghost_values", g.part.num_ghosts);
  auto send_host = Kokkos::create_mirror_view_and_copy(HostSpace(), send);
  auto ghosts_host = Kokkos::create_mirror_view(ghosts);
  g.comm.alltoallv(send_host.data(), g.halo.export_counts, ghosts_host.data(), g.halo.ghost_counts);
  Kokkos::deep_copy(ghosts, ghosts_host);
  return ghosts;
}

}  // namespace karst::routing
