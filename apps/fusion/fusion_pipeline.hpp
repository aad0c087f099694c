#pragma once
//! One fusion run over MPI ranks: each rank owns a block of rows and walks it in strips (its rows
//! plus a halo, read straight from the input files; strip_plan.hpp), so memory stays bounded
//! however large the scene. Pass 1 computes the scene statistics STARFM needs (scene_sigma.hpp);
//! pass 2 predicts, pansharpens and scores each strip (strip_pass.hpp) and writes it.

#include "apps/fusion/fusion_job.hpp"
#include "base/mpi/comm.hpp"
#include "bench/profile.hpp"
#include "kernels/fusion/quality_metrics.hpp"

#include <optional>
#include <string>
#include <vector>

namespace karst::fusion {

struct FusionResult {
  long long bands = 0, rows = 0, cols = 0;
  std::vector<std::vector<double>> sigma;  //!< [pair][band], valid-scene standard deviation
  fusion::StarfmCounts counts;             //!< summed over ranks
  double starfm_flops = 0.0;               //!< from the counts, summed over ranks
  //! Kernel time of the owned rows, slowest rank, and the bytes of those rows summed over ranks:
  //! a rate is one over the other. SSIM's halo rows, predicted again, are in neither.
  double starfm_seconds = 0.0;
  double brovey_seconds = 0.0, brovey_bytes = 0.0;
  double hpf_seconds = 0.0, hpf_bytes = 0.0;
  std::optional<fusion::QualityMetrics> starfm, baseline, brovey, hpf, ms_baseline;
  //! The "no change" baseline: the nearest clear fine image in time as the prediction.
  std::optional<fusion::QualityMetrics> no_change;
  long long strips = 0;  //!< strips on the busiest rank
  //! Outputs skipped and why (no GDAL, an image without georeferencing), for the highlights.
  std::vector<std::string> notes;
};

//! Collective over `comm`. Writes `out_path` (HDF5: datasets starfm, brovey, hpf) atomically,
//! then beside it prediction_<method>.tif and quicklook.png (fusion_geotiff.hpp,
//! fusion_quicklook.hpp).
FusionResult run_fusion_job(const FusionJob& job, const mpi::Comm& comm,
                            const std::string& out_path, bench::Profile& profile, bool progress);

//! Checks the dates: pairs in increasing order, none on the prediction day, and two pairs
//! bracketing it (STARFM blends forwards and backwards in time). Throws naming the config key.
void check_dates(const FusionJob& job);

}  // namespace karst::fusion
