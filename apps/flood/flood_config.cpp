#include "apps/flood/flood_config.hpp"

#include "apps/flood/gridded_rain.hpp"
#include "apps/flood/initial_water.hpp"
#include "apps/flood/raster_fields.hpp"
#include "apps/flood/scenario_guizhou.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace karst::flood {

namespace {

// Manning's n of a DEM run without flood.roughness: a natural floodplain (Chow 1959, pasture to
// light brush), documented in docs/flood.md.
constexpr double kDefaultRoughness = 0.04;

std::vector<double> number_list(const YAML::Node& node, const std::string& key) {
  std::vector<double> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence())
    throw Error("flood config: key '" + key + "'", "expected a list of numbers");
  for (size_t k = 0; k < node.size(); ++k) {
    double v;
    if (!node[k].IsScalar() || !YAML::convert<double>::decode(node[k], v) || !std::isfinite(v))
      throw Error(fmt::format("flood config: key '{}[{}]'", key, k), "expected a finite number");
    out.push_back(v);
  }
  return out;
}

TimeSeries series(const apps::Config& c, const std::string& prefix, const TimeSeries& fallback,
                  const char* value_key) {
  const auto times = number_list(c.get_node(prefix + ".times_s"), prefix + ".times_s");
  const auto values = number_list(c.get_node(prefix + "." + value_key), prefix + "." + value_key);
  if (times.empty() && values.empty()) return fallback;
  return TimeSeries{times, values};
}

hydro::EdgeKind edge_kind(const apps::Config& c, const std::string& side,
                          hydro::EdgeKind fallback) {
  const auto v =
      c.get_choice("flood.boundaries." + side,
                   fallback == hydro::EdgeKind::wall ? "wall" : "outflow", {"wall", "outflow"});
  return v == "wall" ? hydro::EdgeKind::wall : hydro::EdgeKind::outflow;
}

// The built-in catchment at `flood.size`, with its storm, river, soils and gauges.
FloodSetup builtin_terrain(const apps::Config& c) {
  return guizhou_karst_scenario(c.get_double_in("flood.size", 1.0, 1.0 / 64, 64.0));
}

// A DEM file and nothing else: dry, no rain, no infiltration, no inflows, no gauges, walls on
// every side; forcing, water and boundaries come only from the user's keys.
FloodSetup dem_terrain(const apps::Config& c) {
  if (c.has("flood.size"))
    throw Error(c.origin() + ": key 'flood.size'",
                "applies to the built-in scenario only; a DEM's grid is its own");
  const auto path = c.get_path("flood.dem.file");
  if (path.empty()) throw Error(c.origin(), "scenario 'dem' needs flood.dem.file");
  DemOptions dem;
  dem.file = path;
  dem.dataset = c.get_string("flood.dem.dataset", "elevation");
  dem.reproject = c.get_string("flood.dem.reproject", "");
  if (c.has("flood.dem.cell_size_m")) {
    if (dem.reproject.empty())
      throw Error(c.origin() + ": key 'flood.dem.cell_size_m'",
                  "applies only with flood.dem.reproject (the DEM's own cells are used)");
    dem.cell_size_m = c.get_double_in("flood.dem.cell_size_m", 0.0, 1e-3, 1e6);
  }
  FloodSetup s;
  apply_dem(s, dem);
  s.initial_depth = constant_field(0.0);
  s.rain_pattern = constant_field(1.0);
  s.roughness = constant_field(kDefaultRoughness);
  s.sources.roughness = fmt::format("uniform {} (default)", kDefaultRoughness);
  s.t_end = 1800.0;
  s.max_dt = 5.0;
  return s;
}

// Manning's n: one value or a raster on the terrain's grid, never both.
void read_roughness(const apps::Config& c, FloodSetup& s) {
  const auto file = c.get_path("flood.roughness_file");
  if (!file.empty() && c.has("flood.roughness"))
    throw Error(c.origin() + ": key 'flood.roughness'",
                "give flood.roughness or flood.roughness_file, not both");
  if (!file.empty()) {
    apply_roughness_file(s, file, c.has("flood.dem.reproject"));
    s.sources.roughness = "file " + file;
  }
  if (c.has("flood.roughness")) {
    const double n = c.get_double_in("flood.roughness", kDefaultRoughness, 0.0, 1.0);
    s.roughness = constant_field(n);
    s.sources.roughness = fmt::format("uniform {}", n);
  }
}

void read_numerics(const apps::Config& c, FloodSetup& s) {
  s.t_end = c.get_double_in("flood.t_end_s", s.t_end, 1e-6, 1e9);
  s.cfl = c.get_double("flood.cfl", s.cfl);
  if (!(s.cfl > 0 && s.cfl <= 1))
    throw Error(c.origin() + ": key 'flood.cfl'", fmt::format("{} is outside (0, 1]", s.cfl));
  s.max_dt = c.get_double_in("flood.max_dt_s", s.max_dt, 1e-6, 3600);
  s.arrival_depth = c.get_double_in("flood.arrival_depth_m", s.arrival_depth, 0.0, 100.0);
  const auto form = c.get_choice("flood.update_form", "auto", {"auto", "fused", "row_sweep"});
  s.update_form = form == "fused"       ? FloodSetup::UpdateForm::fused
                  : form == "row_sweep" ? FloodSetup::UpdateForm::row_sweep
                                        : FloodSetup::UpdateForm::automatic;
  const auto precision = c.get_choice("flood.precision", "fp64", {"fp64", "fp32"});
  s.precision = precision == "fp32" ? FloodSetup::Precision::fp32 : FloodSetup::Precision::fp64;
}

std::string describe_hyetograph(const TimeSeries& rain) {
  const double peak =
      rain.value.empty() ? 0.0 : *std::max_element(rain.value.begin(), rain.value.end());
  return fmt::format("hyetograph of {} step(s), peak {} mm/h", rain.value.size(), peak);
}

// flood.rain.file: rain from a gridded NetCDF file instead of a hyetograph. Its variable must be
// named (no guess), and one rain source only: a file together with times_s/mm_per_h is refused.
bool read_gridded_rain(const apps::Config& c, FloodSetup& s, const std::string& scenario) {
  const auto file = c.get_path("flood.rain.file");
  const auto variable = c.get_string("flood.rain.variable", "");
  const std::string at = c.origin() + ": key ";
  if (file.empty()) {
    if (!variable.empty()) throw Error(at + "'flood.rain.variable'", "needs flood.rain.file");
    return false;
  }
  if (c.has("flood.rain.times_s") || c.has("flood.rain.mm_per_h"))
    throw Error(at + "'flood.rain.file'",
                "and flood.rain.times_s/mm_per_h are two rain sources; give one");
  if (variable.empty())
    throw Error(
        at + "'flood.rain.variable'",
        "is required with flood.rain.file (the rain variable's name; ncdump -h lists them)");
  // The file's rain is the whole storm: the built-in scenario's storm pattern does not scale it.
  if (scenario != "dem") s.rain_pattern = constant_field(1.0);
  apply_gridded_rain(s, file, variable);
  return true;
}

void read_rain(const apps::Config& c, FloodSetup& s, const std::string& scenario) {
  const bool uniform = c.get_bool("flood.rain.uniform", false);
  if (uniform) s.rain_pattern = constant_field(1.0);
  if (read_gridded_rain(c, s, scenario)) return;
  const bool given = c.has("flood.rain.times_s") || c.has("flood.rain.mm_per_h");
  s.rain_mm_per_h = series(c, "flood.rain", s.rain_mm_per_h, "mm_per_h");
  // Only the built-in scenario has a spatial storm pattern (its rain source is not "none").
  if (given)
    s.sources.rain =
        describe_hyetograph(s.rain_mm_per_h) +
        (uniform || s.sources.rain == "none" ? ", uniform" : ", x built-in storm pattern");
  else if (uniform && s.sources.rain != "none")
    s.sources.rain = describe_hyetograph(s.rain_mm_per_h) + " (built-in), uniform";
}

const char* model_name(Infiltration::Model m) {
  return m == Infiltration::Model::horton     ? "horton"
         : m == Infiltration::Model::constant ? "constant"
                                              : "none";
}

// A model the scenario does not have needs its parameters: no hidden rates.
double infiltration_parameter(const apps::Config& c, const std::string& key, double fallback,
                              bool required, double hi) {
  if (required && !c.has(key))
    throw Error(c.origin() + ": key '" + key + "'",
                "is needed by the chosen flood.infiltration.model (it has no default)");
  return c.get_double_in(key, fallback, 0, hi);
}

void read_infiltration(const apps::Config& c, FloodSetup& s) {
  Infiltration& inf = s.infiltration;
  const auto scenario_model = inf.model;
  const auto model = c.get_choice("flood.infiltration.model", model_name(inf.model),
                                  {"none", "constant", "horton"});
  inf.model = model == "none"       ? Infiltration::Model::none
              : model == "constant" ? Infiltration::Model::constant
                                    : Infiltration::Model::horton;
  const bool own = inf.model != scenario_model;
  const bool horton = own && inf.model == Infiltration::Model::horton;
  inf.rate_mm_per_h =
      infiltration_parameter(c, "flood.infiltration.rate_mm_per_h", inf.rate_mm_per_h,
                             own && inf.model != Infiltration::Model::none, 1e4);
  inf.initial_mm_per_h = infiltration_parameter(c, "flood.infiltration.initial_mm_per_h",
                                                inf.initial_mm_per_h, horton, 1e4);
  inf.decay_per_h =
      infiltration_parameter(c, "flood.infiltration.decay_per_h", inf.decay_per_h, horton, 1e3);
  s.sources.infiltration =
      inf.model == Infiltration::Model::none ? "none"
      : inf.model == Infiltration::Model::constant
          ? fmt::format("constant {} mm/h", inf.rate_mm_per_h)
          : fmt::format("horton f0 {} mm/h, fc {} mm/h, k {} /h", inf.initial_mm_per_h,
                        inf.rate_mm_per_h, inf.decay_per_h);
}

MapBox box_entry(const apps::Config& c) {
  const auto v = number_list(c.get_node("flood.initial.box"), "flood.initial.box");
  if (v.size() != 4 || !(v[0] < v[2]) || !(v[1] < v[3]))
    throw Error(c.origin() + ": key 'flood.initial.box'",
                "expected [xmin, ymin, xmax, ymax] with xmin < xmax and ymin < ymax");
  return {v[0], v[1], v[2], v[3]};
}

// At most one of the three ways to put water on the grid at t = 0; without any, the scenario's
// water (none for a DEM).
void read_initial_water(const apps::Config& c, FloodSetup& s) {
  const char* keys[] = {"flood.initial.depth_file", "flood.initial.level_file",
                        "flood.initial.level_m"};
  int given = 0;
  for (const char* k : keys) given += c.has(k);
  if (given > 1)
    throw Error(c.origin() + ": key 'flood.initial'",
                "give one of depth_file, level_file or level_m, not several");
  if (c.has("flood.initial.box") && !c.has("flood.initial.level_m"))
    throw Error(c.origin() + ": key 'flood.initial.box'", "limits flood.initial.level_m only");
  const auto dataset = c.get_string("flood.initial.dataset", "initial");
  if (c.has(keys[0])) {
    const auto file = c.get_path(keys[0]);
    s.initial_depth = raster_on_grid(s, file, dataset, 0.0, 0.0, 1e4);
    s.sources.initial_water = "depth file " + file;
  } else if (c.has(keys[1])) {
    const auto file = c.get_path(keys[1]);
    s.initial_depth = depth_below_level_field(
        s, raster_on_grid(s, file, dataset, -std::numeric_limits<double>::infinity(), -1e5, 1e5));
    s.sources.initial_water = "water level file " + file;
  } else if (c.has(keys[2])) {
    const double level = c.get_double_in(keys[2], 0.0, -1e5, 1e5);
    const bool boxed = c.has("flood.initial.box");
    const MapBox box = boxed ? box_entry(c) : MapBox{};
    s.initial_depth = depth_below_level(s, level, boxed ? &box : nullptr);
    s.sources.initial_water = boxed ? fmt::format("water level {} m in box [{}, {}, {}, {}]", level,
                                                  box.xmin, box.ymin, box.xmax, box.ymax)
                                    : fmt::format("water level {} m", level);
  }
}

void read_boundaries(const apps::Config& c, FloodSetup& s) {
  s.north.kind = edge_kind(c, "north", s.north.kind);
  s.south.kind = edge_kind(c, "south", s.south.kind);
  s.west.kind = edge_kind(c, "west", s.west.kind);
  s.east.kind = edge_kind(c, "east", s.east.kind);
}

Gauge gauge_entry(const YAML::Node& g, size_t k, const std::string& where) {
  if (!g.IsMap() || !g["x"] || !g["y"]) throw Error(where, "needs name, x and y");
  Gauge gauge;
  gauge.name = g["name"] ? g["name"].as<std::string>() : fmt::format("gauge{}", k);
  try {
    gauge.x = g["x"].as<double>();
    gauge.y = g["y"].as<double>();
    if (g["thresholds_m"]) gauge.thresholds_m = g["thresholds_m"].as<std::vector<double>>();
  } catch (const YAML::Exception&) {
    throw Error(where, "x, y and thresholds_m must be numbers");
  }
  for (auto it = g.begin(); it != g.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (key != "name" && key != "x" && key != "y" && key != "thresholds_m")
      throw Error(where, "unknown gauge key '" + key + "'");
  }
  return gauge;
}

// A `flood.gauges` list replaces the scenario's gauges; without one they stay.
void read_gauges(const apps::Config& c, FloodSetup& s) {
  const YAML::Node gauges = c.get_node("flood.gauges");
  if (!gauges.IsDefined() || gauges.IsNull()) return;
  if (!gauges.IsSequence()) throw Error(c.origin() + ": key 'flood.gauges'", "expected a list");
  s.gauges.clear();
  for (size_t k = 0; k < gauges.size(); ++k)
    s.gauges.push_back(
        gauge_entry(gauges[k], k, fmt::format("{}: key 'flood.gauges[{}]'", c.origin(), k)));
}

PointInflow inflow_entry(const YAML::Node& q, size_t k, const std::string& where) {
  if (!q.IsMap() || !q["x"] || !q["y"] || !q["times_s"] || !q["m3_per_s"])
    throw Error(where, "needs name, x, y, times_s and m3_per_s");
  for (auto it = q.begin(); it != q.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (key != "name" && key != "x" && key != "y" && key != "times_s" && key != "m3_per_s")
      throw Error(where, "unknown inflow key '" + key + "'");
  }
  PointInflow inflow;
  inflow.name = q["name"] ? q["name"].as<std::string>() : fmt::format("inflow{}", k);
  try {
    inflow.x = q["x"].as<double>();
    inflow.y = q["y"].as<double>();
  } catch (const YAML::Exception&) {
    throw Error(where, "x and y must be numbers");
  }
  inflow.m3_per_s = {number_list(q["times_s"], where + ".times_s"),
                     number_list(q["m3_per_s"], where + ".m3_per_s")};
  return inflow;
}

// `flood.inflows`: discharge hydrographs at points, added to the scenario's edge inflows.
void read_inflows(const apps::Config& c, FloodSetup& s) {
  const YAML::Node list = c.get_node("flood.inflows");
  if (!list.IsDefined() || list.IsNull()) return;
  if (!list.IsSequence()) throw Error(c.origin() + ": key 'flood.inflows'", "expected a list");
  for (size_t k = 0; k < list.size(); ++k)
    s.inflows.push_back(
        inflow_entry(list[k], k, fmt::format("{}: key 'flood.inflows[{}]'", c.origin(), k)));
  std::string names;
  for (const auto& q : s.inflows) names += (names.empty() ? "" : ", ") + q.name;
  const std::string points = fmt::format("{} point inflow(s): {}", s.inflows.size(), names);
  s.sources.inflows = s.sources.inflows == "none" ? points : s.sources.inflows + "; " + points;
}

FloodOutputOptions output_options(const apps::Config& c) {
  FloodOutputOptions o;
  o.snapshot_interval_s =
      c.get_double_in("flood.output.snapshot_interval_s", o.snapshot_interval_s, 0, 1e9);
  o.gauge_interval_s =
      c.get_double_in("flood.output.gauge_interval_s", o.gauge_interval_s, 1e-3, 1e9);
  o.checkpoint_every_s =
      c.get_double_in("flood.output.checkpoint_every_s", o.checkpoint_every_s, 0, 1e9);
  o.progress_interval_s =
      c.get_double_in("flood.output.progress_interval_s", o.progress_interval_s, 0, 1e6);
  return o;
}

}  // namespace

// The keys are read in a fixed order (the first bad one is the one reported), and only here.
FloodRunConfig parse_flood_config(const apps::Config& c) {
  FloodRunConfig r;
  r.scenario = c.get_choice("flood.scenario", c.has("flood.dem.file") ? "dem" : "guizhou-karst",
                            {"guizhou-karst", "dem"});
  FloodSetup& s = r.setup;
  s = r.scenario == "dem" ? dem_terrain(c) : builtin_terrain(c);
  read_roughness(c, s);
  read_initial_water(c, s);
  read_numerics(c, s);
  read_rain(c, s, r.scenario);
  read_infiltration(c, s);
  read_boundaries(c, s);
  read_gauges(c, s);
  read_inflows(c, s);
  r.output = output_options(c);
  r.restart_file = c.get_path("flood.restart");
  r.gpu_aware_mpi = c.get_bool("flood.gpu_aware_mpi", false);
  c.reject_unknown("flood");
  s.validate();
  return r;
}

}  // namespace karst::flood
