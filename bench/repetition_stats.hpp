#pragma once
//! Min, median and max over a case's repetitions, as HPCC and ReFrame report them: the median is
//! the figure a reference is checked against, min and max show the spread.

#include <algorithm>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace karst::bench {

struct Spread {
  double min = 0.0, median = 0.0, max = 0.0;
};

//! The median of an even count is the mean of the two middle values.
inline Spread spread_of(std::vector<double> v) {
  if (v.empty()) throw std::invalid_argument("spread_of: no values");
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  return {v.front(), median, v.back()};
}

//! A case's repetitions summed up: the spread of every figure, and which run to keep.
struct RepetitionSummary {
  //! The repetition of median time (the upper middle one of an even count): its record is kept.
  std::size_t median_run = 0;
  std::map<std::string, Spread> spreads;  //!< figure name -> spread over the repetitions
  std::map<std::string, double> medians;  //!< figure name -> median
};

//! `figures[r]` holds repetition r's figures by name (figures_of); each needs "time_s".
RepetitionSummary summarize_repetitions(const std::vector<std::map<std::string, double>>& figures);

}  // namespace karst::bench
