#include "apps/common/summary.hpp"

#include <fmt/format.h>

namespace karst::apps {

std::string format_summary(const std::vector<SummaryEntry>& entries, const std::string& out_dir) {
  std::string s;
  const std::string rule(100, '-');
  s += rule + "\n";
  s += fmt::format("{:<14} {:<16} {:>9} {:>11} {:>10} {:>12} {:>20}\n", "workload", "scenario",
                   "time [s]", "GFLOP/s", "GB/s", "PFlop/s", "of 13 PFlop/s peak");
  s += rule + "\n";
  for (const auto& e : entries) {
    const auto& doc = e.run.record.doc();
    const auto& t = doc.at("totals");
    s += fmt::format("{:<14} {:<16} {:>9.3f} {:>11.2f} {:>10.2f} {:>12.3e} {:>19.2e}%\n",
                     e.workload, doc.at("scenario").get<std::string>(),
                     t.at("time_s").get<double>(), t.at("gflops_per_s").get<double>(),
                     t.at("gbytes_per_s").get<double>(), t.at("pflops_per_s").get<double>(),
                     100.0 * t.at("fraction_of_guian_peak").get<double>());
    for (const auto& h : e.run.highlights) s += fmt::format("  {:<8}  {}\n", "", h);
  }
  s += rule + "\n";
  s += fmt::format("results: {}\n", out_dir);
  return s;
}

}  // namespace karst::apps
