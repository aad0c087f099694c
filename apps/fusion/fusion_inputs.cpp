#include "apps/fusion/fusion_inputs.hpp"

#include "apps/fusion/fusion_image.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>

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

// `file` in reflectance with its options (fusion_image.hpp), remembered under `key`; warped onto
// `grid` when given and the file lies on another grid.
std::unique_ptr<io::MultibandReader> open_named(const std::string& file, const std::string& key,
                                                const FusionJob& job, FusionInputs& r,
                                                const io::MultibandInfo* grid = nullptr) {
  auto reader = open_fusion_image(file, key, job, grid);
  r.named.push_back({reader.get(), key});
  return reader;
}

void open_starfm_inputs(const FusionJob& job, FusionInputs& r) {
  if (job.pairs.empty() || job.pairs.size() > size_t(fusion::kMaxPairs))
    throw Error("fusion.pairs",
                fmt::format("STARFM takes 1 or 2 fine/coarse pairs, got {}", job.pairs.size()));
  for (size_t k = 0; k < job.pairs.size(); ++k)
    r.fine.push_back(
        open_named(job.pairs[k].fine, fmt::format("fusion.pairs[{}].fine", k), job, r));
  // The first fine image's grid is the scene's: coarse images on their own are warped onto it.
  const auto& grid = r.fine.front()->info();
  r.coarse0 = open_named(job.coarse0, "fusion.predict.coarse", job, r, &grid);
  for (size_t k = 0; k < job.pairs.size(); ++k) {
    r.coarse.push_back(
        open_named(job.pairs[k].coarse, fmt::format("fusion.pairs[{}].coarse", k), job, r, &grid));
    require_same_shape(*r.fine[k], *r.coarse0);
    require_same_shape(*r.coarse.back(), *r.coarse0);
  }
  if (!job.truth.empty()) {
    r.truth = open_named(job.truth, "fusion.predict.truth", job, r);
    require_same_shape(*r.truth, *r.coarse0);
  }
}

void open_pansharpen_inputs(const FusionJob& job, FusionInputs& r) {
  r.pan = open_named(job.pan, "fusion.pansharpen.pan", job, r);
  r.ms = open_named(job.ms, "fusion.pansharpen.ms", job, r);
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
    r.pan_truth = open_named(job.pan_truth, "fusion.pansharpen.truth", job, r);
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
