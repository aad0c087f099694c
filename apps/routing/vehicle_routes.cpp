#include "apps/routing/vehicle_routes.hpp"

#include "apps/routing/route_local_search.hpp"
#include "base/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace karst::routing {

namespace {

constexpr Weight kInfeasible = -1;
const std::string kWhere = "routing::vehicle_routes";
// Savings shapes, in tenths: t(i,hub) + t(hub,j) - lambda t(i,j). The classic lambda = 1 first;
// the others favour joining nearer (2) or farther (0.5) farms, and so start the local search in
// other valleys of a landscape that time limits make rugged.
constexpr int kLambdaTenths[] = {10, 5, 15, 20};

void validate(const RouteProblem& p) {
  const size_t n = p.farms();
  if (p.time_limit_s.size() != n)
    throw Error(kWhere, "time limits for " + std::to_string(p.time_limit_s.size()) +
                            " farms but tonnes for " + std::to_string(n));
  if (p.travel_s.size() != (n + 1) * (n + 1))
    throw Error(kWhere,
                "travel matrix has " + std::to_string(p.travel_s.size()) +
                    " entries, expected (farms + 1)^2 = " + std::to_string((n + 1) * (n + 1)));
  if (!(p.truck_capacity_t > 0) || !std::isfinite(p.truck_capacity_t))
    throw Error(kWhere, "truck capacity must be positive and finite");
  if (p.service_s < 0) throw Error(kWhere, "service time must not be negative");
  for (size_t k = 0; k < n; ++k)
    if (!(p.tonnes[k] >= 0) || !std::isfinite(p.tonnes[k]))
      throw Error(kWhere, "farm " + std::to_string(k) + ": tonnes must be finite and >= 0");
  for (Weight t : p.travel_s)
    if (t < 0) throw Error(kWhere, "negative travel time " + std::to_string(t));
}

Weight time_of(const RouteProblem& p, const int* seq, size_t m) {
  if (m == 0) return 0;
  double load = 0;
  for (size_t k = 0; k < m; ++k) load += p.tonnes[seq[k]];
  if (!fits_truck(load, p.truck_capacity_t)) return kInfeasible;
  // Backwards from the hub: `after` is the time from the arrival at seq[k] until the truck is back,
  // which is what each farm's limit bounds.
  Weight after = p.travel(seq[m - 1] + 1, 0);
  if (after >= kUnreachable) return kInfeasible;
  for (size_t k = m; k-- > 0;) {
    after += p.service_s;
    if (after > p.time_limit_s[seq[k]]) return kInfeasible;
    const Weight leg = k > 0 ? p.travel(seq[k - 1] + 1, seq[k] + 1) : p.travel(0, seq[0] + 1);
    if (leg >= kUnreachable) return kInfeasible;
    after += leg;
  }
  return after;
}

Weight time_of(const RouteProblem& p, const std::vector<int>& seq) {
  return time_of(p, seq.data(), seq.size());
}

// Parallel savings: start with one route per farm, then for each pair (i, j) in order of the
// saving t(i,hub) + t(hub,j) - lambda t(i,j), join the route ending at i to the route starting at
// j when the joined route is feasible. Routes are never reversed: the times are asymmetric.
std::vector<std::vector<int>> clarke_wright(const RouteProblem& p, const std::vector<int>& farms,
                                            int lambda_tenths) {
  struct Saving {
    Weight value;
    int from, to;
  };
  std::vector<Saving> savings;
  for (int i : farms)
    for (int j : farms) {
      const Weight ij = i == j ? kUnreachable : p.travel(i + 1, j + 1);
      if (ij >= kUnreachable) continue;
      const Weight value = 10 * (p.travel(i + 1, 0) + p.travel(0, j + 1)) - lambda_tenths * ij;
      if (value > 0) savings.push_back({value, i, j});
    }
  std::sort(savings.begin(), savings.end(), [](const Saving& a, const Saving& b) {
    if (a.value != b.value) return a.value > b.value;
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  std::vector<std::vector<int>> routes(p.farms());
  std::vector<int> route_of(p.farms(), -1);
  for (int i : farms) routes[i] = {i}, route_of[i] = i;
  std::vector<int> joined;
  for (const auto& s : savings) {
    const int a = route_of[s.from], b = route_of[s.to];
    if (a == b || routes[a].back() != s.from || routes[b].front() != s.to) continue;
    joined = routes[a];
    joined.insert(joined.end(), routes[b].begin(), routes[b].end());
    if (time_of(p, joined) == kInfeasible) continue;
    for (int f : routes[b]) route_of[f] = a;
    routes[a] = joined;
    routes[b].clear();
  }
  routes.erase(std::remove_if(routes.begin(), routes.end(), [](auto& r) { return r.empty(); }),
               routes.end());
  return routes;
}

}  // namespace

Weight route_time(const RouteProblem& problem, const std::vector<int>& farms) {
  return time_of(problem, farms);
}

RoutePlan plan_vehicle_routes(const RouteProblem& problem) {
  validate(problem);
  const auto& p = problem;
  RoutePlan plan;
  std::vector<int> servable;
  for (size_t f = 0; f < p.farms(); ++f) {
    const int k = static_cast<int>(f);
    const Weight alone = time_of(p, &k, 1);
    if (alone != kInfeasible) {
      servable.push_back(k);
      plan.one_truck_per_farm_s += alone;
    } else if (p.travel(0, f + 1) >= kUnreachable || p.travel(f + 1, 0) >= kUnreachable) {
      plan.unserved.push_back({k, "unreachable"});
    } else if (!fits_truck(p.tonnes[f], p.truck_capacity_t)) {
      plan.unserved.push_back({k, "truck capacity"});
    } else {
      plan.unserved.push_back({k, "time limit"});
    }
  }
  // Multi-start: each savings shape, then the local search; the best plan wins, the first on ties.
  std::vector<std::vector<int>> routes;
  Weight best = kInfeasible;
  for (int lambda : kLambdaTenths) {
    auto start = clarke_wright(p, servable, lambda);
    const auto total = [&] {
      Weight t = 0;
      for (const auto& r : start) t += time_of(p, r);
      return t;
    };
    if (lambda == 10) plan.savings_time_s = total();
    const int moves = improve_routes(p, start);
    if (best == kInfeasible || total() < best) {
      best = total();
      routes = std::move(start);
      plan.improving_moves = moves;
    }
  }
  for (const auto& r : routes) {
    Route route{r, time_of(p, r), 0.0};
    for (int f : r) route.tonnes += p.tonnes[f];
    plan.total_time_s += route.time_s;
    plan.total_tonnes += route.tonnes;
    plan.routes.push_back(std::move(route));
  }
  std::sort(plan.routes.begin(), plan.routes.end(), [](const Route& a, const Route& b) {
    return *std::min_element(a.farms.begin(), a.farms.end()) <
           *std::min_element(b.farms.begin(), b.farms.end());
  });
  return plan;
}

}  // namespace karst::routing
