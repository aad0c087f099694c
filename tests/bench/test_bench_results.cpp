// What `karst bench` makes of a case's records, with known answers: the figures it reads, the
// spread over repetitions and the run it keeps, the roofline position, the saved references, the
// check table and the record's `bench` section.
#include "bench/case_section.hpp"
#include "bench/ceilings.hpp"
#include "bench/record_figures.hpp"
#include "bench/references.hpp"
#include "bench/repetition_stats.hpp"
#include "bench/roofline_position.hpp"
#include "bench/suite.hpp"
#include "support/error_of.hpp"

#include <gtest/gtest.h>

using namespace karst;
using nlohmann::json;

namespace {

// A node of 1000 GFLOP/s and 100 GB/s: the ridge at 10 FLOP/byte.
const bench::Roofline kNode{1000.0, 100.0};

// A record's measured part: 2 GFLOP over 1 GB (2 FLOP/byte) at 50 GFLOP/s and 25 GB/s; a
// compute-bound kernel at 50 FLOP/byte and an integer kernel that books no FLOPs.
json measured_record(double time_s = 2.0) {
  return {{"totals",
           {{"flops", 2e9},
            {"bytes", 1e9},
            {"time_s", time_s},
            {"gflops_per_s", 50.0},
            {"gbytes_per_s", 25.0},
            {"pflops_per_s", 5e-5}}},
          {"kernels",
           {{{"name", "dense"},
             {"flops", 5e10},
             {"bytes", 1e9},
             {"gflops_per_s", 500.0},
             {"gbytes_per_s", 10.0}},
            {{"name", "sssp"},
             {"flops", 0.0},
             {"bytes", 8e9},
             {"gflops_per_s", 0.0},
             {"gbytes_per_s", 40.0}}}},
          {"figures_of_merit",
           {{{"name", "cells_per_s"}, {"value", 7.0}, {"higher_is_better", true}},
            {{"name", "time_to_solution"}, {"value", 3.0}, {"higher_is_better", false}}}},
          {"system", {{"nodes", 2}}}};
}

}  // namespace

TEST(RooflinePosition, CaseAndKernelsUnderAKnownNode) {
  const json pos = bench::roofline_position(measured_record(), kNode);
  EXPECT_DOUBLE_EQ(pos["ridge_point_flop_per_byte"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(pos["stream_triad_gbytes_per_s"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(pos["fp64_gflops_per_s"].get<double>(), 1000.0);
  // 2 FLOP/byte: the memory roof allows 200 GFLOP/s, of which 50 is a quarter.
  const auto& c = pos["case"];
  EXPECT_EQ(c["name"], "total");
  EXPECT_DOUBLE_EQ(c["intensity_flop_per_byte"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(c["attainable_gflops_per_s"].get<double>(), 200.0);
  EXPECT_DOUBLE_EQ(c["fraction_of_attainable"].get<double>(), 0.25);
  EXPECT_EQ(c["bound"], "memory");
  ASSERT_EQ(pos["kernels"].size(), 2u);
  // 50 FLOP/byte is past the ridge: the compute roof, 1000 GFLOP/s, of which 500 is half.
  const auto& dense = pos["kernels"][0];
  EXPECT_EQ(dense["name"], "dense");
  EXPECT_DOUBLE_EQ(dense["attainable_gflops_per_s"].get<double>(), 1000.0);
  EXPECT_DOUBLE_EQ(dense["fraction_of_attainable"].get<double>(), 0.5);
  EXPECT_EQ(dense["bound"], "compute");
  // No FLOPs: judged by bandwidth alone, 40 of 100 GB/s.
  const auto& sssp = pos["kernels"][1];
  EXPECT_DOUBLE_EQ(sssp["intensity_flop_per_byte"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(sssp["fraction_of_stream_triad"].get<double>(), 0.4);
  EXPECT_FALSE(sssp.contains("attainable_gflops_per_s"));
  EXPECT_EQ(sssp["bound"], "memory");
}

TEST(RooflineFromCeilings, ReadsTheCeilingsAndNamesWhatIsMissing) {
  const json ok = {
      {"results",
       {{"ceilings", {{"fp64_gflops_per_s", 800.0}, {"stream_triad_gbytes_per_s", 90.0}}}}}};
  const auto roof = bench::roofline_from_ceilings(ok, "c.json");
  EXPECT_DOUBLE_EQ(roof.peak_gflops, 800.0);
  EXPECT_DOUBLE_EQ(roof.bandwidth_gbs, 90.0);
  EXPECT_EQ(test::error_of([] {
              bench::roofline_from_ceilings(json{{"results", json::object()}}, "f.json");
            }),
            "f.json: is not a ceilings record (no results.ceilings)");
  json zero = ok;
  zero["results"]["ceilings"]["fp64_gflops_per_s"] = 0.0;
  EXPECT_EQ(test::error_of([&] { bench::roofline_from_ceilings(zero, "z.json"); }),
            "z.json: results.ceilings.fp64_gflops_per_s must be a positive number");
}

TEST(RecordFigures, FiguresOfMeritAndTotals) {
  const auto f = bench::figures_of(measured_record());
  const std::map<std::string, double> expected = {{"cells_per_s", 7.0},   {"time_to_solution", 3.0},
                                                  {"time_s", 2.0},        {"gflops_per_s", 50.0},
                                                  {"gbytes_per_s", 25.0}, {"pflops_per_s", 5e-5}};
  EXPECT_EQ(f, expected);
  const auto h = bench::higher_is_better_of(measured_record());
  EXPECT_TRUE(h.at("cells_per_s"));
  EXPECT_FALSE(h.at("time_to_solution"));
  EXPECT_FALSE(h.at("time_s"));
  EXPECT_TRUE(h.at("gflops_per_s"));
  EXPECT_TRUE(bench::is_total("pflops_per_s"));
  EXPECT_TRUE(bench::is_total("gflops_per_s_fp32"));
  EXPECT_FALSE(bench::is_total("cells_per_s"));
}

TEST(Repetitions, KeepsTheMedianTimeRun) {
  // Times 3, 1, 2: the median time is run 2's, and each figure's median is its own.
  const auto odd = bench::summarize_repetitions({{{"time_s", 3.0}, {"rate", 30.0}},
                                                 {{"time_s", 1.0}, {"rate", 10.0}},
                                                 {{"time_s", 2.0}, {"rate", 25.0}}});
  EXPECT_EQ(odd.median_run, 2u);
  EXPECT_EQ(odd.medians.at("time_s"), 2.0);
  EXPECT_EQ(odd.medians.at("rate"), 25.0);
  EXPECT_EQ(odd.spreads.at("rate").min, 10.0);
  EXPECT_EQ(odd.spreads.at("rate").max, 30.0);
  // An even count keeps the upper middle run; the medians are the mean of the middle two.
  const auto even = bench::summarize_repetitions(
      {{{"time_s", 4.0}}, {{"time_s", 1.0}}, {{"time_s", 3.0}}, {{"time_s", 2.0}}});
  EXPECT_EQ(even.median_run, 2u);
  EXPECT_EQ(even.medians.at("time_s"), 2.5);
  EXPECT_THROW(bench::summarize_repetitions({}), std::invalid_argument);
}

TEST(References, SavedFromMediansWithoutTheTotals) {
  const std::map<std::string, double> medians = {{"time_s", 2.0},        {"gflops_per_s", 50.0},
                                                 {"gbytes_per_s", 25.0}, {"pflops_per_s", 1.0},
                                                 {"cells_per_s", 7.0},   {"time_to_solution", 3.0},
                                                 {"unlisted", 4.0}};
  const auto refs =
      bench::references_from_medians(medians, {{"cells_per_s", true}, {"time_to_solution", false}});
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs.at("cells_per_s").value, 7.0);
  EXPECT_EQ(refs.at("cells_per_s").tolerance, 0.4);
  EXPECT_FALSE(refs.at("time_to_solution").higher_is_better);
  EXPECT_TRUE(refs.at("unlisted").higher_is_better);

  bench::References file;
  file.cases["a"] = {};
  const bench::BenchCase a{"a", "flood", {}}, b{"b", "flood", {}}, c{"c", "flood", {}};
  EXPECT_FALSE(bench::has_reference_for_any(file, {a, b}));
  file.cases["b"]["rate"] = {1.0, 0.4, true};
  EXPECT_TRUE(bench::has_reference_for_any(file, {a, b}));
  EXPECT_FALSE(bench::has_reference_for_any(file, {c}));
}

TEST(References, CheckTableAndSection) {
  bench::References refs;
  refs.cases["c"]["rate"] = {100.0, 0.4, true};
  refs.cases["c"]["time"] = {10.0, 0.25, false};
  refs.cases["c"]["gone"] = {1.0, 0.4, true};
  const auto lines = bench::check_case(refs, "c", {{"rate", 50.0}, {"time", 10.0}});
  EXPECT_EQ(bench::check_table(lines, "r.yaml"),
            "karst bench --check against r.yaml\n"
            "case               figure                                reference       median "
            "  ratio    tol  verdict\n"
            "c                  gone                                          1            0 "
            "  0.000    40%  MISSING\n"
            "c                  rate                                        100           50 "
            "  0.500    40%  REGRESSION\n"
            "c                  time                                         10           10 "
            "  1.000    25%  ok\n");
  const json section = bench::check_section(lines, "r.yaml");
  EXPECT_EQ(section["references"], "r.yaml");
  ASSERT_EQ(section["figures"].size(), 3u);
  EXPECT_EQ(section["figures"][1], (json{{"figure", "rate"},
                                         {"reference", 100.0},
                                         {"median", 50.0},
                                         {"tolerance", 0.4},
                                         {"regressed", true}}));
}

TEST(CaseSection, AgainstTheParticipatingNodesAndTheRoofline) {
  bench::Suite suite;
  suite.name = "quick";
  suite.path = "quick.yaml";
  const bench::BenchCase c{"flood-small", "flood", {}, 3, 1};
  bench::SystemDescription measured;
  measured.name = "localhost";
  measured.measured_peak = true;
  const auto reps = bench::summarize_repetitions({bench::figures_of(measured_record(2.5)),
                                                  bench::figures_of(measured_record(2.0)),
                                                  bench::figures_of(measured_record(1.5))});
  const json s = bench::case_section(suite, c, measured, kNode, reps, measured_record());
  EXPECT_EQ(s["suite"], "quick");
  EXPECT_EQ(s["suite_file"], "quick.yaml");
  EXPECT_EQ(s["case"], "flood-small");
  EXPECT_EQ(s["repetitions"], 3);
  EXPECT_EQ(s["warmups"], 1);
  EXPECT_EQ(s["spread"]["time_s"], (json{{"min", 1.5}, {"median", 2.0}, {"max", 2.5}}));
  EXPECT_EQ(s["roofline"], bench::roofline_position(measured_record(), kNode));
  // Two nodes of the measured 1000 GFLOP/s: 50 GFLOP/s is 2.5 % of them.
  EXPECT_EQ(s["participating_nodes"], 2.0);
  EXPECT_DOUBLE_EQ(s["participating_peak_gflops_per_s"].get<double>(), 2000.0);
  EXPECT_EQ(s["participating_peak_basis"], "measured FP64 FMA ceiling");
  EXPECT_DOUBLE_EQ(s["fraction_of_participating_peak"].get<double>(), 0.025);
  EXPECT_EQ(bench::case_highlight(s, reps),
            "median of 3: 2 s, 50 GFLOP/s at 2 FLOP/byte = 25.0% of the attainable 200 GFLOP/s "
            "(memory-bound)");

  bench::SystemDescription paper;
  paper.path = "guian-cpu.yaml";
  paper.node_fp64_gflops = 500.0;
  const json p = bench::case_section(suite, c, paper, kNode, reps, measured_record());
  EXPECT_EQ(p["participating_peak_basis"], "node_peak.fp64_gflops in guian-cpu.yaml");
  EXPECT_DOUBLE_EQ(p["fraction_of_participating_peak"].get<double>(), 0.05);
}

TEST(CaseSection, HighlightOfACaseWithoutFlops) {
  json record = measured_record();
  record["totals"]["flops"] = 0.0;
  const auto reps = bench::summarize_repetitions({bench::figures_of(record)});
  const json s = bench::case_section({}, {"roads", "routing", {}, 1, 0}, {}, kNode, reps, record);
  EXPECT_EQ(bench::case_highlight(s, reps), "median of 1: 2 s, 25 GB/s = 25.0% of STREAM triad");
}

TEST(WeakScaling, WorkGrowsByTheFactor) {
  EXPECT_DOUBLE_EQ(bench::weak_scaled_size(2.0, 4.0, 2.0), 4.0);   // a raster's side: sqrt(4)
  EXPECT_DOUBLE_EQ(bench::weak_scaled_size(1.5, 8.0, 1.0), 12.0);  // a graph's nodes
}
