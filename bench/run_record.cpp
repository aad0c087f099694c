#include "bench/run_record.hpp"

#include "bench/peak.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/hdf5/json_h5.hpp"
#include "kernels/common/error.hpp"

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

// A type check that records a readable problem instead of throwing at the first one.
struct Checker {
  std::vector<std::string> problems;
  bool has(const json& obj, const std::string& path, const char* key, json::value_t type) {
    if (!obj.is_object() || !obj.contains(key)) {
      problems.push_back(path + "." + key + ": missing");
      return false;
    }
    const auto& v = obj.at(key);
    const bool ok =
        type == json::value_t::number_float
            ? v.is_number()
            : v.type() == type || (type == json::value_t::number_integer && v.is_number_unsigned());
    if (!ok) problems.push_back(path + "." + key + ": wrong type (" + v.type_name() + ")");
    return ok;
  }
  void non_negative(const json& obj, const std::string& path, const char* key) {
    if (has(obj, path, key, json::value_t::number_float) && obj.at(key).get<double>() < 0)
      problems.push_back(path + "." + key + ": negative");
  }
};

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
  const auto problems = validate_record(doc);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
    throw Error(source, "not a valid karst run record: " + all);
  }
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
  json doc;
  try {
    doc = json::parse(io::read_text(path));
  } catch (const json::parse_error& e) {
    throw Error(path, std::string("not valid JSON: ") + e.what());
  }
  return from_json(doc, path);
}

std::vector<std::string> validate_record(const json& doc) {
  Checker c;
  using T = json::value_t;
  if (!doc.is_object()) return {"record: not a JSON object"};
  if (c.has(doc, "record", "schema", T::string) && doc["schema"] != kRecordSchema)
    c.problems.push_back("record.schema: expected 'karst.run'");
  if (c.has(doc, "record", "schema_version", T::number_integer) &&
      doc["schema_version"].get<int>() != kRecordSchemaVersion)
    c.problems.push_back(fmt::format("record.schema_version: {} is not the supported version {}",
                                     doc["schema_version"].dump(), kRecordSchemaVersion));
  for (const char* key : {"run_id", "created_utc", "workload", "scenario"})
    c.has(doc, "record", key, T::string);
  for (const char* key : {"system", "config", "totals", "reference_peak", "results"})
    c.has(doc, "record", key, T::object);
  if (doc.contains("system") && doc["system"].is_object()) {
    const auto& s = doc["system"];
    for (const char* key : {"hostname", "cpu_model", "gpu_model", "compiler", "hdf5_version",
                            "git_commit", "karst_version"})
      c.has(s, "record.system", key, T::string);
    for (const char* key : {"kokkos", "mpi"}) c.has(s, "record.system", key, T::object);
    if (s.contains("mpi") && s["mpi"].is_object())
      c.has(s["mpi"], "record.system.mpi", "ranks", T::number_integer);
  }
  if (doc.contains("totals") && doc["totals"].is_object())
    for (const char* key : {"time_s", "flops", "bytes", "gflops_per_s", "gbytes_per_s",
                            "pflops_per_s", "fraction_of_guian_peak"})
      c.non_negative(doc["totals"], "record.totals", key);
  if (c.has(doc, "record", "figures_of_merit", T::array)) {
    size_t i = 0;
    for (const auto& f : doc["figures_of_merit"]) {
      const std::string p = fmt::format("record.figures_of_merit[{}]", i++);
      c.has(f, p, "name", T::string);
      c.has(f, p, "value", T::number_float);
      c.has(f, p, "unit", T::string);
      c.has(f, p, "higher_is_better", T::boolean);
    }
  }
  for (const char* list : {"kernels", "regions"}) {
    if (!c.has(doc, "record", list, T::array)) continue;
    size_t i = 0;
    for (const auto& k : doc[list]) {
      const std::string p = fmt::format("record.{}[{}]", list, i++);
      c.has(k, p, "name", T::string);
      c.has(k, p, "calls", T::number_integer);
      if (c.has(k, p, "time_s", T::object))
        for (const char* key : {"min", "avg", "max"})
          c.non_negative(k["time_s"], p + ".time_s", key);
      for (const char* key : {"flops", "bytes", "gflops_per_s", "gbytes_per_s"})
        c.non_negative(k, p, key);
    }
  }
  return c.problems;
}

}  // namespace karst::bench
