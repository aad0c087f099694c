#pragma once
//! Reading the harness's YAML files (suites, systems, references) with errors that name the
//! file, line and field: "bench/suites/quick.yaml:7: cases[2].repetitions: expected an integer".

#include "base/error.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <string>

namespace karst::bench::yaml_fields {

inline YAML::Node load_file(const std::string& path) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(path, "cannot be read (does it exist?)");
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("{}:{}:{}", path, e.mark.line + 1, e.mark.column + 1), e.msg);
  }
}

inline std::string where(const std::string& path, const YAML::Node& n, const std::string& field) {
  return n.Mark().is_null() ? fmt::format("{}: {}", path, field)
                            : fmt::format("{}:{}: {}", path, n.Mark().line + 1, field);
}

//! `context` (e.g. "cases[2]") prefixes the field in messages.
template <class T>
T get(const std::string& path, const YAML::Node& parent, const std::string& field,
      const char* expected, const std::string& context = "") {
  const std::string name = context.empty() ? field : context + "." + field;
  const YAML::Node n = parent[field];
  if (!n) throw Error(where(path, parent, name), "missing required field");
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    throw Error(where(path, n, name), fmt::format("expected {}", expected));
  }
}

template <class T>
T get_or(const std::string& path, const YAML::Node& parent, const std::string& field, T fallback,
         const char* expected, const std::string& context = "") {
  return parent[field] ? get<T>(path, parent, field, expected, context) : fallback;
}

//! Every key of a map must be one of `known`: a misspelt field is an error, not ignored.
inline void reject_unknown(const std::string& path, const YAML::Node& map,
                           std::initializer_list<const char*> known, const std::string& context) {
  if (!map.IsMap()) throw Error(where(path, map, context), "expected a map");
  for (const auto& kv : map) {
    const auto key = kv.first.as<std::string>();
    bool ok = false;
    for (const char* k : known) ok |= key == k;
    if (!ok)
      throw Error(where(path, kv.first, context.empty() ? key : context + "." + key),
                  "unknown field");
  }
}

}  // namespace karst::bench::yaml_fields
