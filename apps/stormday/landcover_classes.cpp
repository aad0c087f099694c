#include "apps/stormday/landcover_classes.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace karst::stormday {

namespace {

const std::vector<std::string> kFields = {"name",
                                          "ndvi_min",
                                          "ndvi_max",
                                          "brightness_min",
                                          "brightness_max",
                                          "manning",
                                          "infiltration_mm_per_h",
                                          "colour"};

bool is_colour(const std::string& c) {
  return c.size() == 7 && c[0] == '#' &&
         std::all_of(c.begin() + 1, c.end(), [](char ch) { return std::isxdigit(ch) != 0; });
}

//! `<origin>[:line]: key '<key>'`, as apps::Config words its own errors.
std::string where_in(const apps::Config& c, const std::string& key, const YAML::Node& node) {
  const auto mark = node.Mark();
  if (mark.line >= 0 && c.origin() != "defaults")
    return fmt::format("{}:{}: key '{}'", c.origin(), mark.line + 1, key);
  return fmt::format("{}: key '{}'", c.origin(), key);
}

double number_field(const apps::Config& c, const YAML::Node& entry, const std::string& field,
                    const std::string& key, double fallback, bool required) {
  const YAML::Node v = entry[field];
  if (!v) {
    if (required) throw Error(where_in(c, key, entry), fmt::format("needs '{}'", field));
    return fallback;
  }
  const std::string at = where_in(c, key + "." + field, v);
  double x = 0;
  try {
    x = v.as<double>();
  } catch (const YAML::Exception&) {
    throw Error(at,
                "expected a number, got '" + (v.IsScalar() ? v.Scalar() : "a list or map") + "'");
  }
  if (!std::isfinite(x)) throw Error(at, "must be a finite number");
  return x;
}

// One row of the class table, `at` its key ("stormday.landcover.classes[2]").
LandClass parse_class(const apps::Config& c, const YAML::Node& e, const std::string& at) {
  if (!e.IsMap()) throw Error(where_in(c, at, e), "expected a map {name: ..., manning: ...}");
  for (auto it = e.begin(); it != e.end(); ++it) {
    const auto field = it->first.as<std::string>();
    if (std::find(kFields.begin(), kFields.end(), field) == kFields.end())
      throw Error(where_in(c, at + "." + field, it->first),
                  fmt::format("unknown field (known: {})", fmt::join(kFields, ", ")));
  }
  LandClass lc;
  if (!e["name"]) throw Error(where_in(c, at, e), "needs 'name'");
  try {
    lc.name = e["name"].as<std::string>();
  } catch (const YAML::Exception&) {
    throw Error(where_in(c, at + ".name", e["name"]), "expected a text value");
  }
  lc.ndvi_min = number_field(c, e, "ndvi_min", at, lc.ndvi_min, false);
  lc.ndvi_max = number_field(c, e, "ndvi_max", at, lc.ndvi_max, false);
  lc.brightness_min = number_field(c, e, "brightness_min", at, lc.brightness_min, false);
  lc.brightness_max = number_field(c, e, "brightness_max", at, lc.brightness_max, false);
  lc.manning = number_field(c, e, "manning", at, 0.0, true);
  lc.infiltration_mm_per_h = number_field(c, e, "infiltration_mm_per_h", at, 0.0, true);
  if (e["colour"]) {
    try {
      lc.colour = e["colour"].as<std::string>();
    } catch (const YAML::Exception&) {
      throw Error(where_in(c, at + ".colour", e["colour"]), "expected \"#rrggbb\"");
    }
  }
  return lc;
}

}  // namespace

int ClassTable::classify(double ndvi, double brightness) const {
  const auto t = kernel_table();
  return fusion::classify_pixel(t, ndvi, brightness);
}

int ClassTable::index_of(const std::string& name) const {
  for (size_t k = 0; k < classes.size(); ++k)
    if (classes[k].name == name) return int(k);
  return -1;
}

fusion::LandCoverTable ClassTable::kernel_table() const {
  if (classes.empty() || classes.size() > size_t(fusion::kMaxLandClasses))
    throw Error("stormday.landcover.classes", fmt::format("needs 1 to {} classes, has {}",
                                                          fusion::kMaxLandClasses, classes.size()));
  fusion::LandCoverTable t;
  t.count = int(classes.size());
  t.fallback = fallback;
  for (size_t k = 0; k < classes.size(); ++k) {
    const auto& c = classes[k];
    t.rule[k] = {c.ndvi_min,       c.ndvi_max, c.brightness_min,
                 c.brightness_max, c.manning,  c.infiltration_mm_per_h};
  }
  return t;
}

nlohmann::json ClassTable::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& c : classes)
    rows.push_back({{"name", c.name},
                    {"ndvi_min", c.ndvi_min},
                    {"ndvi_max", c.ndvi_max},
                    {"brightness_min", c.brightness_min},
                    {"brightness_max", c.brightness_max},
                    {"manning", c.manning},
                    {"infiltration_mm_per_h", c.infiltration_mm_per_h},
                    {"colour", c.colour}});
  return {{"fallback", classes.at(size_t(fallback)).name}, {"classes", rows}};
}

ClassTable default_class_table() {
  // Thresholds sit between the spectra of the county's surfaces (apps/stormday/county_imagery.cpp
  // and docs/stormday-landcover.md): open water reflects less NIR than red (NDVI < 0); bare
  // limestone and roofs/roads both have NDVI 0.1-0.2 but limestone is twice as bright; forest
  // canopy is greener (NDVI ~0.8) and darker in the visible than crops at any stage. Manning's n
  // follows the flood scenario's own zones (channel 0.030, streets 0.015, fields 0.045, forest
  // 0.090; Chow 1959); infiltration is a Horton final rate: none on water, little on sealed
  // town ground, the flood scenario's 4 mm/h on thin field soils, more through fissured rock,
  // most under forest litter.
  ClassTable t;
  t.classes = {
      {"water", -1.0, 0.35, 0.0, 0.07, 0.030, 0.0, "#2b6cb0"},
      {"bare_karst", -1.0, 0.3, 0.15, 1.0, 0.035, 6.0, "#c8c2b4"},
      {"built_up", -1.0, 0.3, 0.07, 0.15, 0.015, 1.0, "#d9534f"},
      {"forest", 0.6, 1.0, 0.0, 0.06, 0.090, 10.0, "#1b5e20"},
      {"cropland", 0.3, 1.0, 0.0, 1.0, 0.045, 4.0, "#9ccc65"},
  };
  t.fallback = t.index_of("cropland");
  return t;
}

void validate(const ClassTable& table, const std::string& prefix, const std::string& origin) {
  // "<origin>: key '<prefix><suffix>'", or the bare key without an origin.
  auto key = [&](const std::string& suffix) {
    return origin.empty() ? prefix + suffix : fmt::format("{}: key '{}{}'", origin, prefix, suffix);
  };
  if (table.classes.empty()) throw Error(key(".classes"), "the class table is empty");
  if (table.classes.size() > size_t(fusion::kMaxLandClasses))
    throw Error(key(".classes"), fmt::format("{} classes; at most {}", table.classes.size(),
                                             fusion::kMaxLandClasses));
  std::set<std::string> names;
  for (size_t k = 0; k < table.classes.size(); ++k) {
    const auto& c = table.classes[k];
    const std::string at = fmt::format(".classes[{}]", k);
    if (c.name.empty()) throw Error(key(at + ".name"), "is empty");
    if (!names.insert(c.name).second)
      throw Error(key(at + ".name"), "'" + c.name + "' names an earlier class too");
    auto range = [&](const char* lo_name, double lo, const char* hi_name, double hi) {
      if (!std::isfinite(lo) || !std::isfinite(hi))
        throw Error(key(at), fmt::format("{} and {} must be finite", lo_name, hi_name));
      if (lo > hi)
        throw Error(key(at + "." + lo_name),
                    fmt::format("{} > {} ({}): the range is empty", lo, hi_name, hi));
    };
    range("ndvi_min", c.ndvi_min, "ndvi_max", c.ndvi_max);
    range("brightness_min", c.brightness_min, "brightness_max", c.brightness_max);
    if (c.ndvi_min < -1.0 || c.ndvi_max > 1.0)
      throw Error(key(at + (c.ndvi_min < -1.0 ? ".ndvi_min" : ".ndvi_max")),
                  "NDVI lies in [-1, 1]");
    if (c.brightness_min < 0.0)
      throw Error(key(at + ".brightness_min"), "is negative: brightness is a mean reflectance");
    if (!(c.manning >= 0.0 && c.manning < 1.0))
      throw Error(key(at + ".manning"),
                  fmt::format("Manning's n {} is outside [0, 1) s/m^(1/3)", c.manning));
    if (!(c.infiltration_mm_per_h >= 0.0 && std::isfinite(c.infiltration_mm_per_h)))
      throw Error(key(at + ".infiltration_mm_per_h"),
                  fmt::format("{} is not a rate >= 0 mm/h", c.infiltration_mm_per_h));
    if (!is_colour(c.colour))
      throw Error(key(at + ".colour"), "'" + c.colour + "' is not a colour \"#rrggbb\"");
  }
  if (table.fallback < 0 || table.fallback >= int(table.classes.size()))
    throw Error(key(".fallback"), "names no class of the table");
}

ClassTable parse_class_table(const apps::Config& c, const std::string& prefix) {
  ClassTable t = default_class_table();
  const std::string key = prefix + ".classes";
  const YAML::Node list = c.get_node(key);
  if (list.IsDefined() && !list.IsNull()) {
    if (!list.IsSequence() || list.size() == 0)
      throw Error(where_in(c, key, list),
                  "expected a list of classes {name, ndvi_min, ndvi_max, brightness_min, "
                  "brightness_max, manning, infiltration_mm_per_h, colour}");
    t.classes.clear();
    for (size_t k = 0; k < list.size(); ++k)
      t.classes.push_back(parse_class(c, list[k], fmt::format("{}[{}]", key, k)));
  }
  // The fallback must be a class of the table actually in use, so it is read after it.
  const std::string default_fallback =
      t.index_of("cropland") >= 0 ? "cropland" : t.classes.front().name;
  const std::string fallback = c.get_string(prefix + ".fallback", default_fallback);
  t.fallback = t.index_of(fallback);
  if (t.fallback < 0)
    throw Error(fmt::format("{}: key '{}.fallback'", c.origin(), prefix),
                "'" + fallback + "' is not a class of the table");
  validate(t, prefix, c.origin());
  return t;
}

}  // namespace karst::stormday
