#pragma once
//! Min, median and max over a case's repetitions, as HPCC and ReFrame report them: the median is
//! the figure a reference is checked against, min and max show the spread.

#include <algorithm>
#include <stdexcept>
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

}  // namespace karst::bench
