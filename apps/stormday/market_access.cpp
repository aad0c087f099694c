#include "apps/stormday/market_access.hpp"

#include "apps/stormday/timed_routes.hpp"
#include "base/error.hpp"
#include "kernels/routing/csr_graph.hpp"
#include "kernels/routing/delta_stepping.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <string>

namespace karst::stormday {

namespace {

// Whether segment s is open at the instant t (no closure with begin_s <= t < end_s).
bool open_at(const SegmentClosures& closures, size_t s, double t) {
  if (closures.empty()) return true;
  const auto& list = closures[s];
  const auto it = std::upper_bound(list.begin(), list.end(), t,
                                   [](double time, const Closure& c) { return time < c.end_s; });
  return it == list.end() || t < it->begin_s;
}

// Nodes joined to a market by segments open at time t: a breadth-first search from all markets.
std::vector<char> market_reach_at(const County& county, const SegmentClosures& closures,
                                  const std::vector<std::int64_t>& first,
                                  const std::vector<int>& incident, double t) {
  std::vector<char> reached(county.nodes.size(), 0);
  std::vector<int> frontier;
  for (const auto& m : county.markets)
    if (!reached[size_t(m.node)]) {
      reached[size_t(m.node)] = 1;
      frontier.push_back(m.node);
    }
  while (!frontier.empty()) {
    const int u = frontier.back();
    frontier.pop_back();
    for (auto k = first[size_t(u)]; k < first[size_t(u) + 1]; ++k) {
      const int s = incident[size_t(k)];
      if (!open_at(closures, size_t(s), t)) continue;
      const auto& seg = county.segments[size_t(s)];
      const int v = seg.from == u ? seg.to : seg.from;
      if (!reached[size_t(v)]) {
        reached[size_t(v)] = 1;
        frontier.push_back(v);
      }
    }
  }
  return reached;
}

}  // namespace

std::vector<std::int64_t> dry_market_times(const County& county) {
  validate_roads(county);
  const auto n = static_cast<std::int64_t>(county.nodes.size());
  // Vertex n is the virtual source; each road is two arcs of its travel time.
  std::vector<std::int64_t> src, dst;
  std::vector<routing::Weight> w;
  for (const auto& seg : county.segments) {
    src.push_back(seg.from), dst.push_back(seg.to), w.push_back(seg.travel_s);
    src.push_back(seg.to), dst.push_back(seg.from), w.push_back(seg.travel_s);
  }
  for (const auto& m : county.markets) src.push_back(n), dst.push_back(m.node), w.push_back(0);
  const auto graph = routing::build_csr(n + 1, src, dst, w);
  const auto result =
      routing::delta_stepping(graph, routing::VertexId(n), routing::auto_delta(graph));
  auto dist = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), result.dist);
  std::vector<std::int64_t> times(static_cast<size_t>(n));
  for (std::int64_t v = 0; v < n; ++v)
    times[size_t(v)] = dist(v) >= routing::kUnreachable ? -1 : dist(v);
  return times;
}

std::vector<double> closure_breakpoints(const SegmentClosures& closures) {
  std::vector<double> points;
  for (const auto& list : closures)
    for (const auto& c : list) {
      points.push_back(c.begin_s);
      if (!c.open_ended()) points.push_back(c.end_s);
    }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

std::vector<CutOff> cut_off_intervals(const County& county, const SegmentClosures& closures,
                                      const std::vector<int>& nodes, double horizon_s) {
  validate_roads(county);
  validate_closures(county, closures);
  for (int v : nodes)
    if (v < 0 || size_t(v) >= county.nodes.size())
      throw Error("stormday.routing",
                  "cut-off analysis of node " + std::to_string(v) + ", outside the county");
  // Segments at each node, for the searches.
  std::vector<std::int64_t> first(county.nodes.size() + 1, 0);
  for (const auto& seg : county.segments)
    ++first[size_t(seg.from) + 1], ++first[size_t(seg.to) + 1];
  for (size_t v = 0; v < county.nodes.size(); ++v) first[v + 1] += first[v];
  std::vector<int> incident(size_t(first.back()));
  auto fill = first;
  for (size_t s = 0; s < county.segments.size(); ++s) {
    incident[size_t(fill[size_t(county.segments[s].from)]++)] = int(s);
    incident[size_t(fill[size_t(county.segments[s].to)]++)] = int(s);
  }

  // Elementary intervals [starts[k], starts[k+1]) of [0, horizon): the open set is constant in
  // each, so its state at the start holds throughout.
  const auto points = closure_breakpoints(closures);
  std::vector<double> starts{0.0};
  for (double p : points)
    if (p > 0.0 && p < horizon_s) starts.push_back(p);
  std::vector<CutOff> out(nodes.size());
  if (horizon_s > 0.0) {
    for (size_t k = 0; k < starts.size(); ++k) {
      const double begin = starts[k], end = k + 1 < starts.size() ? starts[k + 1] : horizon_s;
      const auto reached = market_reach_at(county, closures, first, incident, begin);
      for (size_t i = 0; i < nodes.size(); ++i) {
        if (reached[size_t(nodes[i])]) continue;
        auto& iv = out[i].intervals;
        if (!iv.empty() && iv.back().second == begin)
          iv.back().second = end;  // the cut-off goes on
        else
          iv.push_back({begin, end});
      }
    }
  }
  // From the last breakpoint on the open set never changes again.
  const double last = points.empty() ? 0.0 : std::max(0.0, points.back());
  const auto final_reach = market_reach_at(county, closures, first, incident, last);
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto& c = out[i];
    for (const auto& iv : c.intervals) c.total_s += iv.second - iv.first;
    c.first_s = c.intervals.empty() ? -1.0 : c.intervals.front().first;
    c.at_horizon = !c.intervals.empty() && c.intervals.back().second == horizon_s;
    c.permanent = !final_reach[size_t(nodes[i])];
  }
  return out;
}

}  // namespace karst::stormday
