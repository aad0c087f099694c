// Vehicle routes: every route respects the truck capacity and every farm's time limit, every farm
// that can be served is served exactly once, the plan beats one truck per farm, and on tiny
// instances it is as good as an exhaustive search over all set partitions and visiting orders.
// Routes are checked with this file's own route simulation, not the solver's.
#include "apps/routing/vehicle_routes.hpp"
#include "base/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

using namespace karst;
using routing::kUnreachable;
using routing::RouteProblem;
using routing::Weight;

namespace {

constexpr Weight kInfeasible = -1;

struct InstanceShape {
  int farms = 6;
  double oversized = 0.0;     // share of farms with more produce than a truck holds
  double too_far = 0.0;       // share of farms whose limit is below loading plus the way back
  double cut_off = 0.0;       // share of farms with no road in
  double limit_spread = 1.5;  // limits are (loading + way back) x (1 + spread x U(0,1))
};

// Farms scattered over a 60 km square with the hub near the middle. Direct roads at 40 km/h, each
// direction 0-40 % slower than straight, 15 % of them missing, then closed under shortest paths:
// like the app's matrices (road travel times), a metric but not a symmetric one.
RouteProblem random_instance(const InstanceShape& shape, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const int n = shape.farms, n1 = n + 1;
  std::vector<std::pair<double, double>> xy(n1);
  xy[0] = {30000 + 5000 * (unit(rng) - 0.5), 30000 + 5000 * (unit(rng) - 0.5)};
  for (int k = 1; k < n1; ++k) xy[k] = {60000 * unit(rng), 60000 * unit(rng)};
  std::vector<Weight> t(n1 * n1, kUnreachable);
  for (int i = 0; i < n1; ++i)
    for (int j = 0; j < n1; ++j) {
      if (i == j) {
        t[i * n1 + j] = 0;
        continue;
      }
      const double metres = std::hypot(xy[i].first - xy[j].first, xy[i].second - xy[j].second);
      const double seconds = metres / (40 / 3.6) * (1 + 0.4 * unit(rng));
      if (unit(rng) > 0.15 || i == 0 || j == 0) t[i * n1 + j] = std::llround(seconds);
    }
  std::vector<bool> cut(n1, false);
  for (int k = 1; k < n1; ++k) cut[k] = unit(rng) < shape.cut_off;
  for (int k = 1; k < n1; ++k)
    if (cut[k])
      for (int i = 0; i < n1; ++i)
        if (i != k) t[i * n1 + k] = kUnreachable;
  for (int m = 0; m < n1; ++m)
    for (int i = 0; i < n1; ++i)
      for (int j = 0; j < n1; ++j)
        if (t[i * n1 + m] < kUnreachable && t[m * n1 + j] < kUnreachable)
          t[i * n1 + j] = std::min(t[i * n1 + j], t[i * n1 + m] + t[m * n1 + j]);
  RouteProblem p;
  p.travel_s = t;
  p.truck_capacity_t = 20;
  p.service_s = 900;
  for (int k = 0; k < n; ++k) {
    p.tonnes.push_back(unit(rng) < shape.oversized ? 25.0 : 1 + 9 * unit(rng));
    const Weight back = t[(k + 1) * n1] < kUnreachable ? t[(k + 1) * n1] : 3600;
    const double spread =
        unit(rng) < shape.too_far ? -0.5 * unit(rng) : shape.limit_spread * unit(rng);
    p.time_limit_s.push_back(std::llround(double(p.service_s + back) * (1 + spread)));
  }
  return p;
}

// Forward in time: the clock at each arrival; each farm's produce is on board from the truck's
// arrival there until it is back at the hub.
Weight simulated_time(const RouteProblem& p, const std::vector<int>& farms) {
  if (farms.empty()) return 0;
  double load = 0;
  for (int f : farms) load += p.tonnes[f];
  if (load > p.truck_capacity_t + 1e-9) return kInfeasible;
  Weight clock = 0;
  size_t at = 0;
  std::vector<Weight> arrival;
  for (int f : farms) {
    const Weight leg = p.travel(at, f + 1);
    if (leg >= kUnreachable) return kInfeasible;
    clock += leg;
    arrival.push_back(clock);
    clock += p.service_s;
    at = f + 1;
  }
  if (p.travel(at, 0) >= kUnreachable) return kInfeasible;
  clock += p.travel(at, 0);
  for (size_t k = 0; k < farms.size(); ++k)
    if (clock - arrival[k] > p.time_limit_s[farms[k]]) return kInfeasible;
  return clock;
}

std::vector<int> servable_farms(const RouteProblem& p) {
  std::vector<int> s;
  for (int f = 0; f < int(p.farms()); ++f)
    if (simulated_time(p, {f}) != kInfeasible) s.push_back(f);
  return s;
}

// Exhaustive optimum: for each subset of the servable farms its best feasible visiting order (all
// permutations), then the best way to split the farms into such routes (all set partitions: the
// route of the lowest farm left over, then the rest).
Weight brute_force_optimum(const RouteProblem& p) {
  const auto farms = servable_farms(p);
  const int m = static_cast<int>(farms.size());
  const Weight none = std::numeric_limits<Weight>::max();
  std::vector<Weight> best_route(size_t(1) << m, none);
  for (unsigned mask = 1; mask < (1u << m); ++mask) {
    std::vector<int> order;
    for (int k = 0; k < m; ++k)
      if (mask >> k & 1) order.push_back(farms[k]);
    do {
      const Weight t = simulated_time(p, order);
      if (t != kInfeasible) best_route[mask] = std::min(best_route[mask], t);
    } while (std::next_permutation(order.begin(), order.end()));
  }
  std::function<Weight(unsigned)> best_partition = [&](unsigned left) -> Weight {
    if (left == 0) return 0;
    const unsigned lowest = left & (~left + 1);
    Weight best = none;
    for (unsigned block = left; block; block = (block - 1) & left) {
      if (!(block & lowest) || best_route[block] == none) continue;
      const Weight rest = best_partition(left ^ block);
      if (rest != none) best = std::min(best, best_route[block] + rest);
    }
    return best;
  };
  return best_partition((1u << m) - 1);
}

// Everything a plan must satisfy, checked against the simulation.
void expect_valid(const RouteProblem& p, const routing::RoutePlan& plan) {
  std::vector<int> visits(p.farms(), 0);
  Weight total = 0, baseline = 0;
  double tonnes = 0;
  for (const auto& r : plan.routes) {
    ASSERT_FALSE(r.farms.empty());
    const Weight t = simulated_time(p, r.farms);
    ASSERT_NE(t, kInfeasible) << "a route breaks the capacity or a time limit";
    EXPECT_EQ(r.time_s, t);
    double load = 0;
    for (int f : r.farms) visits.at(f) += 1, load += p.tonnes[f];
    EXPECT_NEAR(r.tonnes, load, 1e-9);
    EXPECT_LE(r.tonnes, p.truck_capacity_t + 1e-9);
    total += t;
    tonnes += load;
  }
  for (const auto& u : plan.unserved) visits.at(u.farm) -= 1;
  for (int f = 0; f < int(p.farms()); ++f) {
    const bool servable = simulated_time(p, {f}) != kInfeasible;
    EXPECT_EQ(visits[f], servable ? 1 : -1) << "farm " << f;
    if (servable) baseline += simulated_time(p, {f});
  }
  EXPECT_EQ(plan.total_time_s, total);
  EXPECT_NEAR(plan.total_tonnes, tonnes, 1e-6);
  EXPECT_EQ(plan.one_truck_per_farm_s, baseline);
  EXPECT_LE(plan.total_time_s, plan.savings_time_s) << "local search made it worse";
}

}  // namespace

TEST(VehicleRoutes, RandomInstancesKeepEveryConstraintAndBeatOneTruckPerFarm) {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    InstanceShape shape;
    shape.farms = 30 + 10 * int(seed);
    shape.oversized = 0.03;
    shape.too_far = 0.05;
    shape.cut_off = 0.03;
    const auto p = random_instance(shape, seed);
    const auto plan = routing::plan_vehicle_routes(p);
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_valid(p, plan);
    EXPECT_LT(plan.total_time_s, plan.one_truck_per_farm_s);
    EXPECT_LT(plan.routes.size(), servable_farms(p).size()) << "no two farms share a truck";
  }
}

TEST(VehicleRoutes, TightTimeLimitsAreRespected) {
  // Limits barely above loading plus the way back: most farms must be the last stop of a route.
  for (unsigned seed = 100; seed < 110; ++seed) {
    InstanceShape shape;
    shape.farms = 60;
    shape.limit_spread = 0.3;
    const auto p = random_instance(shape, seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_valid(p, routing::plan_vehicle_routes(p));
  }
}

TEST(VehicleRoutes, TinyInstancesReachTheExhaustiveOptimum) {
  // 4 to 6 farms: the exhaustive search is cheap (at most 203 partitions, 720 orders per route).
  // Limits from tight (most farms must be a route's last stop) to loose (capacity rules).
  const double spreads[3] = {0.5, 1.5, 4.0};
  int served_routes = 0, shared = 0;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    InstanceShape shape;
    shape.farms = 4 + int(seed % 3);
    shape.oversized = 0.05;
    shape.too_far = 0.05;
    shape.cut_off = 0.05;
    shape.limit_spread = spreads[(seed / 3) % 3];
    const auto p = random_instance(shape, 1000 + seed);
    const auto plan = routing::plan_vehicle_routes(p);
    SCOPED_TRACE("seed " + std::to_string(1000 + seed));
    expect_valid(p, plan);
    EXPECT_EQ(plan.total_time_s, brute_force_optimum(p));
    served_routes += int(plan.routes.size());
    for (const auto& r : plan.routes) shared += r.farms.size() > 1;
  }
  // The instances are not trivial: some trucks carry several farms' produce.
  EXPECT_GT(shared, 5);
  EXPECT_GT(served_routes, 20);
}

TEST(VehicleRoutes, FarmsThatNoTruckCanServeAreReportedWithTheReason) {
  // Hub 0 and four farms on a line 10 min apart; symmetric roads except farm 3, cut off.
  RouteProblem p;
  const int n1 = 5;
  p.travel_s.assign(n1 * n1, 0);
  for (int i = 0; i < n1; ++i)
    for (int j = 0; j < n1; ++j) p.travel_s[i * n1 + j] = 600 * std::abs(i - j);
  for (int i = 0; i < n1; ++i)
    if (i != 4) p.travel_s[i * n1 + 4] = kUnreachable;  // no road into farm 3
  p.tonnes = {5, 30, 5, 5};
  p.truck_capacity_t = 20;
  p.service_s = 300;
  p.time_limit_s = {3600, 3600, 1000, 3600};  // farm 2: loading 300 + 1800 back > 1000
  const auto plan = routing::plan_vehicle_routes(p);
  ASSERT_EQ(plan.unserved.size(), 3u);
  EXPECT_EQ(plan.unserved[0].farm, 1);
  EXPECT_EQ(plan.unserved[0].reason, "truck capacity");
  EXPECT_EQ(plan.unserved[1].farm, 2);
  EXPECT_EQ(plan.unserved[1].reason, "time limit");
  EXPECT_EQ(plan.unserved[2].farm, 3);
  EXPECT_EQ(plan.unserved[2].reason, "unreachable");
  ASSERT_EQ(plan.routes.size(), 1u);
  EXPECT_EQ(plan.routes[0].farms, std::vector<int>{0});
  EXPECT_EQ(plan.routes[0].time_s, 600 + 300 + 600);
}

TEST(VehicleRoutes, AHandSolvedInstance) {
  // Hub in the middle of a line, farms 10 and 20 min out on each side, 5 t each: one 20 t truck
  // could take all four, but the far farms' produce may spend only 25 min on a truck, so each far
  // farm must be the last stop of its route. Best: one truck per side, near farm first
  // (600 + 300 + 600 + 300 + 1200 s each).
  RouteProblem p;
  const std::vector<int> pos = {0, -1, -2, 1, 2};  // hub, then farms 0..3
  const int n1 = 5;
  for (int i = 0; i < n1; ++i)
    for (int j = 0; j < n1; ++j) p.travel_s.push_back(600 * std::abs(pos[i] - pos[j]));
  p.tonnes = {5, 5, 5, 5};
  p.service_s = 300;
  p.time_limit_s = {7200, 1500, 7200, 1500};
  const auto plan = routing::plan_vehicle_routes(p);
  expect_valid(p, plan);
  EXPECT_EQ(plan.total_time_s, 2 * 3000);
  ASSERT_EQ(plan.routes.size(), 2u);
  EXPECT_EQ(plan.routes[0].farms, (std::vector<int>{0, 1}));
  EXPECT_EQ(plan.routes[1].farms, (std::vector<int>{2, 3}));
  EXPECT_EQ(brute_force_optimum(p), 2 * 3000);
}

TEST(VehicleRoutes, SameInputSamePlan) {
  InstanceShape shape;
  shape.farms = 80;
  const auto p = random_instance(shape, 77);
  const auto a = routing::plan_vehicle_routes(p), b = routing::plan_vehicle_routes(p);
  ASSERT_EQ(a.routes.size(), b.routes.size());
  for (size_t r = 0; r < a.routes.size(); ++r) EXPECT_EQ(a.routes[r].farms, b.routes[r].farms);
}

TEST(VehicleRoutes, InconsistentInputIsAnErrorWithContext) {
  RouteProblem p;
  p.tonnes = {1, 2};
  p.time_limit_s = {100, 100};
  p.travel_s.assign(4, 0);
  try {
    routing::plan_vehicle_routes(p);
    FAIL() << "a 2 x 2 matrix for two farms was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "routing::vehicle_routes");
    EXPECT_NE(std::string(e.what()).find("expected (farms + 1)^2 = 9"), std::string::npos);
  }
  p.travel_s.assign(9, 0);
  p.truck_capacity_t = 0;
  EXPECT_THROW(routing::plan_vehicle_routes(p), Error);
}
