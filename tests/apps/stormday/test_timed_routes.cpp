// Earliest-arrival routing under closures, on counties small enough to solve by hand: a detour
// when the short road is closed, waiting when that is quicker, closures that begin while a truck
// is on the road, no market at all behind open-ended closures, and bad closure lists refused.
#include "apps/stormday/timed_routes.hpp"
#include "support/error_of.hpp"
#include "tiny_county.hpp"

#include <gtest/gtest.h>

using namespace karst;
using stormday::Closure;
using stormday::kNever;
using stormday::SegmentClosures;
using stormday::TimedRouter;

namespace {

// Farm at 0, market at 1: the short road 0-1 (100 s, 1000 m) or the detour 0-2-1 (2 x 100 s,
// 2 x 1200 m).
struct Detour {
  test::TinyCounty t{3};
  int shortcut, detour_a, detour_b;
  Detour() {
    shortcut = t.road(0, 1, 100, 1000.0);
    detour_a = t.road(0, 2, 100, 1200.0);
    detour_b = t.road(2, 1, 100, 1200.0);
    t.market(1);
  }
  SegmentClosures closing(int segment, Closure c) const {
    SegmentClosures cl(t.county.segments.size());
    cl[size_t(segment)].push_back(c);
    return cl;
  }
};

std::vector<int> segments_of(const stormday::TimedRoute& r) {
  std::vector<int> s;
  for (const auto& step : r.steps) s.push_back(step.segment);
  return s;
}

// The error a statement throws contains `text`.
#define EXPECT_ERROR_HAS(statement, text)                                     \
  EXPECT_NE(test::error_of([&] { statement; }).find(text), std::string::npos) \
      << test::error_of([&] { statement; })

}  // namespace

TEST(EarliestEntry, WaitsOutEveryClosureInTheWay) {
  const std::vector<Closure> cl{{10, 20}, {25, 30}, {100, kNever}};
  EXPECT_EQ(stormday::earliest_entry(cl, 0, 10), 0);    // [0, 10) ends as the closure begins
  EXPECT_EQ(stormday::earliest_entry(cl, 12, 5), 20);   // inside [10, 20): wait for its end
  EXPECT_EQ(stormday::earliest_entry(cl, 0, 11), 30);   // [10, 20), then [20, 31) meets [25, 30)
  EXPECT_EQ(stormday::earliest_entry(cl, 15, 4), 20);   // [20, 24) fits before 25
  EXPECT_EQ(stormday::earliest_entry(cl, 15, 6), 30);   // [20, 26) meets [25, 30)
  EXPECT_EQ(stormday::earliest_entry(cl, 30, 70), 30);  // [30, 100)
  EXPECT_EQ(stormday::earliest_entry(cl, 30, 71), kNever);
  EXPECT_EQ(stormday::earliest_entry(cl, 200, 1), kNever);
  EXPECT_EQ(stormday::earliest_entry({}, 12.5, 1000), 12.5);
  EXPECT_TRUE(stormday::blocked(cl, 19.5, 19.75));
  EXPECT_FALSE(stormday::blocked(cl, 20, 25));
  EXPECT_TRUE(stormday::blocked(cl, 99, 100.5));
}

TEST(TimedRoutes, DryRouteTakesTheShortRoad) {
  Detour d;
  const auto r = stormday::dry_route(d.t.county, 0, 0.0);
  ASSERT_TRUE(r.reached);
  EXPECT_EQ(r.market, 0);
  EXPECT_EQ(r.arrival_s, 100);
  EXPECT_EQ(r.distance_m, 1000);
  EXPECT_EQ(r.wait_s, 0);
  EXPECT_EQ(segments_of(r), std::vector<int>{d.shortcut});
  EXPECT_TRUE(r.steps[0].forward);
}

TEST(TimedRoutes, DetourWhenTheShortRoadIsClosedForLong) {
  Detour d;
  // Closed until 150: waiting would arrive at 250, the detour at 200.
  const TimedRouter storm(d.t.county, d.closing(d.shortcut, {0, 150}));
  const auto r = storm.route(0, 0.0);
  ASSERT_TRUE(r.reached);
  EXPECT_EQ(segments_of(r), (std::vector<int>{d.detour_a, d.detour_b}));
  EXPECT_EQ(r.arrival_s, 200);
  EXPECT_EQ(r.distance_m, 2400);
  EXPECT_EQ(r.wait_s, 0);
  EXPECT_TRUE(r.steps[0].forward);
  EXPECT_TRUE(r.steps[1].forward);
  EXPECT_EQ(stormday::route_nodes(d.t.county, r), (std::vector<int>{0, 2, 1}));
}

TEST(TimedRoutes, WaitingBeatsTheDetourWhenTheClosureIsShort) {
  Detour d;
  const TimedRouter storm(d.t.county, d.closing(d.shortcut, {0, 50}));
  const auto r = storm.route(0, 0.0);
  EXPECT_EQ(segments_of(r), std::vector<int>{d.shortcut});
  EXPECT_EQ(r.arrival_s, 150);
  EXPECT_EQ(r.wait_s, 50);
  EXPECT_EQ(r.steps[0].enter_s, 50);
  // The same road: not a changed route, only a later one.
  EXPECT_TRUE(stormday::same_path(r, stormday::dry_route(d.t.county, 0, 0.0)));
}

TEST(TimedRoutes, AClosureThatBeginsWhileOnTheRoadBlocksIt) {
  Detour d;
  // [0, 100) meets [60, 70): the truck waits until 70 and arrives at 170, before the detour's 200.
  const auto r = TimedRouter(d.t.county, d.closing(d.shortcut, {60, 70})).route(0, 0.0);
  EXPECT_EQ(r.arrival_s, 170);
  EXPECT_EQ(r.steps[0].enter_s, 70);
  // Leaving at 0 with the closure from 100 on: [0, 100) ends as it begins.
  const auto before = TimedRouter(d.t.county, d.closing(d.shortcut, {100, kNever})).route(0, 0.0);
  EXPECT_EQ(segments_of(before), std::vector<int>{d.shortcut});
  EXPECT_EQ(before.arrival_s, 100);
}

TEST(TimedRoutes, WithoutWaitingTheTruckTakesTheDetour) {
  Detour d;
  const auto r = TimedRouter(d.t.county, d.closing(d.shortcut, {0, 50}), false).route(0, 0.0);
  EXPECT_EQ(segments_of(r), (std::vector<int>{d.detour_a, d.detour_b}));
  EXPECT_EQ(r.arrival_s, 200);
  EXPECT_EQ(r.wait_s, 0);
}

TEST(TimedRoutes, UnreachableWhenOpenEndedClosuresCutEveryRoute) {
  Detour d;
  auto cl = d.closing(d.shortcut, {30, kNever});
  cl[size_t(d.detour_b)].push_back({0, kNever});
  const TimedRouter storm(d.t.county, cl);
  const auto r = storm.route(0, 0.0);
  EXPECT_FALSE(r.reached);
  EXPECT_EQ(r.market, -1);
  EXPECT_EQ(r.arrival_s, kNever);
  EXPECT_TRUE(r.steps.empty());
  // A truck that leaves before the cut still gets through on the road that closes last.
  cl[size_t(d.shortcut)][0] = {1000, kNever};
  const auto early = TimedRouter(d.t.county, cl).route(0, 850.0);
  EXPECT_TRUE(early.reached);
  EXPECT_EQ(early.arrival_s, 950);
  EXPECT_FALSE(TimedRouter(d.t.county, cl).route(0, 901.0).reached);
}

TEST(TimedRoutes, NearestOfSeveralMarketsAndDeterministicTies) {
  // 0 - 1 - 2 with markets at 0 and 2, equal times both ways from 1: the lower node wins the tie.
  test::TinyCounty t(3);
  t.road(0, 1, 60);
  t.road(1, 2, 60);
  t.market(2);
  t.market(0);
  const auto r = stormday::dry_route(t.county, 1, 0.0);
  EXPECT_EQ(r.market, 1);  // markets[1] sits at node 0
  EXPECT_FALSE(r.steps[0].forward);
  // A truck at a market is there already.
  const auto at = stormday::dry_route(t.county, 2, 42.0);
  EXPECT_TRUE(at.reached);
  EXPECT_EQ(at.arrival_s, 42.0);
  EXPECT_TRUE(at.steps.empty());
}

TEST(TimedRoutes, BadClosureListsAreRefusedWithTheSegment) {
  Detour d;
  SegmentClosures overlap(3);
  overlap[1] = {{0, 100}, {50, 200}};
  EXPECT_ERROR_HAS(TimedRouter(d.t.county, overlap),
                   "stormday.routing: segment 1 closure 1: begins at 50.000000 s, not after");
  SegmentClosures backwards(3);
  backwards[2] = {{100, 50}};
  EXPECT_ERROR_HAS(TimedRouter(d.t.county, backwards), "segment 2 closure 0");
  EXPECT_ERROR_HAS(TimedRouter(d.t.county, SegmentClosures(2)),
                   "closures are given for 2 segments but the county has 3");
  auto no_market = d.t.county;
  no_market.markets.clear();
  EXPECT_ERROR_HAS(TimedRouter(no_market, {}), "the county has no market");
  EXPECT_ERROR_HAS(TimedRouter(d.t.county, {}).route(7, 0.0), "route from node 7");
}
