#include "apps/flood/flood_app.hpp"

#include "apps/common/memory_check.hpp"
#include "apps/common/preemption.hpp"
#include "base/atomic_file.hpp"
#include "bench/system_info.hpp"
#include "kernels/hydro/wave_speed.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>

namespace karst::flood {

namespace {

using Clock = std::chrono::steady_clock;

std::string eta_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  return s >= 60 ? fmt::format("{}m{:02d}s", s / 60, s % 60) : fmt::format("{}s", s);
}

// The next multiple of `interval` strictly after t. Outputs fire on the first step that reaches
// it, so they never shorten a time step and a restarted run retraces the same steps exactly.
double next_after(double t, double interval) {
  return interval > 0 ? (std::floor(t / interval + 1e-9) + 1) * interval : 1e300;
}

nlohmann::json series_json(const GaugeSeries& s) {
  return {{"time", s.time}, {"depth", s.depth}};
}

}  // namespace

// Per rank: 14 fields of doubles on the device (state, next state, bed, roughness, rain and
// infiltration patterns, four maps), and on the host a block and its mirror while each input
// field is filled.
apps::MemoryNeed flood_memory_need(long long ny, long long nx, int ranks) {
  const double cells = double(ny) * double(nx) / ranks;
  return {16.0 * cells, 14 * 8.0 * cells,
          fmt::format("{:.3g} cells per rank x (112 B on the device + 16 B on the host)", cells)};
}

FloodRunResult simulate_flood(const FloodRunConfig& config, const apps::RunEnv& env,
                              bench::Profile& profile, bool stop_after_checkpoint,
                              const FloodObserver& observer) {
  const auto& out = config.output;
  apps::require_memory(config.scenario == "dem" ? "flood.dem.file" : "flood.size",
                       flood_memory_need(config.setup.ny, config.setup.nx, env.comm.size()),
                       env.comm);
  FloodModel model(config.setup, env.comm, config.gpu_aware_mpi, &profile);
  const auto& comm = model.decomposition().cart;
  GaugeSeries series;
  std::vector<std::pair<double, std::string>> snapshots;
  if (!config.restart_file.empty()) {
    auto r = profile.region("io::restart");
    const auto runner = read_checkpoint(model, config.restart_file);
    series.time = runner.at("series").at("time").get<std::vector<double>>();
    series.depth = runner.at("series").at("depth").get<std::vector<std::vector<double>>>();
    for (const auto& s : runner.at("snapshots"))
      snapshots.emplace_back(s.at(0).get<double>(), s.at(1).get<std::string>());
  }
  const double t_start = model.time();
  const long long steps_start = model.steps();
  auto sample_gauges = [&] {
    if (model.setup().gauges.empty()) return;
    series.time.push_back(model.time());
    series.depth.push_back(model.gauge_depths());
  };
  auto snapshot = [&] {
    auto r = profile.region("io::snapshot");
    snapshots.emplace_back(model.time(), write_snapshot(model, env.out_dir, int(snapshots.size())));
  };
  if (config.restart_file.empty()) {
    sample_gauges();
    if (out.snapshot_interval_s > 0) snapshot();
  }
  double next_gauge = next_after(model.time(), out.gauge_interval_s);
  double next_snapshot = next_after(model.time(), out.snapshot_interval_s);
  double next_checkpoint = next_after(model.time(), out.checkpoint_every_s);

  if (observer.started) observer.started(model);

  FloodRunResult result;
  comm.barrier();
  const auto t0 = Clock::now();
  auto last_progress = t0;
  const double cells = double(model.setup().ny) * model.setup().nx;
  while (!model.done()) {
    model.step();
    if (observer.stepped) observer.stepped(model);
    const double t = model.time();
    if (t >= next_gauge || model.done()) {
      sample_gauges();
      next_gauge = next_after(t, out.gauge_interval_s);
    }
    if (t >= next_snapshot) {
      snapshot();
      next_snapshot = next_after(t, out.snapshot_interval_s);
    }
    if (t >= next_checkpoint && !model.done()) {
      {
        auto r = profile.region("io::checkpoint");
        write_checkpoint(model, env.out_dir + "/checkpoint.h5",
                         {{"series", series_json(series)}, {"snapshots", snapshots}});
      }
      next_checkpoint = next_after(t, out.checkpoint_every_s);
      if (stop_after_checkpoint) {
        result.interrupted = true;
        break;
      }
    }
    // SIGUSR1 (the job's time limit is near, or the centre preempts it): save and stop cleanly.
    if (!model.done() && apps::preemption_requested(comm)) {
      const std::string file = env.out_dir + "/checkpoint.h5";
      {
        auto r = profile.region("io::checkpoint");
        write_checkpoint(model, file, {{"series", series_json(series)}, {"snapshots", snapshots}});
      }
      throw apps::Preempted(
          "flood", fmt::format("preempted by SIGUSR1 at t = {:.3f} s (step {})", t, model.steps()),
          file);
    }
    if (env.progress && comm.is_root() && out.progress_interval_s > 0) {
      const auto now = Clock::now();
      const double since = std::chrono::duration<double>(now - last_progress).count();
      if (since >= out.progress_interval_s) {
        const double wall = std::chrono::duration<double>(now - t0).count();
        const double frac = (t - t_start) / (model.setup().t_end - t_start);
        const double rate = double(model.steps() - steps_start) * cells / wall;
        std::cerr << fmt::format(
            "flood: t = {:.0f} / {:.0f} s ({:.0f}%), step {}, dt {:.3f} s, "
            "{:.1f} Mcell/s, ETA {}\n",
            t, model.setup().t_end, 100 * t / model.setup().t_end, model.steps(), model.last_dt(),
            rate * 1e-6, eta_text(wall * (1 - frac) / std::max(frac, 1e-9)));
        last_progress = now;
      }
    }
  }
  result.wall_seconds =
      comm.allreduce_max(std::chrono::duration<double>(Clock::now() - t0).count());
  result.steps = model.steps() - steps_start;
  result.total_steps = model.steps();
  result.cell_updates = double(result.steps) * cells;
  if (result.interrupted) return result;
  if (out.snapshot_interval_s > 0 && (snapshots.empty() || snapshots.back().first < model.time()))
    snapshot();
  {
    auto r = profile.region("io::maps");
    write_maps(model, series, env.out_dir);
  }
  result.budget = model.budget();
  result.warnings = warning_events(model);
  // A reduction, not a gather: no rank ever holds the whole domain.
  const auto& d = model.decomposition();
  result.max_depth = comm.allreduce_max(hydro::field_max(model.maps().max_depth, d.ny, d.nx));
  if (comm.is_root()) {
    write_xdmf(model, snapshots, env.out_dir);
    write_gauge_csv(model, series, env.out_dir);
    io::write_text_atomically(env.out_dir + "/warnings.json", result.warnings.dump(2) + "\n");
  }
  return result;
}

apps::WorkloadRun run_flood(const apps::Config& config, const apps::RunEnv& env) {
  const auto cfg = parse_flood_config(config);
  bench::Profile profile;
  const auto r = simulate_flood(cfg, env, profile);
  bench::RunRecord record("flood", cfg.scenario, bench::collect_system_info(env.comm),
                          config.effective());
  record.set_measurements(profile.reduce(env.comm), r.wall_seconds);
  const double rate = r.wall_seconds > 0 ? r.cell_updates / r.wall_seconds : 0.0;
  record.add_figure({"cell_updates_per_s", rate, "1/s", true});
  record.add_figure({"time_to_solution", r.wall_seconds, "s", false});
  const auto& b = r.budget;
  record.set_results(
      {{"grid", {{"ny", cfg.setup.ny}, {"nx", cfg.setup.nx}, {"dx_m", cfg.setup.dx}}},
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
         {"imbalance", b.imbalance()}}},
       {"warnings", r.warnings},
       {"halo", cfg.gpu_aware_mpi ? "gpu-aware" : "host-staged"}});
  apps::WorkloadRun run{record, {}};
  run.highlights.push_back(
      fmt::format("{}x{} cells, {} steps, {:.1f} Mcell updates/s, max depth {:.2f} m", cfg.setup.ny,
                  cfg.setup.nx, r.steps, rate * 1e-6, r.max_depth));
  run.highlights.push_back(
      fmt::format("mass imbalance {:.2e} m3 of {:.3e} m3 rain", b.imbalance(), b.rain));
  for (const auto& w : r.warnings)
    run.highlights.push_back(fmt::format(
        "warning: {:<18} {:<6} at t = {:>6.0f} s (lead {:.0f} s after rain start)",
        w["gauge"].get<std::string>(), w["level"].get<std::string>(), w["time_s"].get<double>(),
        w["lead_time_from_rain_start_s"].is_null()
            ? 0.0
            : w["lead_time_from_rain_start_s"].get<double>()));
  return run;
}

}  // namespace karst::flood
