#include "apps/stormday/timed_routes.hpp"

#include "base/error.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <string>
#include <utility>

namespace karst::stormday {

namespace {

std::string closure_where(size_t segment, size_t k) {
  return "stormday.routing: segment " + std::to_string(segment) + " closure " + std::to_string(k);
}

std::string seconds(double t) {
  return std::isinf(t) ? "inf" : std::to_string(t);
}

// The first closure that ends after t: closures are sorted and disjoint, so their ends increase.
std::vector<Closure>::const_iterator first_ending_after(const std::vector<Closure>& closures,
                                                        double t) {
  return std::upper_bound(closures.begin(), closures.end(), t,
                          [](double time, const Closure& c) { return time < c.end_s; });
}

}  // namespace

bool same_path(const TimedRoute& a, const TimedRoute& b) {
  return a.start_node == b.start_node &&
         std::equal(a.steps.begin(), a.steps.end(), b.steps.begin(), b.steps.end(),
                    [](const RouteStep& x, const RouteStep& y) {
                      return x.segment == y.segment && x.forward == y.forward;
                    });
}

std::vector<int> route_nodes(const County& county, const TimedRoute& route) {
  std::vector<int> nodes{route.start_node};
  for (const auto& s : route.steps) {
    const auto& seg = county.segments[size_t(s.segment)];
    nodes.push_back(s.forward ? seg.to : seg.from);
  }
  return nodes;
}

void validate_roads(const County& county) {
  const auto n = county.nodes.size();
  auto check_node = [&](int v, const std::string& what) {
    if (v < 0 || size_t(v) >= n)
      throw Error("stormday.routing", what + " is at node " + std::to_string(v) +
                                          ", outside the county's " + std::to_string(n));
  };
  for (size_t s = 0; s < county.segments.size(); ++s) {
    const auto& seg = county.segments[s];
    check_node(seg.from, "segment " + std::to_string(s) + "'s start");
    check_node(seg.to, "segment " + std::to_string(s) + "'s end");
    if (seg.travel_s <= 0)
      throw Error("stormday.routing", "segment " + std::to_string(s) + " has travel time " +
                                          std::to_string(seg.travel_s) + " s");
  }
  if (county.markets.empty()) throw Error("stormday.routing", "the county has no market");
  for (const auto& m : county.markets) check_node(m.node, "market " + m.name);
}

void validate_closures(const County& county, const SegmentClosures& closures) {
  if (closures.empty()) return;
  if (closures.size() != county.segments.size())
    throw Error("stormday.routing", "closures are given for " + std::to_string(closures.size()) +
                                        " segments but the county has " +
                                        std::to_string(county.segments.size()));
  for (size_t s = 0; s < closures.size(); ++s) {
    const auto& list = closures[s];
    for (size_t k = 0; k < list.size(); ++k) {
      const auto& c = list[k];
      if (!std::isfinite(c.begin_s) || std::isnan(c.end_s) || !(c.begin_s < c.end_s))
        throw Error(closure_where(s, k), "[" + seconds(c.begin_s) + ", " + seconds(c.end_s) +
                                             ") is not an interval with a finite begin");
      if (k > 0 && !(list[k - 1].end_s < c.begin_s))
        throw Error(closure_where(s, k),
                    "begins at " + seconds(c.begin_s) + " s, not after the previous one ends (" +
                        seconds(list[k - 1].end_s) + " s): closures must be sorted and disjoint");
    }
  }
}

double earliest_entry(const std::vector<Closure>& closures, double t, double travel_s) {
  // Each closure met pushes the entry to its end; the ones after it may then block in turn.
  for (auto it = first_ending_after(closures, t); it != closures.end(); ++it) {
    if (!it->blocks(t, t + travel_s)) break;  // sorted: nothing later can block either
    if (it->open_ended()) return kNever;
    t = it->end_s;
  }
  return t;
}

bool blocked(const std::vector<Closure>& closures, double enter_s, double leave_s) {
  const auto it = first_ending_after(closures, enter_s);
  return it != closures.end() && it->blocks(enter_s, leave_s);
}

TimedRouter::TimedRouter(const County& county, const SegmentClosures& closures, bool allow_waiting)
    : closures_(closures), allow_waiting_(allow_waiting) {
  validate_roads(county);
  validate_closures(county, closures);
  const auto n = county.nodes.size();
  // Node u's roads in segment order (counting sort): the order a node's roads are tried in.
  first_arc_.assign(n + 1, 0);
  for (size_t s = 0; s < county.segments.size(); ++s) {
    const auto& seg = county.segments[s];
    ++first_arc_[size_t(seg.from) + 1];
    ++first_arc_[size_t(seg.to) + 1];
    travel_s_.push_back(double(seg.travel_s));
    length_m_.push_back(seg.length_m);
  }
  for (size_t v = 0; v < n; ++v) first_arc_[v + 1] += first_arc_[v];
  arcs_.resize(size_t(first_arc_[n]));
  auto fill = first_arc_;
  for (size_t s = 0; s < county.segments.size(); ++s) {
    const auto& seg = county.segments[s];
    arcs_[size_t(fill[size_t(seg.from)]++)] = Arc{int(s), seg.to, true};
    arcs_[size_t(fill[size_t(seg.to)]++)] = Arc{int(s), seg.from, false};
  }
  market_at_.assign(n, -1);
  for (size_t m = county.markets.size(); m-- > 0;)
    market_at_[size_t(county.markets[m].node)] = int(m);
}

struct TimedRouter::Labels {
  explicit Labels(size_t n)
      : arrival(n, kNever), enter(n, 0.0), via(n, -1), from(n, -1), settled(n, 0) {}
  std::vector<double> arrival, enter;
  std::vector<std::int64_t> via;  // the arc that gives the label
  std::vector<int> from;          // and its tail
  std::vector<char> settled;
};

double TimedRouter::entry_time(const Arc& arc, double t) const {
  if (closures_.empty()) return t;
  const double travel = travel_s_[size_t(arc.segment)];
  const auto& closed = closures_[size_t(arc.segment)];
  return allow_waiting_ ? earliest_entry(closed, t, travel)
                        : (blocked(closed, t, t + travel) ? kNever : t);
}

int TimedRouter::search(int from_node, double departure_s, Labels& l) const {
  using Item = std::pair<double, int>;  // (arrival, node): ties settle the lower node first
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  l.arrival[size_t(from_node)] = departure_s;
  queue.push({departure_s, from_node});
  while (!queue.empty()) {
    const auto [t, u] = queue.top();
    queue.pop();
    if (l.settled[size_t(u)]) continue;
    l.settled[size_t(u)] = 1;
    if (market_at_[size_t(u)] >= 0) return u;
    for (auto a = first_arc_[size_t(u)]; a < first_arc_[size_t(u) + 1]; ++a) {
      const auto& arc = arcs_[size_t(a)];
      if (l.settled[size_t(arc.head)]) continue;
      const double start = entry_time(arc, t);
      if (start == kNever) continue;
      const double at = start + travel_s_[size_t(arc.segment)];
      if (at < l.arrival[size_t(arc.head)]) {
        l.arrival[size_t(arc.head)] = at;
        l.enter[size_t(arc.head)] = start;
        l.via[size_t(arc.head)] = a;
        l.from[size_t(arc.head)] = u;
        queue.push({at, arc.head});
      }
    }
  }
  return -1;
}

TimedRoute TimedRouter::route(int from_node, double departure_s) const {
  const auto n = market_at_.size();
  if (from_node < 0 || size_t(from_node) >= n)
    throw Error("stormday.routing", "route from node " + std::to_string(from_node) +
                                        ", outside the county's " + std::to_string(n));
  if (!std::isfinite(departure_s))
    throw Error("stormday.routing",
                "route from node " + std::to_string(from_node) + ": departure time is not finite");
  TimedRoute r;
  r.start_node = from_node;
  r.departure_s = departure_s;
  Labels labels(n);
  const int target = search(from_node, departure_s, labels);
  if (target < 0) return r;
  r.reached = true;
  r.market = market_at_[size_t(target)];
  r.arrival_s = labels.arrival[size_t(target)];
  for (int v = target; v != from_node; v = labels.from[size_t(v)]) {
    const auto& arc = arcs_[size_t(labels.via[size_t(v)])];
    r.steps.push_back(
        RouteStep{arc.segment, arc.forward, labels.enter[size_t(v)], labels.arrival[size_t(v)]});
  }
  std::reverse(r.steps.begin(), r.steps.end());
  // Summed from the start, so equal routes give equal sums to the last bit.
  double at = departure_s;
  for (const auto& s : r.steps) {
    r.distance_m += length_m_[size_t(s.segment)];
    r.drive_s += travel_s_[size_t(s.segment)];
    r.wait_s += s.enter_s - at;  // exactly 0 where the truck did not wait
    at = s.leave_s;
  }
  return r;
}

TimedRoute dry_route(const County& county, int from_node, double departure_s) {
  return TimedRouter(county, {}).route(from_node, departure_s);
}

}  // namespace karst::stormday
