#pragma once
//! How the fusion pipeline decomposes a scene: each rank owns a block of rows (mpi::block_of) and
//! walks it in strips of fusion.tile_rows rows, each read with a halo straight from the input
//! files, so no halo exchange is needed and memory follows the strip, not the scene. Every rank
//! takes the same number of strips (a rank that is done takes empty ones), so the collective
//! writes of each strip line up.

#include "apps/fusion/fusion_job.hpp"
#include "base/mpi/block_range.hpp"
#include "base/mpi/comm.hpp"
#include "kernels/fusion/image.hpp"
#include "kernels/fusion/quality_metrics.hpp"

#include <algorithm>

namespace karst::fusion {

//! SSIM's window reaches this far beyond the rows a strip owns, so every method predicts those
//! rows too (each pixel's value does not depend on who computes it).
constexpr long long kSsimHalo = kSsimRadius;

//! Rows read beyond a strip's own on each side: the STARFM window, the high-pass box, SSIM's.
inline long long strip_halo(const FusionJob& job) {
  return std::max<long long>(job.starfm_enabled ? job.starfm.radius : 0, job.hpf_radius) +
         kSsimHalo;
}

//! One strip: global rows [first, last) owned, [lo, hi) read; local rows for the kernels.
struct Strip {
  long long first = 0, last = 0;
  long long lo = 0, hi = 0;
  StripRows owned;         //!< the owned rows
  StripRows below, above;  //!< SSIM's halo rows on either side, predicted only for the metrics
  bool empty() const { return last <= first; }
  long long read_rows() const { return hi - lo; }
};

class StripPlan {
 public:
  //! Collective: this rank's block of a `rows`-row scene in strips of `job.tile_rows`.
  StripPlan(long long rows, const FusionJob& job, const mpi::Comm& comm);
  const mpi::BlockRange& own() const { return own_; }
  long long tile_rows() const { return tile_; }
  //! Strips per rank: the most any rank needs.
  long long count() const { return count_; }
  //! Strip `st` of this rank (empty once its rows are done).
  Strip at(long long st) const;

 private:
  long long rows_;
  mpi::BlockRange own_;
  long long tile_, halo_, count_;
};

}  // namespace karst::fusion
