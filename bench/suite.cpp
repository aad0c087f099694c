#include "bench/suite.hpp"

#include "bench/yaml_fields.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <set>

namespace karst::bench {

using namespace yaml_fields;

Suite load_suite(const std::string& path) {
  const YAML::Node root = load_file(path);
  reject_unknown(path, root, {"suite", "description", "ceilings", "cases"}, "");
  Suite s;
  s.path = path;
  s.name = get<std::string>(path, root, "suite", "a name");
  s.description = get_or<std::string>(path, root, "description", "", "text");
  const auto ceilings = get_or<std::string>(path, root, "ceilings", "measure", "measure or skip");
  if (ceilings != "measure" && ceilings != "skip")
    throw Error(where(path, root["ceilings"], "ceilings"), "expected 'measure' or 'skip'");
  s.measure_ceilings = ceilings == "measure";
  const YAML::Node cases = root["cases"];
  if (!cases || !cases.IsSequence() || cases.size() == 0)
    throw Error(where(path, root, "cases"), "expected a non-empty list of cases");
  std::set<std::string> names;
  for (size_t i = 0; i < cases.size(); ++i) {
    const YAML::Node c = cases[i];
    const std::string ctx = fmt::format("cases[{}]", i);
    reject_unknown(path, c, {"name", "workload", "set", "repetitions", "warmups", "data"}, ctx);
    BenchCase bc;
    bc.workload = get<std::string>(path, c, "workload", "a workload name", ctx);
    bc.name = get_or<std::string>(path, c, "name", bc.workload, "a name", ctx);
    bc.repetitions = get_or<int>(path, c, "repetitions", 3, "an integer", ctx);
    bc.warmups = get_or<int>(path, c, "warmups", 0, "an integer", ctx);
    if (bc.repetitions < 1 || bc.repetitions > 1000)
      throw Error(where(path, c["repetitions"], ctx + ".repetitions"), "must be in [1, 1000]");
    if (bc.warmups < 0 || bc.warmups > 100)
      throw Error(where(path, c["warmups"], ctx + ".warmups"), "must be in [0, 100]");
    if (const YAML::Node sets = c["set"]) {
      if (!sets.IsSequence())
        throw Error(where(path, sets, ctx + ".set"), "expected a list of key=value");
      for (const auto& kv : sets) {
        const auto a = kv.as<std::string>();
        if (a.find('=') == std::string::npos)
          throw Error(where(path, kv, ctx + ".set"), "expected key=value, got '" + a + "'");
        bc.sets.push_back(a);
      }
    }
    if (const YAML::Node data = c["data"]) {
      const auto a = data.as<std::string>();
      const auto eq = a.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == a.size())
        throw Error(where(path, data, ctx + ".data"), "expected KEY=PATH, got '" + a + "'");
      bc.data_key = a.substr(0, eq);
      bc.data_path = a.substr(eq + 1);
    }
    if (!names.insert(bc.name).second)
      throw Error(where(path, c, ctx + ".name"), "duplicate case name '" + bc.name + "'");
    s.cases.push_back(bc);
  }
  return s;
}

std::string suite_file(const std::string& name_or_path, const std::string& suites_dir) {
  const bool is_path =
      name_or_path.find('/') != std::string::npos ||
      (name_or_path.size() > 5 && name_or_path.compare(name_or_path.size() - 5, 5, ".yaml") == 0);
  return is_path ? name_or_path : suites_dir + "/" + name_or_path + ".yaml";
}

std::vector<BenchCase> filter_cases(const Suite& suite, const std::string& filter) {
  std::vector<BenchCase> out;
  for (const auto& c : suite.cases)
    if (filter.empty() || c.name.find(filter) != std::string::npos ||
        c.workload.find(filter) != std::string::npos)
      out.push_back(c);
  return out;
}

std::vector<std::string> resolve_case_data(std::vector<BenchCase>& cases,
                                           const std::string& data_dir) {
  std::vector<std::string> skipped;
  std::vector<BenchCase> kept;
  for (auto& c : cases) {
    if (!c.data_key.empty()) {
      const std::string file =
          c.data_path.front() == '/' ? c.data_path : data_dir + "/" + c.data_path;
      if (!std::filesystem::is_regular_file(file)) {
        skipped.push_back(fmt::format("skipped {}: its data file {} ({}) is not there", c.name,
                                      file, c.data_key));
        continue;
      }
      c.sets.insert(c.sets.begin(), c.data_key + "=" + file);
    }
    kept.push_back(c);
  }
  cases = std::move(kept);
  return skipped;
}

}  // namespace karst::bench
