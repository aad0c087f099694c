#include "bench/run_record.hpp"

#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "bench/peak.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/hdf5/json_h5.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <random>

namespace karst::bench {

namespace {

std::string utc_now(const char* format) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), format, &tm);
  return buf;
}

std::string random_suffix() {
  std::random_device rd;
  return fmt::format("{:06x}", rd() & 0xffffffu);
}

using json = nlohmann::json;

}  // namespace

RunRecord::RunRecord(const std::string& workload, const std::string& scenario, json system,
                     json config) {
  doc_ = {{"schema", kRecordSchema},
          {"schema_version", kRecordSchemaVersion},
          {"run_id", utc_now("%Y%m%dT%H%M%SZ") + "-" + workload + "-" + random_suffix()},
          {"created_utc", utc_now("%Y-%m-%dT%H:%M:%SZ")},
          {"workload", workload},
          {"scenario", scenario},
          {"system", std::move(system)},
          {"config", std::move(config)},
          {"figures_of_merit", json::array()},
          {"kernels", json::array()},
          {"regions", json::array()},
          {"totals",
           {{"time_s", 0.0},
            {"flops", 0.0},
            {"bytes", 0.0},
            {"gflops_per_s", 0.0},
            {"gbytes_per_s", 0.0},
            {"pflops_per_s", 0.0},
            {"fraction_of_guian_peak", 0.0}}},
          {"reference_peak", {{"name", "Gui'an"}, {"pflops_per_s", kGuianPeakFlops * 1e-15}}},
          {"results", json::object()}};
}

RunRecord RunRecord::from_json(const json& doc, const std::string& source) {
  require_valid_record(doc, source);
  return RunRecord(doc);
}

void RunRecord::add_figure(const FigureOfMerit& fom) {
  doc_["figures_of_merit"].push_back({{"name", fom.name},
                                      {"value", fom.value},
                                      {"unit", fom.unit},
                                      {"higher_is_better", fom.higher_is_better}});
}

void RunRecord::set_results(json results) {
  doc_["results"] = std::move(results);
}

void RunRecord::set_measurements(const std::vector<RegionStats>& regions, double wall_seconds) {
  json kernels = json::array(), all = json::array();
  double flops = 0.0, bytes = 0.0;
  for (const auto& r : regions) {
    json entry = {{"name", r.name},
                  {"calls", r.calls},
                  {"time_s", {{"min", r.time_min}, {"avg", r.time_avg}, {"max", r.time_max}}},
                  {"flops", r.flops},
                  {"bytes", r.bytes},
                  {"gflops_per_s", r.gflops_per_s()},
                  {"gbytes_per_s", r.gbytes_per_s()},
                  {"intensity_flop_per_byte", r.intensity()}};
    all.push_back(entry);
    if (r.flops > 0 || r.bytes > 0) {
      kernels.push_back(entry);
      flops += r.flops;
      bytes += r.bytes;
    }
  }
  const double rate = wall_seconds > 0 ? flops / wall_seconds : 0.0;
  doc_["kernels"] = kernels;
  doc_["regions"] = all;
  doc_["totals"] = {{"time_s", wall_seconds},
                    {"flops", flops},
                    {"bytes", bytes},
                    {"gflops_per_s", rate * 1e-9},
                    {"gbytes_per_s", wall_seconds > 0 ? bytes / wall_seconds * 1e-9 : 0.0},
                    {"pflops_per_s", rate * 1e-15},
                    {"fraction_of_guian_peak", rate / kGuianPeakFlops}};
}

void RunRecord::write(const std::string& dir, const std::string& stem) const {
  const std::string base = dir + "/" + stem;
  io::write_text_atomically(base + ".json", doc_.dump(2) + "\n");
  auto file = io::H5File::create(base + ".h5", mpi::Comm::self());
  io::write_json_group(file.id(), "/karst/record", doc_);
  file.commit();
}

RunRecord RunRecord::read_json(const std::string& path) {
  return RunRecord(parse_record(io::read_text(path), path));
}

}  // namespace karst::bench
