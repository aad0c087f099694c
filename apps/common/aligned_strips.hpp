#pragma once
//! How a built-in scene is generated in parallel: each rank owns a contiguous block of rows and
//! walks it in strips whose ends are widened to multiples of the coarse block, so every coarse
//! block mean needs nothing from another rank or strip. Every rank takes the same number of strips
//! (the most any rank needs; a rank that is done writes empty strips), so the collective writes
//! of each strip line up.

#include "base/mpi/block_range.hpp"

#include <algorithm>

namespace karst::apps {

class AlignedStrips {
 public:
  //! Strips of `strip` rows of a `rows`-row scene, aligned to `align` rows. Collective.
  AlignedStrips(long long rows, long long strip, long long align, const mpi::Comm& comm)
      : first_(mpi::block_of(rows, comm).first),
        last_(mpi::block_of(rows, comm).last),
        strip_(strip),
        align_(align),
        count_(static_cast<long long>(
            comm.allreduce_max(double((last_ - first_ + strip - 1) / strip)))) {}

  //! Strip `st`: this rank's rows [r0, r1) and the aligned rows [a, b) generated for them.
  struct Rows {
    long long r0 = 0, r1 = 0, a = 0, b = 0;
    //! Aligned rows to generate: none when this rank has no rows left.
    long long count() const { return r1 > r0 ? b - a : 0; }
  };
  Rows at(long long st) const {
    Rows r;
    r.r0 = std::min(last_, first_ + st * strip_);
    r.r1 = std::min(last_, r.r0 + strip_);
    r.a = r.r0 / align_ * align_;
    r.b = (r.r1 + align_ - 1) / align_ * align_;
    return r;
  }
  long long count() const { return count_; }

 private:
  long long first_, last_, strip_, align_, count_;
};

}  // namespace karst::apps
