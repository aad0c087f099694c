#pragma once
//! The run record: one versioned JSON document per run (schema in docs/results-schema.md) with a
//! matching HDF5 group. It is what `karst compare` and `karst bench --check` read back.

#include "bench/profile.hpp"
#include "bench/run_record_schema.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::bench {

struct FigureOfMerit {
  std::string name;  //!< e.g. "cell_updates_per_s"
  double value = 0.0;
  std::string unit;  //!< e.g. "1/s", "GB/s"
  bool higher_is_better = true;
};

class RunRecord {
 public:
  RunRecord(const std::string& workload, const std::string& scenario, nlohmann::json system,
            nlohmann::json config);
  //! Validates first; throws karst::Error listing every problem.
  static RunRecord from_json(const nlohmann::json& doc, const std::string& source = "record");

  void add_figure(const FigureOfMerit& fom);
  //! Fills kernels, regions and totals. `wall_seconds` is the measured phase on the slowest rank.
  void set_measurements(const std::vector<RegionStats>& regions, double wall_seconds);
  //! Free-form workload results (warnings, errors against truth, ...).
  void set_results(nlohmann::json results);
  //! What the benchmark harness adds: suite, case, repetitions, roofline position, check.
  void set_bench(nlohmann::json bench) { doc_["bench"] = std::move(bench); }

  const nlohmann::json& doc() const { return doc_; }
  std::string run_id() const { return doc_.at("run_id").get<std::string>(); }

  //! Writes `<dir>/<stem>.json` and `<dir>/<stem>.h5` (group /karst/record), both atomically.
  //! Call on one rank.
  void write(const std::string& dir, const std::string& stem) const;
  static RunRecord read_json(const std::string& path);

 private:
  explicit RunRecord(nlohmann::json doc) : doc_(std::move(doc)) {}
  nlohmann::json doc_;
};

}  // namespace karst::bench
