#pragma once
//! The images a fusion run reads, opened from the specs a FusionJob names and checked against each
//! other (bands, shape, one grid) from their headers, before any row is read.

#include "apps/fusion/fusion_job.hpp"
#include "apps/fusion/fusion_memory.hpp"
#include "apps/fusion/reflectance_check.hpp"
#include "io/raster/multiband.hpp"

#include <memory>
#include <vector>

namespace karst::fusion {

struct FusionInputs {
  std::vector<std::unique_ptr<io::MultibandReader>> fine, coarse;  //!< per pair
  std::unique_ptr<io::MultibandReader> coarse0, truth, pan, ms, pan_truth;
  //! Every image above with the config key naming it, for the reflectance check.
  std::vector<NamedImage> named;

  //! The scene every method works on: STARFM's coarse image at t0, else the multispectral one.
  const io::MultibandInfo& scene() const { return coarse0 ? coarse0->info() : ms->info(); }
  long long ms_bands() const { return ms ? ms->info().bands : 0; }
  bool brovey(const FusionJob& job) const { return pan && job.brovey_enabled; }
  bool hpf(const FusionJob& job) const { return pan && job.hpf_enabled; }
};

//! Opens the images of the methods `job` enables. Throws naming the image that does not match,
//! or when there is nothing to do (STARFM off and no pan/ms images).
FusionInputs open_inputs(const FusionJob& job);

//! What the memory estimate (fusion_memory.hpp) needs to know of the inputs.
FusionImages images_of(const FusionJob& job, const FusionInputs& inputs);

}  // namespace karst::fusion
