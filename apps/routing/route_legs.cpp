#include "apps/routing/route_legs.hpp"

#include "bench/phase_clock.hpp"
#include "kernels/routing/many_source_search.hpp"

#include <algorithm>

namespace karst::routing {

namespace {

// This rank's searches, one batch (kernels/routing/many_source_search.hpp), timed and booked.
void search(const CsrGraph& g, const std::vector<RowRequest>& rows, Weight delta,
            bench::Profile& profile, LegStats& stats) {
  const auto t0 = bench::Clock::now();
  const auto counts = search_rows(g, rows, delta);
  Kokkos::fence();
  const double seconds = bench::seconds_since(t0);
  profile.add("routing::route_legs", seconds, kRelaxCost, double(counts.relaxations));
  stats.sssp_seconds += seconds;
  stats.searches += static_cast<int>(rows.size());
}

void allreduce_min(std::vector<Weight>& v, const mpi::Comm& comm, bench::Profile& profile) {
  auto region = profile.region("mpi::legs_allreduce");
  if (v.empty()) return;
  mpi::check(MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_INT64_T, MPI_MIN,
                           comm.get()),
             "MPI_Allreduce (route legs)");
}

}  // namespace

Weight leg_search_limit(const HubFarms& hub, const std::vector<Weight>& hub_to_farm, size_t i,
                        Weight service_s) {
  const auto& back = hub.farm_to_hub_s;
  const auto& limit = hub.time_limit_s;
  // A farm no truck can serve alone needs no legs.
  if (back[i] >= kUnreachable || hub_to_farm[i] >= kUnreachable || service_s + back[i] > limit[i])
    return 0;
  Weight longest = -1;
  for (size_t j = 0; j < hub.farm_nodes.size(); ++j) {
    if (j == i || back[j] >= kUnreachable || hub_to_farm[j] >= kUnreachable ||
        service_s + back[j] > limit[j])
      continue;
    const Weight in_time = limit[i] - 2 * service_s - back[j];
    const Weight via_hub = back[i] + hub_to_farm[j];
    longest = std::max(longest, std::min(in_time, via_hub));
  }
  return longest < 0 ? 0 : longest + 1;
}

std::vector<std::vector<Weight>> route_legs(const CsrGraph& forward,
                                            const std::vector<HubFarms>& hubs, Weight service_s,
                                            Weight delta, const mpi::Comm& comm,
                                            bench::Profile& profile, LegStats& stats) {
  const Weight d = delta > 0 ? delta : auto_delta(forward);
  const int rank = comm.rank(), size = comm.size();
  auto row = [](std::int64_t source, Weight limit, const HubFarms& hub, Weight* into) {
    return RowRequest{static_cast<VertexId>(source), limit, hub.farm_nodes.data(),
                      hub.farm_nodes.size(), into};
  };

  // Hub -> farm: one full search per hub (the farms' limits depend on it).
  std::vector<size_t> first(hubs.size() + 1, 0);
  for (size_t h = 0; h < hubs.size(); ++h) first[h + 1] = first[h] + hubs[h].farm_nodes.size();
  std::vector<Weight> out(first.back(), kUnreachable);
  std::vector<RowRequest> rows;
  for (size_t h = rank; h < hubs.size(); h += size)
    if (!hubs[h].farm_nodes.empty())
      rows.push_back(row(hubs[h].hub_node, kUnreachable, hubs[h], out.data() + first[h]));
  search(forward, rows, d, profile, stats);
  allreduce_min(out, comm, profile);

  // Farm -> farm: one bounded search per farm that has a useful leg, dealt over all hubs' farms.
  std::vector<size_t> cell(hubs.size() + 1, 0);
  for (size_t h = 0; h < hubs.size(); ++h)
    cell[h + 1] = cell[h] + hubs[h].farm_nodes.size() * hubs[h].farm_nodes.size();
  std::vector<Weight> legs(cell.back(), kUnreachable);
  size_t task = 0;
  rows.clear();
  for (size_t h = 0; h < hubs.size(); ++h) {
    const auto& hub = hubs[h];
    const std::vector<Weight> hub_to_farm(out.begin() + first[h], out.begin() + first[h + 1]);
    const size_t k = hub.farm_nodes.size();
    for (size_t i = 0; i < k; ++i) {
      const Weight limit = leg_search_limit(hub, hub_to_farm, i, service_s);
      if (limit <= 0) {
        ++stats.skipped;
        continue;
      }
      if (int(task++ % size) == rank)
        rows.push_back(row(hub.farm_nodes[i], limit, hub, legs.data() + cell[h] + i * k));
    }
  }
  search(forward, rows, d, profile, stats);
  allreduce_min(legs, comm, profile);

  std::vector<std::vector<Weight>> matrices(hubs.size());
  for (size_t h = 0; h < hubs.size(); ++h) {
    const auto& hub = hubs[h];
    const size_t k = hub.farm_nodes.size(), k1 = k + 1;
    auto& m = matrices[h];
    m.assign(k1 * k1, kUnreachable);
    m[0] = 0;
    for (size_t i = 0; i < k; ++i) {
      m[i + 1] = out[first[h] + i];
      m[(i + 1) * k1] = hub.farm_to_hub_s[i];
      for (size_t j = 0; j < k; ++j) m[(i + 1) * k1 + j + 1] = legs[cell[h] + i * k + j];
      m[(i + 1) * k1 + i + 1] = 0;
    }
  }
  return matrices;
}

}  // namespace karst::routing
