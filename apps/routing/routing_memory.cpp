#include "apps/routing/routing_memory.hpp"

#include "apps/routing/road_network.hpp"

#include <fmt/format.h>

#include <cmath>

namespace karst::routing {

namespace {

// Bytes per item of the structures a run holds at its peak (32-bit vertex ids; 64-bit ids add
// 4 B per arc and per vertex list entry, covered by the margins below).
constexpr double kArcList = 3 * 8.0;            // tail, head, weight (int64) per arc of capacity
constexpr double kCsrPerVertex = 8.0 + 8.0;     // row_ptr, and the fill counters while it is built
constexpr double kCsrPerArc = 4.0 + 8.0 + 8.0;  // head, weight, packed head | weight
constexpr double kSearchPerVertex = 8.0 + 4.0 + 4 * 4.0;  // dist, parent, four vertex lists
constexpr double kFarm = 64.0;                            // Farm with its produce name
constexpr double kFarmOutputs = 2000.0;  // its assignment and route entries as JSON, and as text

double pow2_at_least(double n) {
  return n <= 1 ? 1 : std::exp2(std::ceil(std::log2(n)));
}

}  // namespace

RoutingSize guizhou_roads_size(double size) {
  RoutingSize s;
  const double side = double(guizhou_roads_side(size));
  s.vertices = side * side;
  // Roads join lattice neighbours along rows and columns: every 8th line always, the others
  // unless a mountain cuts them (15 %); two arcs per road. The count is a sum of ~10^5
  // independent draws, so 1 % above its mean is an upper bound in practice.
  const double main_lines = std::ceil(side / 8) / side;
  const double roads = 2 * side * (side - 1) * (main_lines + (1 - main_lines) * 0.85);
  s.arcs = 1.01 * 2 * roads;
  s.arc_capacity = pow2_at_least(s.arcs);
  s.farms = 0.025 * s.vertices;  // 2 % of the villages
  const double hubs_per_side = std::ceil((side - 32) / 64);
  s.hubs = hubs_per_side * hubs_per_side;
  s.markets = 4;
  s.coordinates = true;
  return s;
}

apps::MemoryNeed routing_memory_need(const RoutingSize& s, int ranks) {
  const double n = s.vertices, arcs = s.arcs, p = std::max(1, ranks);
  apps::MemoryNeed need;
  need.host_bytes = apps::kProcessBytes + kArcList * std::max(s.arc_capacity, arcs) +
                    16.0 * n * s.coordinates + kFarm * s.farms + 16.0 * (s.hubs + s.markets);
  if (s.sssp_mode) {
    // Its share of the arcs copied out on the host; the partitioned CSR with its ghosts and the
    // search's arrays on the device; for routing.path_to, the parent tree gathered on every rank.
    need.host_bytes += 2 * kArcList * arcs / p + (s.path_to ? 16.0 * n : 0.0);
    need.device_bytes =
        (kCsrPerArc + 8.0) * arcs / p + (kCsrPerVertex + kSearchPerVertex + 16.0) * n / p;
    need.basis = fmt::format(
        "{:.3g} vertices and {:.3g} arcs: the arc list on every rank, 1/{:.0f} of the partitioned "
        "graph{}",
        n, arcs, p, s.path_to ? ", the parent tree gathered" : "");
  } else {
    // The reversed graph for the tables and the forward one for the truck routes, one search at
    // a time, and both tables twice (the rank's rows and the reduced copy, or the copy written).
    need.host_bytes += 2 * 8.0 * (s.hubs * s.farms + s.markets * s.hubs) + kFarmOutputs * s.farms;
    need.device_bytes = 2 * (kCsrPerVertex * n + kCsrPerArc * arcs) + kSearchPerVertex * n;
    need.basis = fmt::format(
        "{:.3g} vertices and {:.3g} arcs replicated on every rank{}", n, arcs,
        s.farms > 0 ? fmt::format(", tables of {:.3g} hubs x {:.3g} farms", s.hubs, s.farms)
                    : std::string());
  }
  return need;
}

}  // namespace karst::routing
