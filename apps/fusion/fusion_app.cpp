#include "apps/fusion/fusion_app.hpp"

#include "apps/fusion/fusion_config.hpp"
#include "apps/fusion/fusion_memory.hpp"
#include "apps/fusion/fusion_pipeline.hpp"
#include "bench/phase_clock.hpp"
#include "bench/workload_record.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iostream>

namespace karst::fusion {

namespace {

nlohmann::json finite_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
nlohmann::json finite_or_null(const std::vector<double>& v) {
  auto a = nlohmann::json::array();
  for (double x : v) a.push_back(finite_or_null(x));
  return a;
}

nlohmann::json metrics_json(const QualityMetrics& m, double ratio) {
  return {{"rmse", finite_or_null(m.rmse)},       {"bias", finite_or_null(m.bias)},
          {"cc", finite_or_null(m.cc)},           {"ssim", finite_or_null(m.ssim)},
          {"ergas", finite_or_null(m.ergas)},     {"ergas_resolution_ratio", ratio},
          {"sam_deg", finite_or_null(m.sam_deg)}, {"pixels", m.pixels}};
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? NAN : s / double(v.size());
}

// The built-in scenario writes the inputs that `fc.job` then names.
void generate_scenario(FusionConfig& fc, const apps::RunEnv& env, bench::Profile& profile) {
  const auto& comm = env.comm;
  apps::require_memory("fusion.size", fields_memory_need(fc.job, fc.fields.size, comm.size()),
                       comm);
  auto r = profile.region("fusion::scenario");
  if (comm.is_root() && env.progress)
    std::cerr << fmt::format("fusion: generating guizhou-fields, {0} x {0} pixels, 4 bands\n",
                             fc.fields.size);
  generate_guizhou_fields(fc.fields, env.out_dir, comm, env.progress, fc.job);
}

nlohmann::json starfm_results(const FusionJob& job, const FusionResult& res) {
  const auto& c = res.counts;
  nlohmann::json s = {{"pairs", job.pairs.size()},
                      {"window", 2 * job.starfm.radius + 1},
                      {"kernel", job.kernel == StarfmKernel::flat ? "flat" : "team"},
                      {"sigma", res.sigma},
                      {"outputs", c.outputs},
                      {"candidates_tested", c.tested},
                      {"candidates_similar", c.similar},
                      {"candidates_accepted", c.accepted},
                      {"filled", c.filled},
                      {"flops", res.starfm_flops},
                      {"seconds", res.starfm_seconds}};
  if (res.starfm) s["quality"] = metrics_json(*res.starfm, job.resolution_ratio);
  if (res.baseline)
    s["baseline_coarse_quality"] = metrics_json(*res.baseline, job.resolution_ratio);
  if (res.no_change)
    s["baseline_no_change_quality"] = metrics_json(*res.no_change, job.resolution_ratio);
  return s;
}

void report_starfm(const FusionJob& job, const FusionResult& res, apps::WorkloadRun& run,
                   nlohmann::json& results) {
  const auto& c = res.counts;
  const double pixels = double(res.rows * res.cols);
  const double gflops = bench::per_second(res.starfm_flops, res.starfm_seconds) * 1e-9;
  const double pps = bench::per_second(pixels, res.starfm_seconds);
  run.record.add_figure({"starfm_pixels_per_s", pps, "1/s", true});
  run.record.add_figure({"starfm_gflops", gflops, "GFLOP/s", true});
  results["starfm"] = starfm_results(job, res);
  run.highlights.push_back(fmt::format(
      "STARFM {}x{} px, {} pair(s): {:.3g} Mpixel/s, {:.2f} GFLOP/s, {:.1f}% of candidates "
      "accepted",
      res.rows, res.cols, job.pairs.size(), pps * 1e-6, gflops,
      c.tested > 0 ? 100.0 * double(c.accepted) / double(c.tested) : 0.0));
  if (res.starfm && res.baseline)
    run.highlights.push_back(fmt::format(
        "RMSE {:.4f} vs {:.4f} for the upsampled coarse image{}; SSIM {:.3f}, ERGAS {:.2f}, SAM "
        "{:.2f} deg",
        mean(res.starfm->rmse), mean(res.baseline->rmse),
        res.no_change ? fmt::format(" and {:.4f} for no change (nearest fine image)",
                                    mean(res.no_change->rmse))
                      : "",
        mean(res.starfm->ssim), res.starfm->ergas, res.starfm->sam_deg));
}

void report_pansharpen(const FusionJob& job, const FusionResult& res, apps::WorkloadRun& run,
                       nlohmann::json& results) {
  nlohmann::json p = {{"brovey_seconds", res.brovey_seconds}, {"hpf_seconds", res.hpf_seconds}};
  if (res.brovey) p["brovey_quality"] = metrics_json(*res.brovey, job.pan_ratio);
  if (res.hpf) p["hpf_quality"] = metrics_json(*res.hpf, job.pan_ratio);
  if (res.ms_baseline) p["ms_baseline_quality"] = metrics_json(*res.ms_baseline, job.pan_ratio);
  results["pansharpen"] = p;
  if (res.brovey_seconds <= 0) return;
  const double gbs = bench::per_second(res.brovey_bytes, res.brovey_seconds) * 1e-9;
  run.record.add_figure({"brovey_gbytes_per_s", gbs, "GB/s", true});
  run.highlights.push_back(
      fmt::format("Brovey {:.2f} GB/s{}", gbs,
                  res.brovey && res.ms_baseline
                      ? fmt::format(", RMSE {:.4f} vs {:.4f} for the multispectral image alone",
                                    mean(res.brovey->rmse), mean(res.ms_baseline->rmse))
                      : ""));
}

}  // namespace

apps::WorkloadRun run_fusion(const apps::Config& config, const apps::RunEnv& env) {
  auto fc = parse_fusion_config(config);
  bench::Profile profile;
  const bench::PhaseClock clock(env.comm);
  if (fc.scenario == "guizhou-fields") generate_scenario(fc, env, profile);
  const auto res =
      run_fusion_job(fc.job, env.comm, env.out_dir + "/prediction.h5", profile, env.progress);
  const double wall = clock.seconds();

  apps::WorkloadRun run{
      bench::workload_record({"fusion", fc.scenario, config.effective()}, profile, wall, env.comm),
      {}};
  nlohmann::json results = {
      {"rows", res.rows}, {"cols", res.cols}, {"bands", res.bands}, {"strips", res.strips}};
  if (fc.job.starfm_enabled) report_starfm(fc.job, res, run, results);
  if (res.brovey || res.brovey_seconds > 0 || res.hpf_seconds > 0)
    report_pansharpen(fc.job, res, run, results);
  for (const auto& note : res.notes) run.highlights.push_back(note);
  run.record.set_results(results);
  return run;
}

}  // namespace karst::fusion
