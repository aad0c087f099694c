// The benchmark harness's arithmetic and files: roofline, spreads, reference checks, suites,
// systems, references.
#include "base/error.hpp"
#include "bench/references.hpp"
#include "bench/repetition_stats.hpp"
#include "bench/roofline.hpp"
#include "bench/suite.hpp"
#include "bench/system_description.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include "support/source_dir.hpp"

using namespace karst;

namespace {

std::string write(const test::TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST(Roofline, KnownNode) {
  // 100 GB/s and 1000 GFLOP/s: ridge at 10 FLOP/byte.
  const bench::Roofline r{1000.0, 100.0};
  EXPECT_DOUBLE_EQ(r.ridge_point(), 10.0);
  EXPECT_DOUBLE_EQ(r.attainable_gflops(2.0), 200.0);    // memory roof
  EXPECT_DOUBLE_EQ(r.attainable_gflops(50.0), 1000.0);  // compute roof
  EXPECT_DOUBLE_EQ(r.fraction_of_attainable(2.0, 50.0), 0.25);
  EXPECT_TRUE(r.memory_bound(9.9));
  EXPECT_FALSE(r.memory_bound(10.1));
  EXPECT_DOUBLE_EQ(r.fraction_of_bandwidth(25.0), 0.25);
  EXPECT_DOUBLE_EQ(bench::Roofline{}.fraction_of_attainable(1.0, 1.0), 0.0);
}

TEST(Spread, MinMedianMax) {
  const auto odd = bench::spread_of({3.0, 1.0, 2.0});
  EXPECT_EQ(odd.min, 1.0);
  EXPECT_EQ(odd.median, 2.0);
  EXPECT_EQ(odd.max, 3.0);
  EXPECT_EQ(bench::spread_of({4.0, 1.0, 2.0, 3.0}).median, 2.5);
  EXPECT_THROW(bench::spread_of({}), std::invalid_argument);
}

TEST(ReferenceCheck, PassesOnEqualFailsOnTwofoldSlowdown) {
  bench::References refs;
  refs.cases["c"]["rate"] = {100.0, 0.4, true};
  refs.cases["c"]["time"] = {10.0, 0.4, false};
  auto lines = bench::check_case(refs, "c", {{"rate", 100.0}, {"time", 10.0}});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0].regressed || lines[1].regressed);
  // Twice as slow: half the rate, twice the time.
  lines = bench::check_case(refs, "c", {{"rate", 50.0}, {"time", 20.0}});
  EXPECT_TRUE(lines[0].regressed);
  EXPECT_TRUE(lines[1].regressed);
  EXPECT_DOUBLE_EQ(lines[0].ratio, 0.5);
  // Within tolerance, and faster, pass.
  lines = bench::check_case(refs, "c", {{"rate", 61.0}, {"time", 5.0}});
  EXPECT_FALSE(lines[0].regressed || lines[1].regressed);
  // A figure the run no longer produces is a failure, not a pass.
  lines = bench::check_case(refs, "c", {{"time", 10.0}});
  EXPECT_TRUE(lines[0].missing && lines[0].regressed);
  EXPECT_TRUE(bench::check_case(refs, "other", {}).empty());
}

TEST(ReferenceFiles, RoundTripAndErrors) {
  test::TempDir dir("refs");
  bench::References refs;
  refs.system = "localhost";
  refs.cases["fusion-small"]["starfm_pixels_per_s"] = {50537.2, 0.25, true};
  refs.cases["flood-small"]["time_to_solution"] = {1.16, 0.4, false};
  bench::save_references(refs, dir / "r.yaml");
  const auto back = bench::load_references(dir / "r.yaml");
  EXPECT_EQ(back.system, "localhost");
  const auto& r = back.cases.at("fusion-small").at("starfm_pixels_per_s");
  EXPECT_NEAR(r.value, 50537.2, 1e-9 * 50537.2);
  EXPECT_DOUBLE_EQ(r.tolerance, 0.25);
  EXPECT_FALSE(back.cases.at("flood-small").at("time_to_solution").higher_is_better);
  const auto bad = write(dir, "bad.yaml", "system: x\ncases:\n  a:\n    f: {value: 1, tol: 2}\n");
  EXPECT_NE(test::error_of([&] { bench::load_references(bad); }).find("bad.yaml:4: a.f.tol"),
            std::string::npos);
  const auto range =
      write(dir, "range.yaml", "system: x\ncases:\n  a:\n    f: {value: 1, tolerance: 2}\n");
  EXPECT_NE(test::error_of([&] { bench::load_references(range); }).find("must be in [0, 1)"),
            std::string::npos);
}

TEST(SuiteFiles, ShippedSuitesLoadAndFilter) {
  for (const char* name : {"quick", "node", "scaling"}) {
    const auto s =
        bench::load_suite(bench::suite_file(name, karst::test::source_dir() + "/bench/suites"));
    EXPECT_EQ(s.name, name);
    EXPECT_FALSE(s.cases.empty());
  }
  const auto quick = bench::load_suite(karst::test::source_dir() + "/bench/suites/quick.yaml");
  const auto fusion = bench::filter_cases(quick, "fusion");
  ASSERT_EQ(fusion.size(), 1u);
  EXPECT_EQ(fusion[0].workload, "fusion");
  EXPECT_GE(fusion[0].repetitions, 3);
  EXPECT_EQ(bench::filter_cases(quick, "").size(), quick.cases.size());
}

TEST(SuiteFiles, ErrorsNameFileLineAndField) {
  test::TempDir dir("suites");
  const std::string bad = karst::test::source_dir() + "/tests/bench/data/bad_suite.yaml";
  const auto e = test::error_of([&] { bench::load_suite(bad); });
  EXPECT_NE(e.find("bad_suite.yaml:5: cases[0].repetitions: expected an integer"),
            std::string::npos)
      << e;
  const auto dup =
      write(dir, "dup.yaml", "suite: d\ncases:\n  - {workload: flood}\n  - {workload: flood}\n");
  EXPECT_NE(test::error_of([&] { bench::load_suite(dup); }).find("duplicate case name 'flood'"),
            std::string::npos);
  const auto typo =
      write(dir, "typo.yaml", "suite: d\ncases:\n  - {workload: flood, repetition: 3}\n");
  EXPECT_NE(test::error_of([&] {
              bench::load_suite(typo);
            }).find("typo.yaml:3: cases[0].repetition: unknown field"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { bench::load_suite(dir / "none.yaml"); }).find("cannot be read"),
            std::string::npos);
}

TEST(SystemFiles, ShippedSystemsMakeTheGuianPeak) {
  const std::string dir = karst::test::source_dir() + "/bench/systems";
  const auto cpu = bench::load_system(bench::system_file("guian-cpu", dir));
  const auto gpu = bench::load_system(bench::system_file("guian-gpu", dir));
  const auto local = bench::load_system(bench::system_file("localhost", dir));
  // The two partitions add up to the centre's 13 PFlop/s (FP64 vector peaks), within 1 %.
  const double total_pf =
      (cpu.nodes * cpu.node_fp64_gflops + gpu.nodes * gpu.node_fp64_gflops) / 1e6;
  EXPECT_NEAR(total_pf, 13.0, 0.13);
  EXPECT_EQ(gpu.gpus_per_node, 4);
  EXPECT_DOUBLE_EQ(gpu.node_fp64_gflops, 4 * 34000.0);  // H100 SXM FP64 vector
  EXPECT_DOUBLE_EQ(gpu.node_bandwidth_gbs, 4 * 3350.0);
  EXPECT_TRUE(local.measured_peak);
  EXPECT_DOUBLE_EQ(local.node_peak_gflops(72.5), 72.5);
  EXPECT_DOUBLE_EQ(cpu.node_peak_gflops(72.5), cpu.node_fp64_gflops);
}

// `data: KEY=PATH`: a present file becomes the case's first override (absolute path from the data
// directory); a missing one removes the case with a line naming it; a value without '=' is an
// error naming the field.
TEST(SuiteFiles, DataFilesResolveOrSkip) {
  test::TempDir dir("suite_data");
  std::ofstream(dir / "roads.osm") << "<osm/>\n";
  const auto path = write(dir, "s.yaml",
                          "suite: d\ncases:\n"
                          "  - {name: here, workload: routing, data: routing.graph=roads.osm,"
                          " set: [routing.mode=sssp]}\n"
                          "  - {name: gone, workload: routing, data: routing.graph=sub/nope.osm}\n"
                          "  - {name: plain, workload: flood}\n");
  auto cases = bench::load_suite(path).cases;
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].data_key, "routing.graph");
  EXPECT_EQ(cases[0].data_path, "roads.osm");
  const auto skipped = bench::resolve_case_data(cases, dir.path());
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].name, "here");
  EXPECT_EQ(cases[0].sets, (std::vector<std::string>{"routing.graph=" + dir.path() + "/roads.osm",
                                                     "routing.mode=sssp"}));
  EXPECT_EQ(cases[1].name, "plain");
  EXPECT_TRUE(cases[1].sets.empty());
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0], "skipped gone: its data file " + dir.path() +
                            "/sub/nope.osm (routing.graph) is not there");
  const auto bad = write(dir, "bad.yaml", "suite: d\ncases:\n  - {workload: routing, data: x}\n");
  EXPECT_NE(test::error_of([&] {
              bench::load_suite(bad);
            }).find("bad.yaml:3: cases[0].data: expected KEY=PATH, got 'x'"),
            std::string::npos);
  // The node suite's OpenStreetMap case reads the Helsinki extract from ../shared.
  const auto node = bench::load_suite(karst::test::source_dir() + "/bench/suites/node.yaml");
  const auto osm = bench::filter_cases(node, "routing-osm");
  ASSERT_EQ(osm.size(), 1u);
  EXPECT_EQ(osm[0].data_path, "../shared/data/roads/helsinki.osm.pbf");
}
