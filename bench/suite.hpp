#pragma once
//! A benchmark suite: a checked-in YAML file (bench/suites/<name>.yaml) listing cases, each a
//! workload with configuration overrides, repetitions and warm-ups. Suites are data, so adding a
//! case needs no rebuild (ReFrame's and JUBE's lesson).

#include <cmath>
#include <string>
#include <vector>

namespace karst::bench {

struct BenchCase {
  std::string name;               //!< unique in the suite, e.g. "fusion-small"
  std::string workload;           //!< a registered workload, e.g. "fusion"
  std::vector<std::string> sets;  //!< "key=value" overrides
  int repetitions = 3;            //!< timed runs: min, median, max are reported
  int warmups = 0;                //!< untimed runs first (caches, page faults, JIT)
};

struct Suite {
  std::string name, description, path;
  bool measure_ceilings = true;  //!< run the ceilings microbenchmarks first
  std::vector<BenchCase> cases;
};

//! Parses a suite file; every error names the file, the line and the field.
Suite load_suite(const std::string& path);

//! "quick" -> <dir>/quick.yaml; anything with a '/' or ending in .yaml is a path already.
std::string suite_file(const std::string& name_or_path, const std::string& suites_dir);

//! Cases whose name or workload contains `filter` (all when empty).
std::vector<BenchCase> filter_cases(const Suite& suite, const std::string& filter);

//! Weak scaling (`karst bench --scale`): the size at which a case does `factor` times its work,
//! for work that grows as size^dimensions (2 for a raster's side, 1 for a graph's node count).
inline double weak_scaled_size(double size, double factor, double dimensions) {
  return size * std::pow(factor, 1.0 / dimensions);
}

}  // namespace karst::bench
