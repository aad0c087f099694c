#include "apps/stormday/flood_stage.hpp"

#include "apps/flood/scenario_guizhou.hpp"
#include "apps/stormday/landcover_input.hpp"
#include "apps/stormday/river_channel.hpp"
#include "apps/stormday/road_hazard_file.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace karst::stormday {

namespace {

bool near(double a, double b, double scale) {
  return std::fabs(a - b) <= 1e-9 * scale;
}

void check_county_grid(const County& county, const flood::FloodSetup& s) {
  const auto& g = county.grid;
  if (g.ny != s.ny || g.nx != s.nx || !near(g.dx, s.dx, s.dx) || !near(g.x0, s.x0, s.dx) ||
      !near(g.y0, s.y0, s.dx))
    throw Error(
        "stormday: county '" + county.name + "'",
        fmt::format("its grid ({}x{} cells of {} m, north-west corner ({}, {})) is not the "
                    "flood's at size {} ({}x{} cells of {} m, north-west corner ({}, {}))",
                    g.ny, g.nx, g.dx, g.x0, g.y0, county.size, s.ny, s.nx, s.dx, s.x0, s.y0));
}

// The scenario's flood wave is written for a 30-minute run and ends on its falling limb: the last
// value would hold for the rest of a storm day and keep the valley roads under water for hours.
// A storm day lets the river recede to its base flow over the following 50 minutes.
void complete_recession(flood::TimeSeries& q) {
  const double base = q.value.front(), last = q.value.back(), t = q.time.back();
  const double share[] = {0.6, 0.3, 0.15, 0.05, 0.0};
  for (int k = 0; k < 5; ++k) {
    q.time.push_back(t + 600.0 * (k + 1));
    q.value.push_back(base + share[k] * (last - base));
  }
}

// The storm scaled: rain by rain_scale, and the river's wave above its base flow by the same
// factor, so that rain_scale = 0 is a dry day on which the river only carries its base flow.
void scale_storm(flood::FloodSetup& s, double rain_scale) {
  for (auto& v : s.rain_mm_per_h.value) v *= rain_scale;
  auto& q = s.west.inflow_m3_per_s;
  if (q.value.empty()) return;
  const double base = q.value.front();
  for (auto& v : q.value) v = base + rain_scale * (v - base);
}

}  // namespace

FloodStageConfig parse_flood_stage_config(const apps::Config& c) {
  FloodStageConfig r;
  r.rain_scale = c.get_double_in("stormday.storm.rain_scale", r.rain_scale, 0.0, 10.0);
  r.duration_s = c.get_double_in("stormday.storm.duration_s", r.duration_s, 60.0, 7 * 86400.0);
  r.window_s = c.get_double_in("stormday.flood.window_s", r.window_s, 1.0, 86400.0);
  r.gpu_aware_mpi = c.get_bool("stormday.flood.gpu_aware_mpi", r.gpu_aware_mpi);
  r.output.snapshot_interval_s =
      c.get_double_in("stormday.flood.snapshot_interval_s", 1800.0, 0.0, 1e9);
  r.output.gauge_interval_s =
      c.get_double_in("stormday.flood.gauge_interval_s", r.output.gauge_interval_s, 1e-3, 1e9);
  r.output.progress_interval_s =
      c.get_double_in("stormday.flood.progress_interval_s", r.output.progress_interval_s, 0.0, 1e6);
  r.closure.depth_m = c.get_double_in("stormday.closure.depth_m", r.closure.depth_m, 0.0, 100.0);
  r.closure.hazard_rating =
      c.get_double_in("stormday.closure.hazard_rating", r.closure.hazard_rating, 0.0, 100.0);
  return r;
}

flood::FloodSetup flood_stage_setup(const County& county, const std::string& landcover_h5,
                                    const FloodStageConfig& config) {
  flood::FloodSetup s = flood::guizhou_karst_scenario(county.size);
  s.name = "stormday-" + county.name;
  check_county_grid(county, s);
  for (const char* dataset : {"manning", "infiltration_mm_per_h"})
    check_landcover_grid(landcover_h5, dataset, s);
  const auto bad = [landcover_h5](const char* dataset, double v, long long i, long long j,
                                  const char* range) {
    return Error(fmt::format("{}: dataset '{}'", landcover_h5, dataset),
                 fmt::format("cell (row {}, column {}) holds {}, outside {}", i, j, v, range));
  };
  s.roughness = landcover_filler(landcover_h5, "manning", s.ny, s.nx,
                                 [bad](double v, long long i, long long j) {
                                   if (!(v >= 0.0 && v < 1.0))
                                     throw bad("manning", v, i, j, "[0, 1)");
                                   return v;
                                 });
  // The land cover gives each cell its own final (saturated) rate; the scenario's Horton curve
  // keeps its shape, scaled per cell so that it ends at that rate.
  const double fc = s.infiltration.rate_mm_per_h;
  if (s.infiltration.model != flood::Infiltration::Model::horton || !(fc > 0))
    throw Error("stormday",
                "the flood scenario no longer uses Horton infiltration with a "
                "positive final rate; infiltration_mm_per_h cannot scale it");
  s.infiltration_pattern =
      landcover_filler(landcover_h5, "infiltration_mm_per_h", s.ny, s.nx,
                       [bad, fc](double v, long long i, long long j) {
                         if (!(v >= 0.0 && v <= 1e4))
                           throw bad("infiltration_mm_per_h", v, i, j, "[0, 10000] mm/h");
                         return v / fc;
                       });
  condition_river_channel(s);
  complete_recession(s.west.inflow_m3_per_s);
  scale_storm(s, config.rain_scale);
  s.t_end = config.duration_s;
  s.validate();
  return s;
}

FloodStageResult run_flood_stage(const County& county, const std::string& landcover_h5,
                                 const FloodStageConfig& config, const apps::RunEnv& env,
                                 bench::Profile& profile) {
  flood::FloodRunConfig run;
  run.setup = flood_stage_setup(county, landcover_h5, config);
  run.output = config.output;
  run.scenario = "stormday";
  run.gpu_aware_mpi = config.gpu_aware_mpi;

  RoadHazardRecorder recorder(county, config.window_s, profile);
  flood::FloodObserver observer;
  observer.started = [&recorder](const flood::FloodModel& m) { recorder.start(m); };
  observer.stepped = [&recorder](const flood::FloodModel& m) { recorder.after_step(m); };

  FloodStageResult r;
  r.flood = flood::simulate_flood(run, env, profile, false, observer);
  r.hazard = recorder.finish(run.setup.t_end);
  r.closures = closures_from_hazard(r.hazard, config.closure);
  r.maps_file = env.out_dir + "/maps.h5";
  r.road_hazard_file = env.out_dir + "/road_hazard.h5";
  {
    auto region = profile.region("io::road_hazard");
    write_road_hazard(r.road_hazard_file, r.hazard, r.closures,
                      {config.closure, config.rain_scale, config.duration_s}, env.comm);
  }
  return r;
}

}  // namespace karst::stormday
