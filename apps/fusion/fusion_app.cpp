#include "apps/fusion/fusion_app.hpp"

#include "apps/fusion/fusion_config.hpp"
#include "apps/fusion/fusion_memory.hpp"
#include "apps/fusion/fusion_pipeline.hpp"
#include "bench/system_info.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>

namespace karst::fusion_app {

namespace {

nlohmann::json finite_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
nlohmann::json finite_or_null(const std::vector<double>& v) {
  auto a = nlohmann::json::array();
  for (double x : v) a.push_back(finite_or_null(x));
  return a;
}

nlohmann::json metrics_json(const fusion::QualityMetrics& m, double ratio) {
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

}  // namespace

apps::WorkloadRun run_fusion(const apps::Config& config, const apps::RunEnv& env) {
  auto settings = read_fusion_settings(config);
  config.reject_unknown("fusion");
  auto& job = settings.job;
  const auto& comm = env.comm;
  bench::Profile profile;
  comm.barrier();
  const auto t0 = std::chrono::steady_clock::now();
  if (settings.scenario == "guizhou-fields") {
    apps::require_memory("fusion.size", fields_memory_need(job, settings.fields.size, comm.size()),
                         comm);
    auto r = profile.region("fusion::scenario");
    if (comm.is_root() && env.progress)
      std::cerr << fmt::format("fusion: generating guizhou-fields, {0} x {0} pixels, 4 bands\n",
                               settings.fields.size);
    generate_guizhou_fields(settings.fields, env.out_dir, comm, env.progress, job);
  }
  const auto res = run_fusion_job(job, comm, env.out_dir + "/fusion.h5", profile, env.progress);
  const double wall = comm.allreduce_max(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  bench::RunRecord record("fusion", settings.scenario, bench::collect_system_info(comm),
                          config.effective());
  record.set_measurements(profile.reduce(comm), wall);
  const double pixels = double(res.rows * res.cols);
  nlohmann::json results = {
      {"rows", res.rows}, {"cols", res.cols}, {"bands", res.bands}, {"strips", res.strips}};
  apps::WorkloadRun run{record, {}};
  if (job.starfm_enabled) {
    const auto& c = res.counts;
    const double gflops = res.starfm_seconds > 0 ? res.starfm_flops / res.starfm_seconds * 1e-9 : 0;
    const double pps = res.starfm_seconds > 0 ? pixels / res.starfm_seconds : 0;
    run.record.add_figure({"starfm_pixels_per_s", pps, "1/s", true});
    run.record.add_figure({"starfm_gflops", gflops, "GFLOP/s", true});
    nlohmann::json s = {{"pairs", job.pairs.size()},
                        {"window", 2 * job.starfm.radius + 1},
                        {"kernel", job.kernel == fusion::StarfmKernel::flat ? "flat" : "team"},
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
    results["starfm"] = s;
    run.highlights.push_back(fmt::format(
        "STARFM {}x{} px, {} pair(s): {:.3g} Mpixel/s, {:.2f} GFLOP/s, {:.1f}% of candidates "
        "accepted",
        res.rows, res.cols, job.pairs.size(), pps * 1e-6, gflops,
        c.tested > 0 ? 100.0 * double(c.accepted) / double(c.tested) : 0.0));
    if (res.starfm && res.baseline)
      run.highlights.push_back(fmt::format(
          "RMSE {:.4f} vs {:.4f} for the upsampled coarse image; SSIM {:.3f}, ERGAS {:.2f}, SAM "
          "{:.2f} deg",
          mean(res.starfm->rmse), mean(res.baseline->rmse), mean(res.starfm->ssim),
          res.starfm->ergas, res.starfm->sam_deg));
  }
  if (res.brovey || res.brovey_seconds > 0 || res.hpf_seconds > 0) {
    nlohmann::json p = {{"brovey_seconds", res.brovey_seconds}, {"hpf_seconds", res.hpf_seconds}};
    if (res.brovey) p["brovey_quality"] = metrics_json(*res.brovey, job.pan_ratio);
    if (res.hpf) p["hpf_quality"] = metrics_json(*res.hpf, job.pan_ratio);
    if (res.ms_baseline) p["ms_baseline_quality"] = metrics_json(*res.ms_baseline, job.pan_ratio);
    results["pansharpen"] = p;
    if (res.brovey_seconds > 0) {
      const double gbs = res.brovey_bytes / res.brovey_seconds * 1e-9;
      run.record.add_figure({"brovey_gbytes_per_s", gbs, "GB/s", true});
      run.highlights.push_back(
          fmt::format("Brovey {:.2f} GB/s{}", gbs,
                      res.brovey && res.ms_baseline
                          ? fmt::format(", RMSE {:.4f} vs {:.4f} for the multispectral image alone",
                                        mean(res.brovey->rmse), mean(res.ms_baseline->rmse))
                          : ""));
    }
  }
  run.record.set_results(results);
  return run;
}

}  // namespace karst::fusion_app
