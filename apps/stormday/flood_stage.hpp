#pragma once
//! Stage 2 of `karst stormday`: the storm over the county. The flood workload's `guizhou-karst`
//! catchment at the county's size runs with the land-cover stage's roughness and infiltration
//! maps, a storm scaled by `stormday.storm.rain_scale` (the river's flood wave with it), for
//! `stormday.storm.duration_s`. Its usual outputs (maps, gauges, warnings) land in the stage's
//! directory; along the way every road segment's hazard is recorded per window, closures follow
//! from it (closure_rule.hpp) and both are written to `road_hazard.h5`.

#include "apps/common/config.hpp"
#include "apps/common/workload.hpp"
#include "apps/flood/flood_app.hpp"
#include "apps/stormday/closure_rule.hpp"
#include "apps/stormday/closures.hpp"
#include "apps/stormday/county.hpp"
#include "apps/stormday/road_hazard.hpp"
#include "bench/profile.hpp"

#include <string>

namespace karst::stormday {

struct FloodStageConfig {
  //! Multiplies the storm: the hyetograph and the river's flood wave above its base flow
  //! (inflow(t) = base + rain_scale (wave(t) - base)). 0 is dry weather.
  double rain_scale = 1.0;
  double duration_s = 3 * 3600.0;  //!< simulated time, s
  double window_s = 60.0;          //!< hazard window, s
  ClosureRule closure;
  bool gpu_aware_mpi = false;
  flood::FloodOutputOptions output;  //!< snapshots, gauge sampling, progress lines
};

//! Reads the keys under `stormday.storm.`, `stormday.flood.` and `stormday.closure.`. Unknown
//! keys are rejected once for the whole section, by parse_stormday_config (stormday_config.hpp).
FloodStageConfig parse_flood_stage_config(const apps::Config& config);

struct FloodStageResult {
  SegmentClosures closures;      //!< per segment (County::segments order)
  RoadHazard hazard;             //!< the windowed maxima behind them
  flood::FloodRunResult flood;   //!< warnings, max depth, mass budget, cell updates, wall time
  std::string maps_file;         //!< `<out_dir>/maps.h5`: dataset `max_depth` is the max-depth map
  std::string road_hazard_file;  //!< `<out_dir>/road_hazard.h5`
};

//! The flood setup the stage runs: the scenario at the county's size with the land cover's
//! maps, the storm scaled and the duration set. Throws karst::Error if the county's grid is not
//! the scenario's or landcover.h5 does not lie on it.
flood::FloodSetup flood_stage_setup(const County& county, const std::string& landcover_h5,
                                    const FloodStageConfig& config);

//! Collective over env.comm; env.out_dir is the stage's directory (it exists).
FloodStageResult run_flood_stage(const County& county, const std::string& landcover_h5,
                                 const FloodStageConfig& config, const apps::RunEnv& env,
                                 bench::Profile& profile);

}  // namespace karst::stormday
