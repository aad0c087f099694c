// The run record's schema check (docs/results-schema.md) and the parse that precedes it.
#include "bench/run_record_schema.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

namespace karst::bench {

namespace {

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

std::vector<std::string> validate_record(const json& doc) {
  Checker c;
  using T = json::value_t;
  if (!doc.is_object()) return {"record: not a JSON object"};
  if (c.has(doc, "record", "schema", T::string) && doc["schema"] != kRecordSchema)
    c.problems.push_back("record.schema: expected 'karst.run'");
  // Compared as JSON numbers: get<int>() would wrap 4294967297 around to version 1.
  if (c.has(doc, "record", "schema_version", T::number_integer) &&
      doc["schema_version"] != kRecordSchemaVersion)
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

void require_valid_record(const json& doc, const std::string& source) {
  const auto problems = validate_record(doc);
  if (problems.empty()) return;
  std::string all;
  for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
  throw Error(source, "not a valid karst run record: " + all);
}

json parse_record(const std::string& text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    // Not only parse_error: a number too large for a double ("1e999") is out_of_range.
    throw Error(source, std::string("not valid JSON: ") + e.what());
  }
  require_valid_record(doc, source);
  return doc;
}

}  // namespace karst::bench
