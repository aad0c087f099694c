#include "bench/case_section.hpp"

#include "bench/roofline_position.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace karst::bench {

namespace {

nlohmann::json spreads_json(const RepetitionSummary& repetitions) {
  nlohmann::json spreads = nlohmann::json::object();
  for (const auto& [name, s] : repetitions.spreads)
    spreads[name] = {{"min", s.min}, {"median", s.median}, {"max", s.max}};
  return spreads;
}

}  // namespace

nlohmann::json case_section(const Suite& suite, const BenchCase& bench_case,
                            const SystemDescription& system, const Roofline& roof,
                            const RepetitionSummary& repetitions,
                            const nlohmann::json& kept_record) {
  const double nodes = std::max(1.0, kept_record["system"].value("nodes", 1.0));
  const double node_peak = system.node_peak_gflops(roof.peak_gflops);
  const double gflops = repetitions.medians.at("gflops_per_s");
  return {{"suite", suite.name},
          {"suite_file", suite.path},
          {"case", bench_case.name},
          {"system", system.name},
          {"repetitions", bench_case.repetitions},
          {"warmups", bench_case.warmups},
          {"spread", spreads_json(repetitions)},
          {"roofline", roofline_position(kept_record, roof)},
          {"participating_nodes", nodes},
          {"participating_peak_gflops_per_s", nodes * node_peak},
          {"participating_peak_basis", system.measured_peak
                                           ? "measured FP64 FMA ceiling"
                                           : "node_peak.fp64_gflops in " + system.path},
          {"fraction_of_participating_peak", node_peak > 0 ? gflops / (nodes * node_peak) : 0.0}};
}

std::string case_highlight(const nlohmann::json& section, const RepetitionSummary& repetitions) {
  const auto& pos = section["roofline"]["case"];
  const int count = section["repetitions"].get<int>();
  const auto& medians = repetitions.medians;
  if (pos.contains("fraction_of_attainable"))
    return fmt::format(
        "median of {}: {:.3g} s, {:.3g} GFLOP/s at {:.3g} FLOP/byte = {:.1f}% of the attainable "
        "{:.3g} GFLOP/s ({}-bound)",
        count, medians.at("time_s"), medians.at("gflops_per_s"),
        pos["intensity_flop_per_byte"].get<double>(),
        100 * pos["fraction_of_attainable"].get<double>(),
        pos["attainable_gflops_per_s"].get<double>(), pos["bound"].get<std::string>());
  return fmt::format("median of {}: {:.3g} s, {:.3g} GB/s = {:.1f}% of STREAM triad", count,
                     medians.at("time_s"), medians.at("gbytes_per_s"),
                     100 * pos["fraction_of_stream_triad"].get<double>());
}

}  // namespace karst::bench
