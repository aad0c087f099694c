// The routing stage as the pipeline uses it: villages cut off for exactly the windows their roads
// are closed (hand-made, then against a time-sampled reachability on random closures), the
// per-truck and per-produce report, the configuration keys, and the HDF5 file read back.
#include "apps/geography/guizhou_karst.hpp"
#include "apps/stormday/routing_impact.hpp"
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/json_h5.hpp"
#include "support/temp_dir.hpp"
#include "tiny_county.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

using namespace karst;
using stormday::Closure;
using stormday::County;
using stormday::kNever;
using stormday::SegmentClosures;

namespace {

using Intervals = std::vector<std::pair<double, double>>;

// Market at 0; village 2 behind a bridge 1-2 or a ford 0-2 ... as each test builds it.
stormday::CutOff cut_off_of(const test::TinyCounty& t, const SegmentClosures& cl, int node,
                            double horizon) {
  return stormday::cut_off_intervals(t.county, cl, {node}, horizon).at(0);
}

}  // namespace

TEST(CutOff, AVillageBehindOneBridgeIsCutOffExactlyWhileItIsClosed) {
  test::TinyCounty t(3);
  t.road(0, 1, 300);
  const int bridge = t.road(1, 2, 60);
  t.market(0);
  SegmentClosures cl(2);
  cl[size_t(bridge)] = {{1000, 4000}};
  auto c = cut_off_of(t, cl, 2, 10000);
  EXPECT_EQ(c.intervals, (Intervals{{1000, 4000}}));
  EXPECT_EQ(c.total_s, 3000);
  EXPECT_EQ(c.first_s, 1000);
  EXPECT_FALSE(c.at_horizon);
  EXPECT_FALSE(c.permanent);
  // Node 1 keeps its road to the market.
  EXPECT_TRUE(cut_off_of(t, cl, 1, 10000).intervals.empty());
  // A horizon inside the closure clips it, and the village is still cut off there.
  c = cut_off_of(t, cl, 2, 2500);
  EXPECT_EQ(c.intervals, (Intervals{{1000, 2500}}));
  EXPECT_TRUE(c.at_horizon);
  EXPECT_FALSE(c.permanent);
  // Open-ended from 7000: cut off to the horizon and for good.
  cl[size_t(bridge)].push_back({7000, kNever});
  c = cut_off_of(t, cl, 2, 10000);
  EXPECT_EQ(c.intervals, (Intervals{{1000, 4000}, {7000, 10000}}));
  EXPECT_EQ(c.total_s, 6000);
  EXPECT_TRUE(c.at_horizon);
  EXPECT_TRUE(c.permanent);
}

TEST(CutOff, TwoRoadsCutOffOnlyWhileBothAreClosed) {
  test::TinyCounty t(3);
  const int a = t.road(0, 2, 100), b = t.road(0, 1, 100);
  const int c1 = t.road(1, 2, 100);
  t.market(0);
  SegmentClosures cl(3);
  cl[size_t(a)] = {{1000, 3000}};
  cl[size_t(b)] = {{2000, 5000}};  // the other way round, 0-1-2, closes at its first road
  cl[size_t(c1)] = {{6000, 6500}};
  const auto c = cut_off_of(t, cl, 2, 8000);
  EXPECT_EQ(c.intervals, (Intervals{{2000, 3000}}));
  EXPECT_EQ(c.first_s, 2000);
  EXPECT_EQ(c.total_s, 1000);
  // Node 1 hangs on road b, or on c1 and a: cut off while b and one of the others are closed.
  EXPECT_EQ(cut_off_of(t, cl, 1, 8000).intervals, (Intervals{{2000, 3000}}));
}

TEST(CutOff, IntervalsEqualATimeSampledReachability) {
  std::mt19937 rng(314);
  int cut = 0;
  for (int instance = 0; instance < 200; ++instance) {
    auto t = test::random_lattice(4, 5, rng, 0.2);
    std::uniform_int_distribution<int> node(0, 19), begin(0, 80), span(1, 30);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    t.market(node(rng));
    SegmentClosures cl(t.county.segments.size());
    for (auto& list : cl)
      if (u(rng) < 0.4) {
        const double b = begin(rng);
        list.push_back({b, u(rng) < 0.1 ? kNever : b + span(rng)});
      }
    std::vector<int> all(20);
    for (int v = 0; v < 20; ++v) all[size_t(v)] = v;
    const double horizon = 100;
    const auto cuts = stormday::cut_off_intervals(t.county, cl, all, horizon);
    // Breakpoints are whole seconds: sampling every half second tests every elementary interval.
    for (int k = 0; k < int(horizon); ++k) {
      const double time = k + 0.5;
      std::vector<char> reached(20, 0);
      reached[size_t(t.county.markets[0].node)] = 1;
      for (bool grew = true; grew;) {  // Bellman-Ford-style sweeps over the open segments
        grew = false;
        for (size_t s = 0; s < t.county.segments.size(); ++s) {
          bool open = true;
          for (const auto& c : cl[s]) open = open && !(c.begin_s <= time && time < c.end_s);
          const auto& seg = t.county.segments[s];
          if (open && reached[size_t(seg.from)] != reached[size_t(seg.to)]) {
            reached[size_t(seg.from)] = reached[size_t(seg.to)] = 1;
            grew = true;
          }
        }
      }
      for (int v = 0; v < 20; ++v) {
        bool inside = false;
        for (const auto& [b, e] : cuts[size_t(v)].intervals)
          inside = inside || (b <= time && time < e);
        ASSERT_EQ(inside, !reached[size_t(v)])
            << "instance " << instance << " node " << v << " at " << time;
        cut += inside;
      }
    }
  }
  EXPECT_GT(cut, 1000);
}

TEST(RoutingImpact, ReportsReroutedLateLostAndCutOff) {
  // Farm 0 -> market 1 by the short road (100 s) or the detour by 2 (200 s); village 3 hangs on 1
  // by one bridge.
  test::TinyCounty t(4);
  const int shortcut = t.road(0, 1, 100, 1000.0);
  t.road(0, 2, 100, 1200.0);
  const int detour_b = t.road(2, 1, 100, 1200.0);
  const int bridge = t.road(1, 3, 50);
  t.market(1);
  t.village(3, 250);
  t.truck(0, 0.0, 150.0 / 3600, "vegetables", 4.0);  // 150 s deadline: the detour is late
  t.truck(0, 0.0, 1.0, "tea", 2.0);                  // 1 h: the detour is fine
  t.truck(0, 5000.0, 1.0, "tea", 3.0);               // after the storm
  t.truck(2, 1000.0, 0.5, "tea", 7.0);               // behind an open-ended closure
  SegmentClosures cl(4);
  cl[size_t(shortcut)] = {{0, 3000}};
  cl[size_t(detour_b)] = {{900, kNever}};
  cl[size_t(bridge)] = {{600, 1800}};
  stormday::RoutingImpactConfig config;
  config.simulation_end_s = 7200;
  const auto impact = stormday::plan_routing_impact(t.county, cl, config);
  EXPECT_EQ(impact.horizon_s, 7200);
  ASSERT_EQ(impact.trucks.size(), 4u);
  const auto& late = impact.trucks[0];
  EXPECT_TRUE(late.changed);
  EXPECT_EQ(late.extra_distance_m, 1400);
  EXPECT_EQ(late.extra_time_s, 100);
  EXPECT_EQ(late.dry_delivery, stormday::Delivery::on_time);
  EXPECT_EQ(late.storm_delivery, stormday::Delivery::late);
  EXPECT_EQ(impact.trucks[1].storm_delivery, stormday::Delivery::on_time);
  EXPECT_FALSE(impact.trucks[2].changed);
  EXPECT_EQ(impact.trucks[2].extra_time_s, 0);
  // Truck 3 at node 2: 2-1 is closed for good from 900 and 0-1 until 3000; via 0 it waits.
  const auto& waits = impact.trucks[3];
  EXPECT_TRUE(waits.storm.reached);
  EXPECT_TRUE(waits.changed);
  EXPECT_EQ(waits.storm.arrival_s, 3100);
  EXPECT_EQ(waits.storm.wait_s, 1900);
  EXPECT_EQ(waits.storm_delivery, stormday::Delivery::late);
  const auto& tot = impact.totals;
  EXPECT_EQ(tot.trucks, 4);
  EXPECT_EQ(tot.rerouted, 3);
  EXPECT_EQ(tot.late, 2);
  EXPECT_EQ(tot.unreachable, 0);
  EXPECT_DOUBLE_EQ(tot.extra_km, 1.4 + 1.4 + (1.2 + 1.0 - 1.2) * 1.0);
  EXPECT_EQ(tot.tonnes_late, 11.0);
  EXPECT_EQ(tot.tonnes_lost, 11.0);
  ASSERT_EQ(impact.produce.size(), 2u);
  EXPECT_EQ(impact.produce[0].produce, "tea");
  EXPECT_EQ(impact.produce[0].tonnes_late, 7.0);
  EXPECT_EQ(impact.produce[1].produce, "vegetables");
  EXPECT_EQ(impact.produce[1].tonnes_lost, 4.0);
  ASSERT_EQ(impact.villages.size(), 1u);
  EXPECT_EQ(impact.villages[0].cut_off.intervals, (Intervals{{600, 1800}}));
  EXPECT_EQ(impact.villages[0].dry_market_s, 50);
  EXPECT_EQ(tot.villages_cut_off, 1);
  EXPECT_EQ(tot.population_cut_off, 250);
  EXPECT_DOUBLE_EQ(tot.village_cut_off_hours, 1200.0 / 3600);

  const auto doc = stormday::to_json(impact);
  EXPECT_EQ(doc["trucks"][0]["storm_delivery"], "late");
  EXPECT_EQ(doc["trucks"][0]["storm"]["segments"], (nlohmann::json{1, 2}));
  EXPECT_EQ(doc["trucks"][0]["storm"]["directions"], (nlohmann::json{1, 1}));
  EXPECT_EQ(doc["villages"][0]["cut_off"], (nlohmann::json{{600.0, 1800.0}}));
  EXPECT_EQ(doc["totals"]["rerouted"], 3);

  // Everything unreachable: open-ended closures on every road into the market.
  SegmentClosures shut(4);
  shut[size_t(shortcut)] = {{0, kNever}};
  shut[size_t(detour_b)] = {{0, kNever}};
  shut[size_t(bridge)] = {{0, kNever}};
  const auto lost = stormday::plan_routing_impact(t.county, shut, config);
  EXPECT_EQ(lost.totals.unreachable, 4);
  EXPECT_EQ(lost.totals.tonnes_unreachable, 16.0);
  EXPECT_EQ(lost.totals.rerouted, 0);
  EXPECT_TRUE(lost.villages[0].cut_off.permanent);
  EXPECT_EQ(stormday::to_json(lost)["trucks"][0]["storm"]["arrival_s"], nullptr);
}

TEST(RoutingImpact, ZeroRainReproducesTheDryPlanExactly) {
  std::mt19937 rng(5);
  auto t = test::random_lattice(8, 8, rng, 0.1);
  t.market(3);
  t.market(60);
  for (int f = 0; f < 20; ++f) t.truck(f * 3, 600.0 * f + 0.25, 0.05 + 0.01 * f);
  for (int v = 1; v < 64; v += 9) t.village(v);
  const SegmentClosures none(t.county.segments.size());
  const auto impact = stormday::plan_routing_impact(t.county, none, {});
  for (const auto& tr : impact.trucks) {
    EXPECT_FALSE(tr.changed);
    EXPECT_EQ(tr.extra_time_s, 0.0);
    EXPECT_EQ(tr.extra_distance_m, 0.0);
    EXPECT_EQ(tr.dry_delivery, tr.storm_delivery);
    // The two plans serialise to the same document.
    EXPECT_EQ(stormday::to_json(impact)["trucks"][size_t(tr.farm)]["dry"],
              stormday::to_json(impact)["trucks"][size_t(tr.farm)]["storm"]);
  }
  EXPECT_EQ(impact.totals.rerouted, 0);
  EXPECT_EQ(impact.totals.tonnes_lost, 0.0);
  // Empty closures (no list at all) give the same as empty lists.
  EXPECT_EQ(stormday::to_json(stormday::plan_routing_impact(t.county, {}, {})),
            stormday::to_json(impact));
}

TEST(RoutingImpact, ConfigurationKeys) {
  auto config = apps::Config::from_text(
      "stormday:\n  routing:\n    allow_waiting: false\n    horizon_s: 43200\n", "test.yaml");
  const auto c = stormday::parse_routing_impact_config(config);
  EXPECT_FALSE(c.allow_waiting);
  EXPECT_EQ(c.horizon_s, 43200);
  EXPECT_EQ(c.simulation_end_s, 0);
  const auto d = stormday::parse_routing_impact_config(apps::Config());
  EXPECT_TRUE(d.allow_waiting);
  EXPECT_EQ(d.horizon_s, 0);
  auto bad = apps::Config::from_text("stormday:\n  routing:\n    horizon_s: -5\n", "bad.yaml");
  try {
    stormday::parse_routing_impact_config(bad);
    ADD_FAILURE() << "a negative horizon was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("stormday.routing.horizon_s"), std::string::npos)
        << e.what();
  }
  // The automatic horizon: the simulation's end, else the last closure breakpoint.
  SegmentClosures cl{{{100, 200}}, {{50, kNever}}};
  EXPECT_EQ(stormday::impact_horizon({}, cl), 200);
  EXPECT_EQ(stormday::impact_horizon({true, 0, 900}, cl), 900);
  EXPECT_EQ(stormday::impact_horizon({true, 60, 900}, cl), 60);
}

TEST(RoutingImpact, HdfFileHoldsTheRoutesAndTheSummary) {
  test::TinyCounty t(4);
  const int shortcut = t.road(0, 1, 100, 1000.0);
  t.road(0, 2, 100, 1200.0);
  t.road(2, 1, 100, 1200.0);
  t.road(1, 3, 50);
  t.market(1);
  t.village(3);
  t.truck(0, 0.0, 1.0);
  t.truck(2, 10.0, 1.0);
  SegmentClosures cl(4);
  cl[size_t(shortcut)] = {{0, 3000}};
  const auto impact = stormday::plan_routing_impact(t.county, cl, {});
  test::TempDir dir("stormday-routing", mpi::Comm::self());
  const auto path = dir.path() + "/routing.h5";
  stormday::write_routing_impact(impact, t.county, path);
  const auto file = io::H5File::open_read(path, mpi::Comm::self());
  auto read = [&](const std::string& name) {
    const auto shape = io::dataset_shape(file, name);
    std::vector<double> v(shape.at(0));
    io::read_block(file, name, io::Block::whole(shape), v.data());
    return v;
  };
  EXPECT_EQ(read("trucks/changed"), (std::vector<double>{1, 0}));
  EXPECT_EQ(read("trucks/storm_arrival_s"), (std::vector<double>{200, 110}));
  EXPECT_EQ(read("routes/storm/first_step"), (std::vector<double>{0, 2, 3}));
  EXPECT_EQ(read("routes/storm/segment"), (std::vector<double>{1, 2, 2}));
  EXPECT_EQ(read("routes/storm/direction"), (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(read("routes/dry/segment"), (std::vector<double>{0, 2}));
  EXPECT_EQ(read("segments/storm_trucks"), (std::vector<double>{0, 1, 2, 0}));
  EXPECT_EQ(read("villages/first_interval"), (std::vector<double>{0, 0}));  // never cut off
  EXPECT_EQ(io::dataset_shape(file, "villages/interval_begin_s"), std::vector<hsize_t>{0});
  EXPECT_EQ(read("nodes/dry_market_s"), (std::vector<double>{100, 0, 100, 50}));
  const auto summary = io::read_json_group(file.id(), "/summary");
  EXPECT_EQ(summary["totals"]["rerouted"], 1);
  EXPECT_EQ(summary["delivery_codes"][1], "late");
}

namespace {

// Whether the node lies north of the river (the north bank's valley road and the town).
bool north_of_river(const County& c, int node) {
  const auto& p = c.nodes[size_t(node)];
  return p.y > geography::river_y(p.x);
}

}  // namespace

TEST(RoutingImpact, BuiltInCountyWithTheValleyRoadClosedByHand) {
  const County county = stormday::guizhou_county(0.125, 3);
  // Dry weather: every village reaches a market, and the host search agrees with the kernel.
  const auto kernel = stormday::dry_market_times(county);
  for (size_t v = 0; v < county.nodes.size(); ++v)
    ASSERT_EQ(stormday::dry_route(county, int(v), 0.0).arrival_s, double(kernel[v])) << v;

  // The north bank's valley road mid-valley (x in 3-7 km) is flooded from 30 min to 2 h.
  SegmentClosures cl(county.segments.size());
  int closed = 0;
  for (size_t s = 0; s < county.segments.size(); ++s) {
    const auto& seg = county.segments[s];
    const auto& a = county.nodes[size_t(seg.from)];
    if (seg.kind == "valley" && north_of_river(county, seg.from) && a.x > 3000 && a.x < 7000) {
      cl[s] = {{1800, 7200}};
      ++closed;
    }
  }
  ASSERT_GT(closed, 5);
  stormday::RoutingImpactConfig config;
  config.simulation_end_s = 4 * 3600.0;
  const auto impact = stormday::plan_routing_impact(county, cl, config);
  int untouched = 0;
  for (const auto& t : impact.trucks) {
    ASSERT_TRUE(t.storm.reached) << t.truck.name;  // the closure ends: everyone gets through
    EXPECT_GE(t.storm.arrival_s, t.dry.arrival_s);
    for (const auto& step : t.storm.steps)
      EXPECT_FALSE(stormday::blocked(cl[size_t(step.segment)], step.enter_s, step.leave_s))
          << t.truck.name << " drives closed segment " << step.segment;
    // A dry route the closure never meets stays the plan, times and all.
    bool meets = false;
    for (const auto& step : t.dry.steps)
      meets = meets || stormday::blocked(cl[size_t(step.segment)], step.enter_s, step.leave_s);
    if (!meets) {
      ++untouched;
      EXPECT_FALSE(t.changed) << t.truck.name;
      EXPECT_EQ(t.storm.arrival_s, t.dry.arrival_s) << t.truck.name;
    }
  }
  EXPECT_GT(impact.totals.rerouted + impact.totals.delayed, 0);
  EXPECT_GT(untouched, 0);
  // Closed for a while, every village can still reach some market (hill roads, bridges).
  EXPECT_EQ(impact.totals.villages_cut_off_permanently, 0);

  // Washed away for good along the whole north bank: the hamlets up its side valleys hang on it
  // alone, so they are cut off from the start, to the horizon and beyond, and so are their trucks.
  SegmentClosures gone(county.segments.size());
  for (size_t s = 0; s < county.segments.size(); ++s)
    if (county.segments[s].kind == "valley" && north_of_river(county, county.segments[s].from))
      gone[s] = {{0, kNever}};
  const auto washed = stormday::plan_routing_impact(county, gone, config);
  int hamlets = 0;
  for (const auto& v : washed.villages) {
    if (v.cut_off.intervals.empty()) continue;
    EXPECT_EQ(v.cut_off.intervals, (Intervals{{0, config.simulation_end_s}})) << v.place.name;
    EXPECT_TRUE(v.cut_off.permanent);
    EXPECT_TRUE(v.cut_off.at_horizon);
    hamlets += north_of_river(county, v.place.node);
  }
  EXPECT_GE(hamlets, 3);
  EXPECT_GT(washed.totals.unreachable, 0);
  std::printf(
      "%d closed segments: %d trucks rerouted, %d delayed, %d untouched; washed away: "
      "%d hamlets cut off, %d trucks unreachable\n",
      closed, impact.totals.rerouted, impact.totals.delayed, untouched, hamlets,
      washed.totals.unreachable);
  for (const auto& t : washed.trucks) {
    if (t.storm_delivery == stormday::Delivery::unreachable) {
      EXPECT_TRUE(north_of_river(county, t.truck.node)) << t.truck.name;
    }
  }
}
