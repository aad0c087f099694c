#include "apps/routing/road_network.hpp"

#include "base/error.hpp"

#include <cmath>
#include <random>

namespace karst::routing {

long long guizhou_roads_side(double size) {
  return std::max(64LL, std::llround(320.0 * std::sqrt(size)));
}

RoadNetwork guizhou_roads_scenario(double size, unsigned seed) {
  if (!(size > 0 && size <= 100)) throw Error("routing.size", "must be in (0, 100]");
  const long long side = guizhou_roads_side(size);
  const double spacing = 1500.0;  // m between neighbouring villages
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  RoadNetwork net;
  net.name = "guizhou-roads";
  auto& a = net.arcs;
  a.num_vertices = side * side;
  a.source = "guizhou-roads";
  auto id = [side](long long r, long long c) { return r * side + c; };
  net.xy.resize(static_cast<size_t>(a.num_vertices));
  for (long long r = 0; r < side; ++r)
    for (long long c = 0; c < side; ++c)
      net.xy[id(r, c)] = {c * spacing + 300 * (unit(rng) - 0.5),
                          r * spacing + 300 * (unit(rng) - 0.5)};
  // Road class of a lattice line: 3 expressway, 2 national, 1 county, 0 village.
  auto line_class = [](long long k) {
    return k % 64 == 0 ? 3 : k % 32 == 0 ? 2 : k % 8 == 0 ? 1 : 0;
  };
  const double speed_kmh[4] = {25, 50, 70, 100};
  const double winding[4] = {1.8, 1.3, 1.15, 1.05};
  auto road = [&](long long u, long long v, int cls) {
    const double dx = net.xy[u].first - net.xy[v].first, dy = net.xy[u].second - net.xy[v].second;
    const double metres =
        std::sqrt(dx * dx + dy * dy) * winding[cls] * (1 + 0.3 * unit(rng) * (cls == 0));
    const auto seconds = static_cast<std::int64_t>(std::llround(metres / (speed_kmh[cls] / 3.6)));
    for (auto [s, t] : {std::pair{u, v}, std::pair{v, u}}) {
      a.src.push_back(s);
      a.dst.push_back(t);
      a.weight.push_back(seconds);
    }
  };
  for (long long r = 0; r < side; ++r)
    for (long long c = 0; c < side; ++c) {
      // Along a row the road class is the row's; mountains cut 15 % of the village roads.
      if (c + 1 < side) {
        const int cls = line_class(r);
        if (cls > 0 || unit(rng) > 0.15) road(id(r, c), id(r, c + 1), cls);
      }
      if (r + 1 < side) {
        const int cls = line_class(c);
        if (cls > 0 || unit(rng) > 0.15) road(id(r, c), id(r + 1, c), cls);
      }
    }
  const char* produce[3] = {"vegetables", "tea", "sugar cane"};
  const double deadline[3] = {12, 24, 48};
  for (long long v = 0; v < a.num_vertices; ++v)
    if (unit(rng) < 0.02) {
      const int k = static_cast<int>(unit(rng) * 3) % 3;
      net.farms.push_back({v, 1 + 9 * unit(rng), deadline[k], produce[k]});
    }
  double total = 0;
  for (const auto& f : net.farms) total += f.tonnes;
  for (long long r = 32; r < side; r += 64)
    for (long long c = 32; c < side; c += 64) net.hubs.push_back({id(r, c), 0.0});
  for (auto& h : net.hubs) h.capacity_t = 1.2 * total / net.hubs.size();
  net.markets = {{id(side - 1, 0), "Kunming"},
                 {id(0, 0), "Chengdu"},
                 {id(0, side - 1), "Chongqing"},
                 {id(side - 1, side - 1), "Guangzhou"}};
  return net;
}

}  // namespace karst::routing
