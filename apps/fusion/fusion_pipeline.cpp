#include "apps/fusion/fusion_pipeline.hpp"

#include "apps/fusion/fusion_geotiff.hpp"
#include "apps/fusion/fusion_inputs.hpp"
#include "apps/fusion/fusion_memory.hpp"
#include "apps/fusion/fusion_outputs.hpp"
#include "apps/fusion/fusion_quicklook.hpp"
#include "apps/fusion/scene_sigma.hpp"
#include "apps/fusion/strip_pass.hpp"
#include "apps/fusion/strip_plan.hpp"
#include "base/error.hpp"
#include "bench/phase_clock.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace karst::fusion {

namespace {

void print_strip_progress(long long done, long long count, bench::Clock::time_point start) {
  const double el = bench::seconds_since(start);
  std::cerr << fmt::format("fusion: strip {}/{} ({:.0f}%), {:.1f} s, about {:.0f} s left\r", done,
                           count, 100.0 * done / count, el, el / done * (count - done));
}

// Pass 2 over every strip of `plan`, each written as soon as it is done.
void fuse_strips(const StripPlan& plan, StripPass& pass, FusionOutputs& outputs,
                 const mpi::Comm& comm, bench::Profile& profile, bool progress) {
  const auto start = bench::Clock::now();
  for (long long st = 0; st < plan.count(); ++st) {
    const Strip strip = plan.at(st);
    const StripOutputs rows = pass.run(strip);
    {
      auto reg = profile.region("fusion::write");
      outputs.write_rows(strip.first, strip.last - strip.first, rows);
    }
    if (progress && comm.is_root()) print_strip_progress(st + 1, plan.count(), start);
  }
  if (progress && comm.is_root()) std::cerr << "\n";
}

}  // namespace

void check_dates(const FusionJob& job) {
  for (size_t k = 0; k < job.pairs.size(); ++k) {
    const auto key = fmt::format("fusion.pairs[{}].date", k);
    if (job.pairs[k].day == job.day0)
      throw Error(key, "is the prediction date: a fine image on that day needs no fusion");
    if (k > 0 && job.pairs[k].day <= job.pairs[k - 1].day)
      throw Error(key, "date order: pairs must be listed in increasing date order");
  }
  if (job.pairs.size() == 2 && !(job.pairs[0].day < job.day0 && job.day0 < job.pairs[1].day))
    throw Error("fusion.predict.date",
                "date order: with two pairs the prediction date must lie between them");
}

FusionResult run_fusion_job(const FusionJob& job, const mpi::Comm& comm,
                            const std::string& out_path, bench::Profile& profile, bool progress) {
  if (job.starfm_enabled) check_dates(job);
  const FusionInputs inputs = open_inputs(job);
  // Sized from the headers, before the first strip is read.
  apps::require_memory("fusion.tile_rows",
                       pipeline_memory_need(job, images_of(job, inputs), comm.size()), comm);
  const auto& scene = inputs.scene();
  const StripPlan plan(scene.rows, job, comm);

  FusionResult res;
  res.bands = scene.bands;
  res.rows = scene.rows;
  res.cols = scene.cols;
  res.strips = plan.count();
  // Before any other pass: mixed units would otherwise run to a silently wrong answer.
  check_reflectance(inputs.named, plan.own(), plan.tile_rows(), comm, profile);
  if (job.starfm_enabled)
    res.sigma = scene_sigma(inputs, plan.own(), plan.tile_rows(), comm, profile);
  StripPass pass(job, inputs, res.sigma, profile);
  FusionOutputs outputs(out_path, comm, job, inputs);
  fuse_strips(plan, pass, outputs, comm, profile, progress);
  outputs.commit();
  pass.finish(comm, res);
  {
    auto reg = profile.region("fusion::maps");
    const auto parent = std::filesystem::path(out_path).parent_path();
    const std::string dir = parent.empty() ? "." : parent.string();
    res.notes = write_prediction_geotiffs(job, inputs, out_path, dir, comm);
    const auto note = write_fusion_quicklook(job, inputs, out_path, dir + "/quicklook.png", comm);
    if (!note.empty()) res.notes.push_back(note);
  }
  return res;
}

}  // namespace karst::fusion
