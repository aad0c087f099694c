#pragma once
//! Travel times among each hub's farms, for its vehicle routes: hub -> farm from one delta-stepping
//! SSSP per hub on the forward graph, farm -> farm from one SSSP per farm stopped at the longest
//! leg a good route can use (leg_search_limit), farm -> hub given by the caller (the farm -> hub
//! table). On CPUs each thread runs whole searches (kernels/routing/many_source_search.hpp). The
//! searches of all hubs are dealt round-robin to the ranks, each holding a replica of
//! the graph, and combined with MPI_Allreduce(MIN): integer times make the matrices identical on
//! any number of ranks.

#include "base/mpi/comm.hpp"
#include "bench/profile.hpp"
#include "kernels/routing/csr_graph.hpp"

#include <vector>

namespace karst::routing {

//! One hub and the farms assigned to it.
struct HubFarms {
  std::int64_t hub_node = 0;
  std::vector<std::int64_t> farm_nodes;
  std::vector<Weight> farm_to_hub_s;  //!< per farm, kUnreachable where no path
  std::vector<Weight> time_limit_s;   //!< per farm, as in RouteProblem
};

struct LegStats {
  double sssp_seconds = 0.0;  //!< wall time of this rank's searches
  int searches = 0;           //!< this rank's searches
  int skipped = 0;  //!< farms with no useful leg, so no search (the same count on every rank)
};

//! The search limit from farm i (exclusive: delta_stepping returns kUnreachable at or beyond it),
//! or 0 when no leg from i can be useful. A leg i -> j only matters if it is shorter than
//! t(i,hub) + t(hub,j): shortest-path times obey the triangle inequality, so any route through a
//! longer leg splits at the hub into two routes that cost no more and reach the hub no later.
//! And the produce of i must still make it: loading at i and j plus the leg plus t(j,hub) within
//! i's limit. Legs beyond the limit come back kUnreachable and no optimal plan is lost.
Weight leg_search_limit(const HubFarms& hub, const std::vector<Weight>& hub_to_farm, size_t i,
                        Weight service_s);

//! Collective. Per hub, the (farms + 1)^2 matrix of RouteProblem::travel_s (index 0 the hub).
//! `delta` <= 0 picks auto_delta.
std::vector<std::vector<Weight>> route_legs(const CsrGraph& forward,
                                            const std::vector<HubFarms>& hubs, Weight service_s,
                                            Weight delta, const mpi::Comm& comm,
                                            bench::Profile& profile, LegStats& stats);

}  // namespace karst::routing
