#pragma once
//! `karst flood` configuration: the keys under `flood.` (docs/user-guide.md lists them all),
//! turned into a FloodSetup plus the run's output and restart options.

#include "apps/common/config.hpp"
#include "apps/flood/flood_setup.hpp"

#include <string>

namespace karst::flood {

struct FloodOutputOptions {
  double snapshot_interval_s = 600.0;  //!< 0: no snapshots
  double gauge_interval_s = 30.0;
  double checkpoint_every_s = 0.0;   //!< simulated seconds; 0: no checkpoints
  double progress_interval_s = 5.0;  //!< wall seconds between progress lines
};

struct FloodRunConfig {
  FloodSetup setup;
  FloodOutputOptions output;
  std::string scenario;
  std::string restart_file;  //!< continue from this checkpoint
  bool gpu_aware_mpi = false;
};

//! Reads and validates every flood key; unknown keys under `flood.` are errors.
FloodRunConfig parse_flood_config(const apps::Config& config);

}  // namespace karst::flood
