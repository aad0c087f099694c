#include "apps/routing/route_geojson.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <queue>

namespace karst::routing {

namespace {

// Shortest-path trees from the leg starts, computed once each.
class PathFinder {
 public:
  explicit PathFinder(const io::EdgeList& a)
      : n_(static_cast<size_t>(a.num_vertices)), start_(n_ + 1) {
    for (auto u : a.src) ++start_[u + 1];
    for (size_t v = 0; v < n_; ++v) start_[v + 1] += start_[v];
    head_.resize(a.src.size());
    weight_.resize(a.src.size());
    auto next = start_;
    for (size_t e = 0; e < a.src.size(); ++e) {
      const auto k = next[a.src[e]]++;
      head_[k] = a.dst[e];
      weight_[k] = a.weight[e];
    }
  }

  // Vertices from `from` to `to` (both included); empty when `to` is not reachable.
  std::vector<std::int64_t> path(std::int64_t from, std::int64_t to) {
    const auto& t = tree(from);
    if (t.dist[to] == kNone) return {};
    std::vector<std::int64_t> p{to};
    while (p.back() != from) p.push_back(t.parent[p.back()]);
    std::reverse(p.begin(), p.end());
    return p;
  }

  std::int64_t distance(std::int64_t from, std::int64_t to) { return tree(from).dist[to]; }

  static constexpr std::int64_t kNone = INT64_MAX;

 private:
  struct Tree {
    std::vector<std::int64_t> dist, parent;
  };

  const Tree& tree(std::int64_t s) {
    auto it = trees_.find(s);
    if (it != trees_.end()) return it->second;
    Tree t{std::vector<std::int64_t>(n_, kNone), std::vector<std::int64_t>(n_, -1)};
    using Item = std::pair<std::int64_t, std::int64_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> q;
    q.push({t.dist[s] = 0, s});
    t.parent[s] = s;
    while (!q.empty()) {
      const auto [d, v] = q.top();
      q.pop();
      if (d > t.dist[v]) continue;
      for (auto e = start_[v]; e < start_[v + 1]; ++e)
        if (d + weight_[e] < t.dist[head_[e]]) {
          t.dist[head_[e]] = d + weight_[e];
          t.parent[head_[e]] = v;
          q.push({t.dist[head_[e]], head_[e]});
        }
    }
    return trees_.emplace(s, std::move(t)).first->second;
  }

  size_t n_;
  std::vector<std::int64_t> start_, head_, weight_;
  std::map<std::int64_t, Tree> trees_;
};

// A LineString through the stops, each leg along its shortest path (empty if a leg is cut).
nlohmann::json line_through(const RoadNetwork& net, PathFinder& paths,
                            const std::vector<std::int64_t>& stops) {
  auto coords = nlohmann::json::array();
  coords.push_back({net.xy[stops[0]].first, net.xy[stops[0]].second});
  for (size_t k = 0; k + 1 < stops.size(); ++k) {
    const auto p = paths.path(stops[k], stops[k + 1]);
    if (p.empty()) return nullptr;
    for (size_t i = 1; i < p.size(); ++i)
      coords.push_back({net.xy[p[i]].first, net.xy[p[i]].second});
  }
  if (coords.size() == 1) coords.push_back(coords[0]);  // a LineString needs two positions
  return {{"type", "LineString"}, {"coordinates", coords}};
}

nlohmann::json feature(nlohmann::json geometry, nlohmann::json properties) {
  return {{"type", "Feature"},
          {"geometry", std::move(geometry)},
          {"properties", std::move(properties)}};
}

// The market the hub reaches first (the one farm_to_market_s counts).
size_t nearest_market(const RoadNetwork& net, PathFinder& paths, std::int64_t hub_node) {
  size_t best = 0;
  for (size_t m = 1; m < net.markets.size(); ++m)
    if (paths.distance(hub_node, net.markets[m].node) <
        paths.distance(hub_node, net.markets[best].node))
      best = m;
  return best;
}

}  // namespace

nlohmann::json routes_geojson(const RoadNetwork& net, const FarmAssignment& assignment,
                              const std::vector<HubRoutePlan>& plans) {
  PathFinder paths(net.arcs);
  auto features = nlohmann::json::array();
  for (const auto& hp : plans) {
    const auto hub = net.hubs[hp.hub].node;
    for (size_t r = 0; r < hp.plan.routes.size(); ++r) {
      const auto& route = hp.plan.routes[r];
      std::vector<std::int64_t> stops{hub};
      auto farms = nlohmann::json::array();
      for (int k : route.farms) {
        const auto& farm = net.farms[hp.farms[k]];
        stops.push_back(farm.node);
        farms.push_back(farm.produce);
      }
      stops.push_back(hub);
      features.push_back(
          feature(line_through(net, paths, stops), {{"kind", "vehicle route"},
                                                    {"hub", hp.hub + 1},
                                                    {"truck", r + 1},
                                                    {"farms", farms},
                                                    {"tonnes", route.tonnes},
                                                    {"hours", double(route.time_s) / 3600}}));
    }
  }
  for (const auto& a : assignment.assigned) {
    const auto& farm = net.farms[a.farm];
    const auto hub = net.hubs[a.hub].node;
    const auto m = nearest_market(net, paths, hub);
    features.push_back(feature(line_through(net, paths, {farm.node, hub, net.markets[m].node}),
                               {{"kind", "farm to market"},
                                {"farm", farm.produce},
                                {"tonnes", farm.tonnes},
                                {"hub", a.hub + 1},
                                {"market", net.markets[m].name},
                                {"hours", double(a.farm_to_market_s) / 3600}}));
  }
  return {{"type", "FeatureCollection"}, {"features", features}};
}

}  // namespace karst::routing
