#include "bench/repetition_stats.hpp"

#include <numeric>

namespace karst::bench {

RepetitionSummary summarize_repetitions(const std::vector<std::map<std::string, double>>& figures) {
  if (figures.empty()) throw std::invalid_argument("summarize_repetitions: no repetitions");
  std::map<std::string, std::vector<double>> values;
  for (const auto& run : figures)
    for (const auto& [name, v] : run) values[name].push_back(v);
  const auto& time = values.at("time_s");
  std::vector<size_t> order(figures.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return time[x] < time[y]; });
  RepetitionSummary s;
  s.median_run = order[order.size() / 2];
  for (const auto& [name, v] : values) {
    s.spreads[name] = spread_of(v);
    s.medians[name] = s.spreads[name].median;
  }
  return s;
}

}  // namespace karst::bench
