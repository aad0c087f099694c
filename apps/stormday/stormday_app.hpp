#pragma once
//! `karst stormday`: one coupled run from satellite images to flood warnings to rerouted produce
//! trucks over one county (docs/stormday.md). Stage 1 fuses today's image and maps land cover to
//! roughness and infiltration; stage 2 runs the storm over that land and closes flooded roads;
//! stage 3 reroutes the trucks leaving during the storm and finds the villages cut off. The stages
//! hand over HDF5 files, so any of them can be replaced by data from elsewhere. Output:
//! stormday.json (every figure), stormday.html (the report) and the run record.

#include "apps/common/workload.hpp"

namespace karst::stormday {

apps::WorkloadRun run_stormday(const apps::Config& config, const apps::RunEnv& env);

}  // namespace karst::stormday
