// Earliest-arrival routing against independent references, on random lattices with random closure
// sets (integer times, so a clock of whole seconds is exact):
//  - every storm route is a real route (consecutive segments, from the farm to a market node), no
//    step uses a segment while one of its closures is in force, and times add up;
//  - its arrival equals a brute-force search over (node, second) states, the time-expanded graph
//    with a wait arc at every node (and without waiting: never earlier than that graph allows);
//  - with no closures the storm plan is the dry plan, bit for bit;
//  - dry arrival times equal the delta-stepping kernel's distances to the nearest market.
#include "apps/stormday/market_access.hpp"
#include "apps/stormday/timed_routes.hpp"
#include "tiny_county.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>

using namespace karst;
using stormday::Closure;
using stormday::County;
using stormday::kNever;
using stormday::SegmentClosures;
using stormday::TimedRoute;

namespace {

// Random closures on about a third of the segments: 1 to 3 windows each, integer times in
// [0, 120), some open-ended.
SegmentClosures random_closures(const County& c, std::mt19937& rng, double open_ended) {
  SegmentClosures cl(c.segments.size());
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> gap(0, 30), span(1, 25), count(1, 3);
  for (auto& list : cl) {
    if (u(rng) > 0.35) continue;
    double t = gap(rng);
    for (int k = count(rng); k > 0; --k) {
      const double end = t + span(rng);
      if (u(rng) < open_ended) {
        list.push_back({t, kNever});
        break;
      }
      list.push_back({t, end});
      t = end + 1 + gap(rng);
    }
  }
  return cl;
}

// Whether any closure of the list is in force somewhere in [enter, leave): checked closure by
// closure, without the sorted search the router uses.
bool meets_a_closure(const std::vector<Closure>& list, double enter, double leave) {
  for (const auto& c : list)
    if (enter < c.end_s && c.begin_s < leave) return true;
  return false;
}

// The earliest arrival at any market by a search over (node, second) states: from (v, t) a truck
// waits a second (if allowed) or drives a segment that no closure meets over [t, t + travel).
// After the last breakpoint nothing changes, so a market not reached by then plus the longest
// simple path is never reached. -1: never.
double brute_force_arrival(const County& c, const SegmentClosures& cl, int from, int departure,
                           bool allow_waiting) {
  const int n = int(c.nodes.size());
  double last = 0;
  for (const auto& list : cl)
    for (const auto& x : list) last = std::max({last, x.begin_s, x.open_ended() ? 0.0 : x.end_s});
  std::int64_t max_travel = 0;
  for (const auto& s : c.segments) max_travel = std::max(max_travel, s.travel_s);
  const int horizon = int(last) + departure + (n + 1) * int(max_travel) + 2;
  std::vector<char> market(size_t(n), 0);
  for (const auto& m : c.markets) market[size_t(m.node)] = 1;
  std::vector<std::vector<char>> at(size_t(horizon + 1 + max_travel), std::vector<char>(size_t(n)));
  at[size_t(departure)][size_t(from)] = 1;
  for (int t = departure; t <= horizon; ++t)
    for (int v = 0; v < n; ++v) {
      if (!at[size_t(t)][size_t(v)]) continue;
      if (market[size_t(v)]) return t;
      if (allow_waiting) at[size_t(t + 1)][size_t(v)] = 1;
      for (size_t s = 0; s < c.segments.size(); ++s) {
        const auto& seg = c.segments[s];
        if (seg.from != v && seg.to != v) continue;
        const double leave = t + double(seg.travel_s);
        if (meets_a_closure(cl[s], t, leave)) continue;
        at[size_t(leave)][size_t(seg.from == v ? seg.to : seg.from)] = 1;
      }
    }
  return -1;
}

// The route is a walk from the farm to a market node whose times add up and that meets no closure.
void expect_valid_route(const County& c, const SegmentClosures& cl, const TimedRoute& r,
                        bool allow_waiting) {
  ASSERT_TRUE(r.reached);
  int at = r.start_node;
  double t = r.departure_s, distance = 0, drive = 0, wait = 0;
  for (const auto& s : r.steps) {
    const auto& seg = c.segments[size_t(s.segment)];
    ASSERT_EQ(s.forward ? seg.from : seg.to, at) << "steps do not join";
    ASSERT_GE(s.enter_s, t);
    if (!allow_waiting) {
      ASSERT_EQ(s.enter_s, t);
    }
    ASSERT_EQ(s.leave_s, s.enter_s + double(seg.travel_s));
    if (!cl.empty()) {
      ASSERT_FALSE(meets_a_closure(cl[size_t(s.segment)], s.enter_s, s.leave_s))
          << "segment " << s.segment << " driven over [" << s.enter_s << ", " << s.leave_s
          << ") while closed";
    }
    wait += s.enter_s - t;
    distance += seg.length_m;
    drive += double(seg.travel_s);
    t = s.leave_s;
    at = s.forward ? seg.to : seg.from;
  }
  EXPECT_EQ(c.markets[size_t(r.market)].node, at);
  EXPECT_EQ(r.arrival_s, t);
  EXPECT_DOUBLE_EQ(r.distance_m, distance);
  EXPECT_EQ(r.drive_s, drive);
  EXPECT_EQ(r.wait_s, wait);
}

void expect_identical(const TimedRoute& a, const TimedRoute& b) {
  EXPECT_EQ(a.reached, b.reached);
  EXPECT_EQ(a.market, b.market);
  // Bitwise: the same arithmetic in the same order, not merely close.
  EXPECT_EQ(std::memcmp(&a.arrival_s, &b.arrival_s, sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(&a.distance_m, &b.distance_m, sizeof(double)), 0);
  EXPECT_EQ(a.wait_s, b.wait_s);
  ASSERT_EQ(a.steps.size(), b.steps.size());
  for (size_t k = 0; k < a.steps.size(); ++k) {
    EXPECT_EQ(a.steps[k].segment, b.steps[k].segment);
    EXPECT_EQ(a.steps[k].forward, b.steps[k].forward);
    EXPECT_EQ(a.steps[k].enter_s, b.steps[k].enter_s);
    EXPECT_EQ(a.steps[k].leave_s, b.steps[k].leave_s);
  }
}

}  // namespace

TEST(TimedRoutesProperty, StormRoutesAvoidClosuresAndMatchTheTimeExpandedSearch) {
  std::mt19937 rng(20260917);
  int cases = 0, rerouted = 0, waited = 0, unreachable = 0, nowait_worse = 0;
  for (int instance = 0; instance < 300; ++instance) {
    const int rows = 3 + instance % 4, cols = 3 + (instance / 4) % 4;
    auto t = test::random_lattice(rows, cols, rng, 0.1);
    const int n = rows * cols;
    std::uniform_int_distribution<int> node(0, n - 1), dep(0, 60);
    t.market(node(rng));
    if (instance % 2) t.market(node(rng));
    const auto cl = random_closures(t.county, rng, instance % 3 == 0 ? 0.7 : 0.05);
    const stormday::TimedRouter storm(t.county, cl), nowait(t.county, cl, false), dry(t.county, {});
    for (int k = 0; k < 3; ++k) {
      const int from = node(rng), departure = dep(rng);
      const auto r = storm.route(from, departure);
      const double expected = brute_force_arrival(t.county, cl, from, departure, true);
      ASSERT_EQ(r.reached, expected >= 0) << "instance " << instance;
      ++cases;
      const auto d = dry.route(from, departure);
      if (!r.reached) {
        ++unreachable;
        continue;
      }
      expect_valid_route(t.county, cl, r, true);
      ASSERT_EQ(r.arrival_s, expected) << "instance " << instance << " from " << from;
      // Closures only ever delay: FIFO.
      ASSERT_GE(r.arrival_s, d.arrival_s);
      rerouted += !stormday::same_path(r, d);
      waited += r.wait_s > 0;

      // Never waiting: a valid route no earlier than the best no-wait one (time-expanded search
      // without wait arcs), and no earlier than when waiting is allowed.
      const auto w = nowait.route(from, departure);
      if (w.reached) {
        expect_valid_route(t.county, cl, w, false);
        const double best = brute_force_arrival(t.county, cl, from, departure, false);
        ASSERT_GE(best, 0);
        ASSERT_GE(w.arrival_s, best);
        ASSERT_GE(w.arrival_s, r.arrival_s);
        nowait_worse += w.arrival_s > r.arrival_s;
      }
    }
  }
  // The instances exercise every case, not only the easy one.
  EXPECT_GT(rerouted, 50);
  EXPECT_GT(waited, 50);
  EXPECT_GT(unreachable, 10);
  EXPECT_GT(nowait_worse, 10);
  std::printf("%d routes: %d rerouted, %d waited, %d unreachable, %d later without waiting\n",
              cases, rerouted, waited, unreachable, nowait_worse);
}

TEST(TimedRoutesProperty, NoClosuresGiveTheDryPlanBitForBit) {
  std::mt19937 rng(7);
  for (int instance = 0; instance < 50; ++instance) {
    auto t = test::random_lattice(6, 7, rng, 0.05);
    std::uniform_int_distribution<int> node(0, 41);
    t.market(node(rng));
    t.market(node(rng));
    // Zero rain: one empty list per segment, as the flood stage hands it over.
    const SegmentClosures none(t.county.segments.size());
    const stormday::TimedRouter storm(t.county, none), nowait(t.county, none, false);
    std::uniform_real_distribution<double> dep(0.0, 86400.0);
    for (int k = 0; k < 10; ++k) {
      const int from = node(rng);
      const double departure = dep(rng);  // fractional seconds too
      const auto d = stormday::dry_route(t.county, from, departure);
      expect_identical(storm.route(from, departure), d);
      expect_identical(nowait.route(from, departure), d);
    }
  }
}

TEST(TimedRoutesProperty, DryArrivalsEqualTheDeltaSteppingKernel) {
  std::mt19937 rng(99);
  int unreachable = 0, nodes = 0;
  for (int instance = 0; instance < 12; ++instance) {
    const int side = instance < 10 ? 5 + instance : 40;  // the last two: 1,600 nodes
    auto t = test::random_lattice(side, side, rng, instance % 2 ? 0.35 : 0.05);
    std::uniform_int_distribution<int> node(0, side * side - 1);
    for (int m = 0; m < 1 + instance % 3; ++m) t.market(node(rng));
    const auto kernel = stormday::dry_market_times(t.county);
    ASSERT_EQ(kernel.size(), t.county.nodes.size());
    const stormday::TimedRouter dry(t.county, {});
    for (int v = 0; v < side * side; ++v) {
      const auto r = dry.route(v, 0.0);
      ++nodes;
      if (kernel[size_t(v)] < 0) {
        ++unreachable;
        ASSERT_FALSE(r.reached) << "node " << v;
      } else {
        ASSERT_TRUE(r.reached) << "node " << v;
        ASSERT_EQ(r.arrival_s, double(kernel[size_t(v)])) << "node " << v;
      }
    }
  }
  EXPECT_GT(unreachable, 0);  // the sparse lattices split
  std::printf("%d nodes, %d with no market\n", nodes, unreachable);
}
