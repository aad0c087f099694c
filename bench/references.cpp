#include "bench/references.hpp"

#include "base/atomic_file.hpp"
#include "bench/record_figures.hpp"
#include "bench/yaml_fields.hpp"

#include <fmt/format.h>

#include <cmath>

namespace karst::bench {

using namespace yaml_fields;

References load_references(const std::string& path) {
  const YAML::Node root = load_file(path);
  reject_unknown(path, root, {"system", "cases"}, "");
  References r;
  r.path = path;
  r.system = get<std::string>(path, root, "system", "a system name");
  const YAML::Node cases = root["cases"];
  if (!cases || !cases.IsMap()) throw Error(where(path, root, "cases"), "expected a map");
  for (const auto& c : cases) {
    const auto case_name = c.first.as<std::string>();
    if (!c.second.IsMap()) throw Error(where(path, c.second, case_name), "expected a map");
    for (const auto& f : c.second) {
      const auto fig = f.first.as<std::string>();
      const std::string ctx = case_name + "." + fig;
      reject_unknown(path, f.second, {"value", "tolerance", "higher_is_better"}, ctx);
      Reference ref;
      ref.value = get<double>(path, f.second, "value", "a number", ctx);
      ref.tolerance = get_or<double>(path, f.second, "tolerance", 0.4, "a number", ctx);
      ref.higher_is_better =
          get_or<bool>(path, f.second, "higher_is_better", true, "true/false", ctx);
      if (!(ref.tolerance >= 0 && ref.tolerance < 1))
        throw Error(where(path, f.second["tolerance"], ctx + ".tolerance"),
                    "must be in [0, 1): a fraction of the reference");
      if (!std::isfinite(ref.value))
        throw Error(where(path, f.second["value"], ctx + ".value"), "must be finite");
      r.cases[case_name][fig] = ref;
    }
  }
  return r;
}

void save_references(const References& refs, const std::string& path) {
  YAML::Emitter out;
  out.SetDoublePrecision(6);
  out << YAML::Comment(
      "Karst benchmark references: median figures of merit with tolerances "
      "(fractions). Written by karst bench --save-references; edit freely.");
  out << YAML::BeginMap << YAML::Key << "system" << YAML::Value << refs.system;
  out << YAML::Key << "cases" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, figs] : refs.cases) {
    out << YAML::Key << name << YAML::Value << YAML::BeginMap;
    for (const auto& [fig, ref] : figs)
      out << YAML::Key << fig << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "value"
          << YAML::Value << ref.value << YAML::Key << "tolerance" << YAML::Value << ref.tolerance
          << YAML::Key << "higher_is_better" << YAML::Value << ref.higher_is_better << YAML::EndMap;
    out << YAML::EndMap;
  }
  out << YAML::EndMap << YAML::EndMap;
  io::write_text_atomically(path, std::string(out.c_str()) + "\n");
}

bool has_reference_for_any(const References& refs, const std::vector<BenchCase>& cases) {
  bool any = false;
  for (const auto& c : cases) {
    const auto it = refs.cases.find(c.name);
    any |= it != refs.cases.end() && !it->second.empty();
  }
  return any;
}

std::map<std::string, Reference> references_from_medians(
    const std::map<std::string, double>& medians,
    const std::map<std::string, bool>& higher_is_better) {
  std::map<std::string, Reference> refs;
  for (const auto& [name, median] : medians) {
    if (is_total(name)) continue;
    const auto h = higher_is_better.find(name);
    refs[name] = {median, 0.4, h == higher_is_better.end() || h->second};
  }
  return refs;
}

std::vector<CheckLine> check_case(const References& refs, const std::string& case_name,
                                  const std::map<std::string, double>& measured) {
  std::vector<CheckLine> lines;
  const auto it = refs.cases.find(case_name);
  if (it == refs.cases.end()) return lines;
  for (const auto& [fig, ref] : it->second) {
    CheckLine l;
    l.case_name = case_name;
    l.figure = fig;
    l.reference = ref.value;
    l.tolerance = ref.tolerance;
    l.higher_is_better = ref.higher_is_better;
    const auto m = measured.find(fig);
    if (m == measured.end()) {
      l.missing = l.regressed = true;
    } else {
      l.measured = m->second;
      l.ratio = ref.value != 0 ? m->second / ref.value : 0.0;
      l.regressed = ref.higher_is_better ? m->second < ref.value * (1.0 - ref.tolerance)
                                         : m->second > ref.value * (1.0 + ref.tolerance);
    }
    lines.push_back(l);
  }
  return lines;
}

nlohmann::json check_section(const std::vector<CheckLine>& lines, const std::string& refs_path) {
  nlohmann::json figures = nlohmann::json::array();
  for (const auto& l : lines)
    figures.push_back({{"figure", l.figure},
                       {"reference", l.reference},
                       {"median", l.measured},
                       {"tolerance", l.tolerance},
                       {"regressed", l.regressed}});
  return {{"references", refs_path}, {"figures", figures}};
}

std::string check_table(const std::vector<CheckLine>& lines, const std::string& refs_path) {
  std::string s = fmt::format("karst bench --check against {}\n", refs_path);
  s += fmt::format("{:<18} {:<34} {:>12} {:>12} {:>7} {:>6}  {}\n", "case", "figure", "reference",
                   "median", "ratio", "tol", "verdict");
  for (const auto& l : lines)
    s += fmt::format("{:<18} {:<34} {:>12.4g} {:>12.4g} {:>7.3f} {:>5.0f}%  {}\n", l.case_name,
                     l.figure, l.reference, l.measured, l.ratio, 100 * l.tolerance,
                     l.missing ? "MISSING" : (l.regressed ? "REGRESSION" : "ok"));
  return s;
}

}  // namespace karst::bench
