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
  //! `data: KEY=PATH`: an input file that is not shipped with Karst (e.g. an OpenStreetMap
  //! extract in ../shared), PATH relative to the Karst data directory; empty: none
  std::string data_key = "", data_path = "";
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

//! Cases whose `data` file exists get KEY=<resolved path> as their first override, PATH taken
//! relative to `data_dir` unless absolute; the others are removed from `cases`, one line each
//! saying why (returned, for the run output). Shipped data sets stay out of the suite files.
std::vector<std::string> resolve_case_data(std::vector<BenchCase>& cases,
                                           const std::string& data_dir);

//! Weak scaling (`karst bench --scale`): the size at which a case does `factor` times its work,
//! for work that grows as size^dimensions (2 for a raster's side, 1 for a graph's node count).
inline double weak_scaled_size(double size, double factor, double dimensions) {
  return size * std::pow(factor, 1.0 / dimensions);
}

}  // namespace karst::bench
