#include "apps/routing/distance_table.hpp"

#include "bench/phase_clock.hpp"

#include <algorithm>

namespace karst::routing {

DistanceTable distance_table(const CsrGraph& g, const std::vector<std::int64_t>& sources,
                             const std::vector<std::int64_t>& targets, Weight delta,
                             const mpi::Comm& comm, bench::Profile& profile, TableStats& stats) {
  DistanceTable t{sources, targets, {}};
  const size_t nt = targets.size();
  std::vector<Weight> mine(sources.size() * nt, kUnreachable);
  const Weight d = delta > 0 ? delta : auto_delta(g);
  Kokkos::View<std::int64_t*, MemSpace> target_ids("routing::targets", nt);
  {
    auto h = Kokkos::create_mirror_view(target_ids);
    for (size_t k = 0; k < nt; ++k) h(k) = targets[k];
    Kokkos::deep_copy(target_ids, h);
  }
  Kokkos::View<Weight*, MemSpace> row("routing::row", nt);
  auto row_host = Kokkos::create_mirror_view(row);
  for (size_t s = comm.rank(); s < sources.size(); s += comm.size()) {
    const auto t0 = bench::Clock::now();
    const auto r = delta_stepping(g, static_cast<VertexId>(sources[s]), d);
    Kokkos::fence();
    const double seconds = bench::seconds_since(t0);
    profile.add("routing::delta_stepping", seconds, kRelaxCost, double(r.relaxations));
    // Graph500 counts the arcs of the traversed component.
    std::int64_t arcs = 0;
    const auto dist = r.dist;
    const auto rp = g.row_ptr;
    Kokkos::parallel_reduce(
        "routing::traversed_arcs",
        Kokkos::RangePolicy<ExecSpace, Kokkos::IndexType<VertexId>>(0, g.num_vertices),
        KOKKOS_LAMBDA(const VertexId v, std::int64_t& a) {
          if (dist(v) < kUnreachable) a += rp(v + 1) - rp(v);
        },
        arcs);
    stats.sssp_seconds += seconds;
    stats.traversed_arcs += arcs;
    stats.sssp_runs += 1;
    const auto ids = target_ids;
    Kokkos::parallel_for(
        "routing::gather_row", Kokkos::RangePolicy<ExecSpace>(0, nt),
        KOKKOS_LAMBDA(const int k) { row(k) = dist(ids(k)); });
    Kokkos::deep_copy(row_host, row);
    for (size_t k = 0; k < nt; ++k) mine[s * nt + k] = row_host(k);
  }
  t.value.resize(mine.size());
  auto region = profile.region("mpi::table_allreduce");
  if (!mine.empty())
    mpi::check(MPI_Allreduce(mine.data(), t.value.data(), static_cast<int>(mine.size()),
                             MPI_INT64_T, MPI_MIN, comm.get()),
               "MPI_Allreduce (distance table)");
  return t;
}

std::vector<Weight> min_over_sources(const DistanceTable& t) {
  std::vector<Weight> least(t.targets.size(), kUnreachable);
  for (size_t k = 0; k < t.targets.size(); ++k)
    for (size_t s = 0; s < t.sources.size(); ++s) least[k] = std::min(least[k], t.at(s, k));
  return least;
}

}  // namespace karst::routing
