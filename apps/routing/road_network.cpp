#include "apps/routing/road_network.hpp"

#include "base/error.hpp"

#include <cmath>
#include <random>

namespace karst::routing {

long long guizhou_roads_side(double size) {
  return std::max(64LL, std::llround(320.0 * std::sqrt(size)));
}

namespace {

constexpr double kSpacing = 1500.0;  // m between neighbouring villages

// One stream of uniform draws in [0, 1) for the whole province: the scenario is the same for a
// seed only while every draw is taken in the same order.
class Draws {
 public:
  explicit Draws(unsigned seed) : rng_(seed) {}
  double operator()() { return unit_(rng_); }

 private:
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
};

// Road class of a lattice line: 3 expressway, 2 national, 1 county, 0 village.
int line_class(long long k) {
  return k % 64 == 0 ? 3 : k % 32 == 0 ? 2 : k % 8 == 0 ? 1 : 0;
}

// Villages on a lattice, each jittered by up to 150 m, row by row.
void place_villages(RoadNetwork& net, long long side, Draws& unit) {
  auto& a = net.arcs;
  a.num_vertices = side * side;
  a.source = "guizhou-roads";
  net.xy.resize(static_cast<size_t>(a.num_vertices));
  for (long long r = 0; r < side; ++r)
    for (long long c = 0; c < side; ++c)
      net.xy[r * side + c] = {c * kSpacing + 300 * (unit() - 0.5),
                              r * kSpacing + 300 * (unit() - 0.5)};
}

// Two arcs, one each way, of the travel time along a road of class `cls`; village roads wind
// more, and each one by its own amount.
void add_road(RoadNetwork& net, long long u, long long v, int cls, Draws& unit) {
  constexpr double speed_kmh[4] = {25, 50, 70, 100};
  constexpr double winding[4] = {1.8, 1.3, 1.15, 1.05};
  auto& a = net.arcs;
  const double dx = net.xy[u].first - net.xy[v].first, dy = net.xy[u].second - net.xy[v].second;
  const double metres =
      std::sqrt(dx * dx + dy * dy) * winding[cls] * (1 + 0.3 * unit() * (cls == 0));
  const auto seconds = static_cast<std::int64_t>(std::llround(metres / (speed_kmh[cls] / 3.6)));
  for (auto [s, t] : {std::pair{u, v}, std::pair{v, u}}) {
    a.src.push_back(s);
    a.dst.push_back(t);
    a.weight.push_back(seconds);
  }
}

// Roads join lattice neighbours: along a row the road class is the row's, along a column the
// column's; mountains cut 15 % of the village roads.
void build_roads(RoadNetwork& net, long long side, Draws& unit) {
  auto id = [side](long long r, long long c) { return r * side + c; };
  for (long long r = 0; r < side; ++r)
    for (long long c = 0; c < side; ++c) {
      if (c + 1 < side) {
        const int cls = line_class(r);
        if (cls > 0 || unit() > 0.15) add_road(net, id(r, c), id(r, c + 1), cls, unit);
      }
      if (r + 1 < side) {
        const int cls = line_class(c);
        if (cls > 0 || unit() > 0.15) add_road(net, id(r, c), id(r + 1, c), cls, unit);
      }
    }
}

// Farms on 2 % of the villages, each with 1 to 10 t of one produce and its deadline.
void place_farms(RoadNetwork& net, Draws& unit) {
  const char* produce[3] = {"vegetables", "tea", "sugar cane"};
  const double deadline[3] = {12, 24, 48};
  for (long long v = 0; v < net.arcs.num_vertices; ++v)
    if (unit() < 0.02) {
      const int k = static_cast<int>(unit() * 3) % 3;
      net.farms.push_back({v, 1 + 9 * unit(), deadline[k], produce[k]});
    }
}

// Hubs at county crossroads, sharing 120 % of the farms' produce as capacity; markets at the
// four corners.
void place_hubs_and_markets(RoadNetwork& net, long long side) {
  auto id = [side](long long r, long long c) { return r * side + c; };
  double total = 0;
  for (const auto& f : net.farms) total += f.tonnes;
  for (long long r = 32; r < side; r += 64)
    for (long long c = 32; c < side; c += 64) net.hubs.push_back({id(r, c), 0.0});
  for (auto& h : net.hubs) h.capacity_t = 1.2 * total / net.hubs.size();
  net.markets = {{id(side - 1, 0), "Kunming"},
                 {id(0, 0), "Chengdu"},
                 {id(0, side - 1), "Chongqing"},
                 {id(side - 1, side - 1), "Guangzhou"}};
}

}  // namespace

RoadNetwork guizhou_roads_scenario(double size, unsigned seed) {
  if (!(size > 0 && size <= 100)) throw Error("routing.size", "must be in (0, 100]");
  const long long side = guizhou_roads_side(size);
  Draws unit(seed);
  RoadNetwork net;
  net.name = "guizhou-roads";
  place_villages(net, side, unit);
  build_roads(net, side, unit);
  place_farms(net, unit);
  place_hubs_and_markets(net, side);
  return net;
}

}  // namespace karst::routing
