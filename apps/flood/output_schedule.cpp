#include "apps/flood/output_schedule.hpp"

#include <cmath>

namespace karst::flood {

namespace {

// The next multiple of `interval` strictly after t. Outputs fire on the first step that reaches
// it, so they never shorten a time step and a restarted run retraces the same steps exactly.
double next_after(double t, double interval) {
  return interval > 0 ? (std::floor(t / interval + 1e-9) + 1) * interval : 1e300;
}

nlohmann::json series_json(const GaugeSeries& s) {
  return {{"time", s.time}, {"depth", s.depth}};
}

}  // namespace

OutputSchedule::OutputSchedule(const FloodOutputOptions& options, std::string out_dir,
                               bench::Profile& profile)
    : options_(options), out_dir_(std::move(out_dir)), profile_(profile) {}

void OutputSchedule::start(const FloodModel& model) {
  sample_gauges(model);
  if (options_.snapshot_interval_s > 0) take_snapshot(model);
  schedule_from(model.time());
}

void OutputSchedule::resume(FloodModel& model, const std::string& checkpoint) {
  {
    auto r = profile_.region("io::restart");
    const auto runner = read_checkpoint(model, checkpoint);
    series_.time = runner.at("series").at("time").get<std::vector<double>>();
    series_.depth = runner.at("series").at("depth").get<std::vector<std::vector<double>>>();
    for (const auto& s : runner.at("snapshots"))
      snapshots_.emplace_back(s.at(0).get<double>(), s.at(1).get<std::string>());
  }
  schedule_from(model.time());
}

// Every hydrograph ends with a sample at t_end, whatever the interval. No checkpoint at t_end:
// there is nothing left to continue.
bool OutputSchedule::after_step(const FloodModel& model) {
  const double t = model.time();
  if (t >= next_gauge_ || model.done()) {
    sample_gauges(model);
    next_gauge_ = next_after(t, options_.gauge_interval_s);
  }
  if (t >= next_snapshot_) {
    take_snapshot(model);
    next_snapshot_ = next_after(t, options_.snapshot_interval_s);
  }
  if (t >= next_checkpoint_ && !model.done()) {
    save_checkpoint(model);
    next_checkpoint_ = next_after(t, options_.checkpoint_every_s);
    return true;
  }
  return false;
}

std::string OutputSchedule::save_checkpoint(const FloodModel& model) {
  const std::string file = out_dir_ + "/checkpoint.h5";
  auto r = profile_.region("io::checkpoint");
  write_checkpoint(model, file, {{"series", series_json(series_)}, {"snapshots", snapshots_}});
  return file;
}

void OutputSchedule::finish(const FloodModel& model) {
  if (options_.snapshot_interval_s > 0 &&
      (snapshots_.empty() || snapshots_.back().first < model.time()))
    take_snapshot(model);
}

void OutputSchedule::sample_gauges(const FloodModel& model) {
  if (model.setup().gauges.empty()) return;
  series_.time.push_back(model.time());
  series_.depth.push_back(model.gauge_depths());
}

void OutputSchedule::take_snapshot(const FloodModel& model) {
  auto r = profile_.region("io::snapshot");
  snapshots_.emplace_back(model.time(),
                          write_snapshot(model, out_dir_, static_cast<int>(snapshots_.size())));
}

void OutputSchedule::schedule_from(double t) {
  next_gauge_ = next_after(t, options_.gauge_interval_s);
  next_snapshot_ = next_after(t, options_.snapshot_interval_s);
  next_checkpoint_ = next_after(t, options_.checkpoint_every_s);
}

}  // namespace karst::flood
