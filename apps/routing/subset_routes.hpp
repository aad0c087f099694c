#pragma once
//! The best feasible route through every subset of a few farms, by Held–Karp dynamic programming
//! backwards from the hub: suffix(S, f) is the least time from the arrival at f until the truck is
//! back, visiting all of S with f first. The least suffix is also the best one for every farm
//! visited before f, since their limits bound exactly that time, so keeping only the minimum loses
//! no feasible route. Used by the local search to re-optimise two routes at once.

#include "apps/routing/vehicle_routes.hpp"

#include <vector>

namespace karst::routing {

class SubsetRoutes {
 public:
  explicit SubsetRoutes(const RouteProblem& problem) : p_(problem) {}

  //! O(2^k k^2) for k farms; bit i of a subset mask stands for farms[i].
  void solve(const std::vector<int>& farms);
  //! Time of the best route through the subset, -1 if none is feasible, 0 for the empty set.
  Weight time(size_t mask) const { return best_[mask]; }
  //! The farms of that route in visiting order.
  void order(size_t mask, std::vector<int>& out) const;

 private:
  const RouteProblem& p_;
  std::vector<int> farms_;
  std::vector<Weight> suffix_, best_;  // suffix_[mask * k + f]
  std::vector<int> next_, first_;
  std::vector<double> load_;
};

}  // namespace karst::routing
