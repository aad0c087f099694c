#pragma once
//! Vehicle routes from one hub: a capacitated vehicle-routing problem in which each farm's produce
//! must be back at the hub within its own time limit (perishability). Clarke–Wright savings
//! (parallel version) builds the routes, then local search (route_local_search.hpp: 2-opt and
//! or-opt inside a route, relocation, exchange and tail exchange between routes, and a few larger
//! moves) applies the best improving move until none is left; this runs from four savings shapes
//! and the best plan wins. The objective is the total time of all routes. Travel times may be
//! asymmetric. Host-side and deterministic: ties are broken by index, never by a seed or the clock.

#include "kernels/routing/csr_graph.hpp"

#include <string>
#include <vector>

namespace karst::routing {

//! One hub and its farms. In the travel matrix index 0 is the hub and index k + 1 is farm k.
struct RouteProblem {
  //! [(farms + 1) x (farms + 1)] seconds, row = from, column = to; kUnreachable where no road.
  std::vector<Weight> travel_s;
  std::vector<double> tonnes;  //!< produce to collect at each farm
  //! Per farm: the longest the produce may spend on the truck, from the truck's arrival at the
  //! farm (loading starts) until it is back at the hub. The caller derives it from the
  //! perishability deadline minus the hub -> market time.
  std::vector<Weight> time_limit_s;
  double truck_capacity_t = 20.0;
  Weight service_s = 0;  //!< loading time at every farm

  size_t farms() const { return tonnes.size(); }
  Weight travel(size_t from, size_t to) const { return travel_s[from * (farms() + 1) + to]; }
};

struct Route {
  std::vector<int> farms;  //!< farm indices in visiting order
  Weight time_s = 0;       //!< hub to hub, loading included
  double tonnes = 0.0;
};

//! A farm no truck can serve even on its own.
struct UnservedFarm {
  int farm = 0;
  //! "unreachable" (no road from the hub or back), "truck capacity" (more produce than one
  //! truck holds) or "time limit" (loading plus the drive back exceeds the farm's limit).
  std::string reason;
};

struct RoutePlan {
  std::vector<Route> routes;  //!< ordered by their lowest farm index
  std::vector<UnservedFarm> unserved;
  Weight total_time_s = 0;  //!< summed over the routes
  double total_tonnes = 0.0;
  //! The baseline: each served farm on a truck of its own (a plan never costs more).
  Weight one_truck_per_farm_s = 0;
  Weight savings_time_s = 0;  //!< classic Clarke–Wright (lambda 1) alone
  int improving_moves = 0;    //!< local-search moves of the winning start
};

//! The capacity rule. Loads are sums of doubles taken in some order; the relative slack keeps an
//! exactly full truck feasible whichever order its farms were added in.
inline bool fits_truck(double load_t, double capacity_t) {
  return load_t <= capacity_t * (1 + 1e-12);
}

//! Every farm that can be served alone is served exactly once; no route exceeds the truck
//! capacity or any of its farms' time limits. Throws karst::Error on inconsistent input.
RoutePlan plan_vehicle_routes(const RouteProblem& problem);

//! Time of the route hub -> farms -> hub with loading, or -1 if it breaks the capacity or a time
//! limit or needs a missing road: the one definition of a feasible route the solver uses.
Weight route_time(const RouteProblem& problem, const std::vector<int>& farms);

}  // namespace karst::routing
