#pragma once
//! When the time loop writes what: gauge samples, snapshots (output frames of h, hu, hv) and
//! checkpoints. Each is due on the first step that reaches the next multiple of its interval, so
//! outputs never shorten a time step and a restarted run retraces the same steps exactly. The
//! outputs written so far (the gauge series, the list of snapshots) travel in every checkpoint,
//! so a continued run ends with the same outputs as an uninterrupted one.

#include "apps/flood/flood_config.hpp"
#include "apps/flood/flood_outputs.hpp"
#include "bench/profile.hpp"

#include <string>
#include <utility>
#include <vector>

namespace karst::flood {

class OutputSchedule {
 public:
  using Snapshots = std::vector<std::pair<double, std::string>>;  //!< (time, file) of each

  OutputSchedule(const FloodOutputOptions& options, std::string out_dir, bench::Profile& profile);

  //! Collective: the outputs at t = 0 of a new run (a gauge sample and the first snapshot).
  void start(const FloodModel& model);
  //! Collective: restores the model and the outputs so far from a checkpoint.
  void resume(FloodModel& model, const std::string& checkpoint);
  //! Collective, after every step: writes the outputs that are due. True when it wrote a
  //! checkpoint.
  bool after_step(const FloodModel& model);
  //! Collective: writes `<out_dir>/checkpoint.h5` now and returns its path.
  std::string save_checkpoint(const FloodModel& model);
  //! Collective: the last snapshot, unless one was taken at the model's time already.
  void finish(const FloodModel& model);

  const GaugeSeries& series() const { return series_; }
  const Snapshots& snapshots() const { return snapshots_; }

 private:
  void sample_gauges(const FloodModel& model);
  void take_snapshot(const FloodModel& model);
  void schedule_from(double t);

  FloodOutputOptions options_;
  std::string out_dir_;
  bench::Profile& profile_;
  GaugeSeries series_;
  Snapshots snapshots_;
  double next_gauge_ = 0.0, next_snapshot_ = 0.0, next_checkpoint_ = 0.0;
};

}  // namespace karst::flood
