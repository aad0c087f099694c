#include "apps/flood/flood_config.hpp"

#include "apps/flood/raster_fields.hpp"
#include "apps/flood/scenario_guizhou.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace karst::flood {

namespace {

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

// The scenario's terrain: the synthetic Guizhou catchment at `flood.size`, or a DEM file with
// plain walls and an open east edge; then Manning's n from a raster or one constant.
FloodSetup terrain(const apps::Config& c, const std::string& scenario) {
  const double size = c.get_double_in("flood.size", 1.0, 1.0 / 64, 64.0);
  FloodSetup s = guizhou_karst_scenario(size);
  DemOptions dem;
  if (scenario == "dem") {
    const auto path = c.get_string("flood.dem.file", "");
    if (path.empty()) throw Error(c.origin(), "scenario 'dem' needs flood.dem.file");
    dem.file = path;
    dem.dataset = c.get_string("flood.dem.dataset", "elevation");
    dem.reproject = c.get_string("flood.dem.reproject", "");
    if (c.has("flood.dem.cell_size_m")) {
      if (dem.reproject.empty())
        throw Error(c.origin() + ": key 'flood.dem.cell_size_m'",
                    "applies only with flood.dem.reproject (the DEM's own cells are used)");
      dem.cell_size_m = c.get_double_in("flood.dem.cell_size_m", 0.0, 1e-3, 1e6);
    }
    apply_dem(s, dem);
    s.gauges.clear();
    s.west = s.north = s.south = EdgeSpec{};
    s.east.kind = hydro::EdgeKind::outflow;
  }
  const auto roughness_file = c.get_string("flood.roughness_file", "");
  if (!roughness_file.empty()) apply_roughness_file(s, roughness_file, !dem.reproject.empty());
  if (c.has("flood.roughness"))
    s.roughness = constant_field(c.get_double_in("flood.roughness", 0.04, 0.0, 1.0));
  return s;
}

void read_numerics(const apps::Config& c, FloodSetup& s) {
  s.t_end = c.get_double_in("flood.t_end_s", s.t_end, 1e-6, 1e9);
  s.cfl = c.get_double("flood.cfl", s.cfl);
  if (!(s.cfl > 0 && s.cfl <= 1))
    throw Error(c.origin() + ": key 'flood.cfl'", fmt::format("{} is outside (0, 1]", s.cfl));
  s.max_dt = c.get_double_in("flood.max_dt_s", s.max_dt, 1e-6, 3600);
  s.arrival_depth = c.get_double_in("flood.arrival_depth_m", s.arrival_depth, 0.0, 100.0);
}

void read_rain(const apps::Config& c, FloodSetup& s) {
  s.rain_mm_per_h = series(c, "flood.rain", s.rain_mm_per_h, "mm_per_h");
  if (c.has("flood.rain.uniform") && c.get_bool("flood.rain.uniform", false))
    s.rain_pattern = constant_field(1.0);
}

void read_infiltration(const apps::Config& c, Infiltration& inf) {
  const auto model = c.get_choice("flood.infiltration.model",
                                  inf.model == Infiltration::Model::horton     ? "horton"
                                  : inf.model == Infiltration::Model::constant ? "constant"
                                                                               : "none",
                                  {"none", "constant", "horton"});
  inf.model = model == "none"       ? Infiltration::Model::none
              : model == "constant" ? Infiltration::Model::constant
                                    : Infiltration::Model::horton;
  inf.rate_mm_per_h =
      c.get_double_in("flood.infiltration.rate_mm_per_h", inf.rate_mm_per_h, 0, 1e4);
  inf.initial_mm_per_h =
      c.get_double_in("flood.infiltration.initial_mm_per_h", inf.initial_mm_per_h, 0, 1e4);
  inf.decay_per_h = c.get_double_in("flood.infiltration.decay_per_h", inf.decay_per_h, 0, 1e3);
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
  s = terrain(c, r.scenario);
  read_numerics(c, s);
  read_rain(c, s);
  read_infiltration(c, s.infiltration);
  read_boundaries(c, s);
  read_gauges(c, s);
  r.output = output_options(c);
  r.restart_file = c.get_string("flood.restart", "");
  r.gpu_aware_mpi = c.get_bool("flood.gpu_aware_mpi", false);
  c.reject_unknown("flood");
  s.validate();
  return r;
}

}  // namespace karst::flood
