#pragma once
//! Pass 2 of the fusion pipeline, one strip at a time: STARFM predicts the strip's rows, Brovey
//! and the high-pass filter sharpen them, and each is scored against its truth image. The pass
//! keeps this rank's totals (event counts, kernel seconds and bytes, metric sums) until finish().

#include "apps/fusion/fusion_inputs.hpp"
#include "apps/fusion/fusion_job.hpp"
#include "apps/fusion/fusion_outputs.hpp"
#include "apps/fusion/fusion_pipeline.hpp"
#include "apps/fusion/metric_total.hpp"
#include "apps/fusion/strip_plan.hpp"
#include "bench/profile.hpp"
#include "kernels/fusion/starfm.hpp"

#include <vector>

namespace karst::fusion {

class StripPass {
 public:
  //! `sigma`: pass 1's scene statistics (empty when STARFM is off).
  StripPass(const FusionJob& job, const FusionInputs& inputs,
            const std::vector<std::vector<double>>& sigma, bench::Profile& profile);

  //! The strip's owned rows of every method that runs (nothing for an empty strip).
  StripOutputs run(const Strip& strip);
  //! Collective: this pass's totals over every rank, into `res`.
  void finish(const mpi::Comm& comm, FusionResult& res) const;

 private:
  // A strip's images as read, with their halo.
  struct StarfmStrip {
    StarfmInputs in;
    Image coarse0, truth;
  };
  struct PanStrip {
    Image ms, pan3, pan_truth;
    Band pan;
  };
  // A pansharpening method's kernel time and bytes (owned pixels only) and its metric sums.
  struct SharpenTotals {
    double seconds = 0.0, bytes = 0.0;
    MetricTotal metrics;
  };

  StarfmStrip read_starfm_strip(const Strip& s);
  std::vector<double> predict_starfm(const Strip& s);
  PanStrip read_pan_strip(const Strip& s);
  void pansharpen(const Strip& s, StripOutputs& out);
  template <class Method>
  std::vector<double> sharpen(const char* name, KernelCost cost, const PanStrip& p, const Strip& s,
                              SharpenTotals& totals, const Method& method);

  const FusionJob& job_;
  const FusionInputs& in_;
  bench::Profile& profile_;
  long long bands_, cols_;
  int pairs_;
  StarfmParams params_;
  StarfmTables tables_;
  std::vector<double> weights_;  // Brovey's

  StarfmCounts counts_;
  double starfm_seconds_ = 0.0;
  MetricTotal starfm_metrics_, baseline_metrics_, no_change_metrics_, ms_metrics_;
  SharpenTotals brovey_, hpf_;
};

}  // namespace karst::fusion
