#pragma once
// A whole multiband image in memory, band-major (bands x rows x cols), for tests that compare
// images value by value.

#include "io/raster/multiband.hpp"

#include <string>
#include <vector>

namespace karst::test {

inline std::vector<double> read_all(const io::MultibandReader& r) {
  const auto& i = r.info();
  std::vector<double> v(size_t(i.bands * i.rows * i.cols));
  r.read_rows(0, i.rows, v.data());
  return v;
}

inline std::vector<double> read_all(const std::string& spec) {
  return read_all(*io::open_multiband(spec));
}

}  // namespace karst::test
