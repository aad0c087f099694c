#include "apps/flood/flood_app.hpp"

#include "apps/common/memory_check.hpp"
#include "apps/common/preemption.hpp"
#include "apps/flood/flood_maps.hpp"
#include "apps/flood/output_schedule.hpp"
#include "base/atomic_file.hpp"
#include "bench/phase_clock.hpp"
#include "bench/workload_record.hpp"
#include "kernels/hydro/wave_speed.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace karst::flood {

namespace {

double grid_cells(const FloodModel& model) {
  return double(model.setup().ny) * model.setup().nx;
}

std::string eta_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  return s >= 60 ? fmt::format("{}m{:02d}s", s / 60, s % 60) : fmt::format("{}s", s);
}

// Rank 0's line on stderr, at most one per `interval_s` of wall time: where the simulation is,
// how fast it goes and when it will be done.
class ProgressLine {
 public:
  ProgressLine(const FloodModel& model, double interval_s, bool shown)
      : start_(bench::Clock::now()),
        t_start_(model.time()),
        steps_start_(model.steps()),
        interval_s_(interval_s),
        shown_(shown && interval_s > 0) {}

  void update(const FloodModel& model) {
    if (!shown_) return;
    const double wall = bench::seconds_since(start_);
    if (wall - last_s_ < interval_s_) return;
    std::cerr << text(model, wall);
    last_s_ = wall;
  }

 private:
  std::string text(const FloodModel& model, double wall) const {
    const double t = model.time(), t_end = model.setup().t_end;
    const double frac = (t - t_start_) / (t_end - t_start_);
    const double rate =
        bench::per_second(double(model.steps() - steps_start_) * grid_cells(model), wall);
    return fmt::format(
        "flood: t = {:.0f} / {:.0f} s ({:.0f}%), step {}, dt {:.3f} s, {:.1f} Mcell/s, ETA {}\n", t,
        t_end, 100 * t / t_end, model.steps(), model.last_dt(), rate * 1e-6,
        eta_text(wall * (1 - frac) / std::max(frac, 1e-9)));
  }

  bench::Clock::time_point start_;
  double t_start_;
  long long steps_start_;
  double interval_s_;
  bool shown_;
  double last_s_ = 0.0;  //!< wall seconds since start_ at the last line
};

// SIGUSR1 (the job's time limit is near, or the centre preempts it): save and stop cleanly.
apps::Preempted preempted(const FloodModel& model, OutputSchedule& outputs) {
  const std::string file = outputs.save_checkpoint(model);
  return apps::Preempted(
      "flood",
      fmt::format("preempted by SIGUSR1 at t = {:.3f} s (step {})", model.time(), model.steps()),
      file);
}

// Collective: steps to t_end, writing the outputs that fall due after each step. Its wall time
// (the slowest rank's) is the run's time to solution.
FloodRunResult run_time_loop(FloodModel& model, OutputSchedule& outputs,
                             const FloodOutputOptions& options, const apps::RunEnv& env,
                             bool stop_after_checkpoint, const FloodObserver& observer) {
  const auto& comm = model.decomposition().cart;
  const long long steps_start = model.steps();
  if (observer.started) observer.started(model);
  FloodRunResult result;
  const bench::PhaseClock clock(comm);
  ProgressLine progress(model, options.progress_interval_s, env.progress && comm.is_root());
  while (!model.done()) {
    model.step();
    if (observer.stepped) observer.stepped(model);
    if (outputs.after_step(model) && stop_after_checkpoint) {
      result.interrupted = true;
      break;
    }
    if (!model.done() && apps::preemption_requested(comm)) throw preempted(model, outputs);
    progress.update(model);
  }
  result.wall_seconds = clock.seconds();
  result.steps = model.steps() - steps_start;
  result.total_steps = model.steps();
  result.cell_updates = double(result.steps) * grid_cells(model);
  return result;
}

// Collective: the mass budget, the warnings and the deepest water of the finished run.
void summarise(const FloodModel& model, FloodRunResult& result) {
  result.budget = model.budget();
  result.warnings = warning_events(model);
  // A reduction, not a gather: no rank ever holds the whole domain.
  const auto& d = model.decomposition();
  result.max_depth = d.cart.allreduce_max(hydro::field_max(model.maps().max_depth, d.ny, d.nx));
}

// Collective: the end of a run that reached t_end: the last snapshot, maps.h5, the GeoTIFFs and
// the quicklook picture, the results,
// then on rank 0 the XDMF sidecar, gauges.csv and warnings.json.
void finish_run(const FloodModel& model, OutputSchedule& outputs, const std::string& dir,
                bench::Profile& profile, FloodRunResult& result) {
  outputs.finish(model);
  {
    auto r = profile.region("io::maps");
    write_maps(model, outputs.series(), dir);
  }
  {
    auto r = profile.region("io::gis_maps");
    result.maps_note = write_map_files(model, dir);
  }
  summarise(model, result);
  if (!model.decomposition().cart.is_root()) return;
  write_xdmf(model, outputs.snapshots(), dir);
  write_gauge_csv(model, outputs.series(), dir);
  io::write_text_atomically(dir + "/warnings.json", result.warnings.dump(2) + "\n");
}

const char* edge_name(const EdgeSpec& e) {
  return e.kind == hydro::EdgeKind::wall ? "wall" : "outflow";
}

// What the run was given, so that a record says which water, rain and soil produced its maps.
nlohmann::json forcing_used(const FloodSetup& s) {
  return {{"rain", s.sources.rain},
          {"infiltration", s.sources.infiltration},
          {"roughness", s.sources.roughness},
          {"initial_water", s.sources.initial_water},
          {"inflows", s.sources.inflows},
          {"boundaries",
           {{"north", edge_name(s.north)},
            {"south", edge_name(s.south)},
            {"west", edge_name(s.west)},
            {"east", edge_name(s.east)}}}};
}

nlohmann::json flood_results(const FloodRunConfig& cfg, const FloodRunResult& r) {
  const auto& b = r.budget;
  return {{"grid", {{"ny", cfg.setup.ny}, {"nx", cfg.setup.nx}, {"dx_m", cfg.setup.dx}}},
          {"steps", r.total_steps},  // a restarted run reports the same results as a whole one
          {"simulated_s", cfg.setup.t_end},
          {"max_depth_m", r.max_depth},
          {"mass_budget_m3",
           {{"volume", b.volume},
            {"initial", b.initial_volume},
            {"rain", b.rain},
            {"infiltrated", b.infiltrated},
            {"boundary_net_in", b.boundary_net_in},
            {"clipped", b.clipped},
            {"point_inflow", b.point_inflow},
            {"imbalance", b.imbalance()}}},
          {"warnings", r.warnings},
          {"forcing", forcing_used(cfg.setup)},
          {"precision", cfg.setup.precision_name()},
          {"halo", cfg.gpu_aware_mpi ? "gpu-aware" : "host-staged"}};
}

std::vector<std::string> flood_highlights(const FloodRunConfig& cfg, const FloodRunResult& r,
                                          double cell_updates_per_s) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("{}x{} cells, {} steps, {:.1f} Mcell updates/s, max depth {:.2f} m",
                              cfg.setup.ny, cfg.setup.nx, r.steps, cell_updates_per_s * 1e-6,
                              r.max_depth));
  if (!r.maps_note.empty()) lines.push_back(r.maps_note);
  lines.push_back(fmt::format("mass imbalance {:.2e} m3 of {:.3e} m3 rain", r.budget.imbalance(),
                              r.budget.rain));
  const auto& src = cfg.setup.sources;
  lines.push_back(
      fmt::format("forcing: rain {}; infiltration {}; roughness {}; initial water {}; "
                  "inflows {}",
                  src.rain, src.infiltration, src.roughness, src.initial_water, src.inflows));
  for (const auto& w : r.warnings)
    lines.push_back(fmt::format(
        "warning: {:<18} {:<6} at t = {:>6.0f} s (lead {:.0f} s after rain start)",
        w["gauge"].get<std::string>(), w["level"].get<std::string>(), w["time_s"].get<double>(),
        w["lead_time_from_rain_start_s"].is_null()
            ? 0.0
            : w["lead_time_from_rain_start_s"].get<double>()));
  return lines;
}

}  // namespace

// Per rank: 14 fields on the device (state, next state, bed, roughness, rain and infiltration
// patterns, four maps), and on the host a block and its mirror while each input field is filled.
// In FP32 the 14 are floats, but the outputs read double copies of the state, maps and bed (8
// fields, made when first written): FP32 halves the bytes a step moves, not the memory.
apps::MemoryNeed flood_memory_need(long long ny, long long nx, int ranks, bool fp32) {
  const double cells = double(ny) * double(nx) / ranks;
  const double device = fp32 ? 14 * 4.0 + 8 * 8.0 : 14 * 8.0;
  return {16.0 * cells, device * cells,
          fmt::format("{:.3g} cells per rank x ({} B on the device + 16 B on the host)", cells,
                      device)};
}

FloodRunResult simulate_flood(const FloodRunConfig& config, const apps::RunEnv& env,
                              bench::Profile& profile, bool stop_after_checkpoint,
                              const FloodObserver& observer) {
  apps::require_memory(config.scenario == "dem" ? "flood.dem.file" : "flood.size",
                       flood_memory_need(config.setup.ny, config.setup.nx, env.comm.size(),
                                         config.setup.precision == FloodSetup::Precision::fp32),
                       env.comm);
  // Decomposes the grid and reads this rank's block of every input field.
  FloodModel model(config.setup, env.comm, config.gpu_aware_mpi, &profile);
  OutputSchedule outputs(config.output, env.out_dir, profile);
  if (config.restart_file.empty())
    outputs.start(model);
  else
    outputs.resume(model, config.restart_file);

  auto result = run_time_loop(model, outputs, config.output, env, stop_after_checkpoint, observer);
  if (!result.interrupted) finish_run(model, outputs, env.out_dir, profile, result);
  return result;
}

apps::WorkloadRun run_flood(const apps::Config& config, const apps::RunEnv& env) {
  const auto cfg = parse_flood_config(config);
  bench::Profile profile;
  const auto result = simulate_flood(cfg, env, profile);

  auto record = bench::workload_record({"flood", cfg.scenario, config.effective()}, profile,
                                       result.wall_seconds, env.comm);
  const double rate = bench::per_second(result.cell_updates, result.wall_seconds);
  record.add_figure({"cell_updates_per_s", rate, "1/s", true});
  record.add_figure({"time_to_solution", result.wall_seconds, "s", false});
  record.set_results(flood_results(cfg, result));
  return {record, flood_highlights(cfg, result, rate)};
}

}  // namespace karst::flood
