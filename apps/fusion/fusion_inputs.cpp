#include "apps/fusion/fusion_inputs.hpp"

#include "apps/fusion/coarse_grid.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

namespace karst::fusion {

namespace {

std::string shape_of(const io::MultibandInfo& i) {
  return fmt::format("{} band(s) x {} x {}", i.bands, i.rows, i.cols);
}

void require_same_shape(const io::MultibandReader& r, const io::MultibandReader& ref) {
  const auto &a = r.info(), &b = ref.info();
  if (a.bands != b.bands || a.rows != b.rows || a.cols != b.cols)
    throw Error(a.source, fmt::format("band or shape mismatch: {} but {} has {}", shape_of(a),
                                      b.source, shape_of(b)));
}

void open_starfm_inputs(const FusionJob& job, FusionInputs& r) {
  if (job.pairs.empty() || job.pairs.size() > size_t(fusion::kMaxPairs))
    throw Error("fusion.pairs",
                fmt::format("STARFM takes 1 or 2 fine/coarse pairs, got {}", job.pairs.size()));
  for (const auto& p : job.pairs) r.fine.push_back(io::open_multiband(p.fine));
  // The first fine image's grid is the scene's: coarse images on their own are warped onto it.
  const auto& grid = r.fine.front()->info();
  r.coarse0 = open_coarse_on_fine_grid(job.coarse0, grid, job.coarse_resampling);
  for (size_t k = 0; k < job.pairs.size(); ++k) {
    r.coarse.push_back(open_coarse_on_fine_grid(job.pairs[k].coarse, grid, job.coarse_resampling));
    require_same_shape(*r.fine[k], *r.coarse0);
    require_same_shape(*r.coarse.back(), *r.coarse0);
  }
  if (!job.truth.empty()) {
    r.truth = io::open_multiband(job.truth);
    require_same_shape(*r.truth, *r.coarse0);
  }
}

void open_pansharpen_inputs(const FusionJob& job, FusionInputs& r) {
  r.pan = io::open_multiband(job.pan);
  r.ms = io::open_multiband(job.ms);
  const auto &p = r.pan->info(), &m = r.ms->info();
  if (p.bands != 1)
    throw Error(p.source, fmt::format("a panchromatic image has 1 band, this one {}", p.bands));
  if (p.rows != m.rows || p.cols != m.cols)
    throw Error(m.source, fmt::format("band or shape mismatch: {} x {} but the pan image {} is "
                                      "{} x {} (resample the multispectral bands to the pan "
                                      "grid first)",
                                      m.rows, m.cols, p.source, p.rows, p.cols));
  if (!job.brovey_weights.empty() && long(job.brovey_weights.size()) != m.bands)
    throw Error("fusion.pansharpen.weights", fmt::format("{} weights for {} multispectral bands",
                                                         job.brovey_weights.size(), m.bands));
  if (!job.pan_truth.empty()) {
    r.pan_truth = io::open_multiband(job.pan_truth);
    require_same_shape(*r.pan_truth, *r.ms);
  }
}

}  // namespace

FusionInputs open_inputs(const FusionJob& job) {
  FusionInputs r;
  if (job.starfm_enabled) open_starfm_inputs(job, r);
  if ((job.brovey_enabled || job.hpf_enabled) && !job.pan.empty()) open_pansharpen_inputs(job, r);
  if (!r.coarse0 && !r.ms)
    throw Error("fusion", "nothing to do: STARFM is off and no pan/ms images given");
  const auto& scene = r.scene();
  if (r.pan && r.coarse0 && (r.ms->info().rows != scene.rows || r.ms->info().cols != scene.cols))
    throw Error(r.ms->info().source,
                "band or shape mismatch: pansharpening inputs must share the "
                "STARFM scene's grid in one run");
  return r;
}

FusionImages images_of(const FusionJob& job, const FusionInputs& inputs) {
  const auto& scene = inputs.scene();
  FusionImages images;
  images.rows = scene.rows;
  images.cols = scene.cols;
  images.bands = scene.bands;
  images.ms_bands = inputs.ms_bands();
  images.pairs = job.starfm_enabled ? static_cast<int>(job.pairs.size()) : 0;
  images.truth = inputs.truth != nullptr;
  images.pan = inputs.pan != nullptr;
  images.pan_truth = inputs.pan_truth != nullptr;
  return images;
}

}  // namespace karst::fusion
