#pragma once
//! What a fusion run needs in memory per rank, estimated before it reads or generates an image
//! (apps/common/memory_check.hpp refuses a case that cannot fit). The pipeline holds one strip of
//! rows at a time (fusion.tile_rows, plus the halo the STARFM window, the high-pass filter and
//! SSIM reach), so its need follows the strip, not the scene; the built-in scenario writes its
//! images in strips of 256 rows.

#include "apps/common/memory_check.hpp"
#include "apps/fusion/fusion_job.hpp"

namespace karst::fusion {

//! The images a run works on: the STARFM scene (bands) and the pansharpening inputs (ms_bands).
struct FusionImages {
  long long rows = 0, cols = 0, bands = 0, ms_bands = 0;
  int pairs = 0;           //!< fine/coarse pairs (0: no STARFM)
  bool truth = false;      //!< a fine truth image for STARFM's metrics
  bool pan = false;        //!< a pan/ms pair to sharpen
  bool pan_truth = false;  //!< a truth image for the pansharpening metrics
};

//! The strip pipeline (fusion_pipeline.hpp) on `ranks` ranks with `job`'s methods and tiles.
apps::MemoryNeed pipeline_memory_need(const FusionJob& job, const FusionImages& images, int ranks);

//! The built-in scenario of `size` pixels per side: generating its images, then fusing them.
apps::MemoryNeed fields_memory_need(const FusionJob& job, long long size, int ranks);

}  // namespace karst::fusion
