#include "apps/routing/distance_table.hpp"

#include "bench/phase_clock.hpp"

#include <algorithm>

namespace karst::routing {

DistanceTable distance_table(const CsrGraph& g, const std::vector<std::int64_t>& sources,
                             const std::vector<std::int64_t>& targets, Weight delta,
                             const mpi::Comm& comm, bench::Profile& profile, TableStats& stats) {
  DistanceTable t{sources, targets, {}};
  const size_t nt = targets.size();
  std::vector<std::int64_t> mine;
  for (size_t s = comm.rank(); s < sources.size(); s += comm.size()) mine.push_back(sources[s]);
  const auto t0 = bench::Clock::now();
  const auto rows = many_source_distances(g, mine, targets, delta > 0 ? delta : auto_delta(g));
  Kokkos::fence();
  const double seconds = bench::seconds_since(t0);
  profile.add("routing::delta_stepping", seconds, kRelaxCost, double(rows.relaxations));
  stats.sssp_seconds += seconds;
  stats.traversed_arcs += rows.reached_arcs;
  stats.sssp_runs += static_cast<int>(mine.size());
  // Every rank's rows in place, the others' left unreachable for the MIN to fill.
  std::vector<Weight> all(sources.size() * nt, kUnreachable);
  for (size_t i = 0; i < mine.size(); ++i) {
    const size_t s = comm.rank() + i * comm.size();
    std::copy(rows.dist.begin() + i * nt, rows.dist.begin() + (i + 1) * nt, all.begin() + s * nt);
  }
  t.value.resize(all.size());
  auto region = profile.region("mpi::table_allreduce");
  if (!all.empty())
    mpi::check(MPI_Allreduce(all.data(), t.value.data(), static_cast<int>(all.size()), MPI_INT64_T,
                             MPI_MIN, comm.get()),
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
