#include "apps/fusion/strip_plan.hpp"

namespace karst::fusion {

StripPlan::StripPlan(long long rows, const FusionJob& job, const mpi::Comm& comm)
    : rows_(rows),
      own_(mpi::block_of(rows, comm)),
      tile_(std::max<long long>(1, job.tile_rows)),
      halo_(strip_halo(job)),
      count_(static_cast<long long>(
          comm.allreduce_max(double((own_.last - own_.first + tile_ - 1) / tile_)))) {}

Strip StripPlan::at(long long st) const {
  Strip s;
  s.first = std::min(own_.last, own_.first + st * tile_);
  s.last = std::min(own_.last, s.first + tile_);
  s.lo = s.last > s.first ? std::max(0LL, s.first - halo_) : s.first;
  s.hi = s.last > s.first ? std::min(rows_, s.last + halo_) : s.first;
  const long long below = std::max(s.lo, s.first - kSsimHalo) - s.lo;
  const long long above = std::min(s.hi, s.last + kSsimHalo) - s.lo;
  s.owned = {s.lo, s.first - s.lo, s.last - s.lo, rows_};
  s.below = {s.lo, below, s.first - s.lo, rows_};
  s.above = {s.lo, s.last - s.lo, above, rows_};
  return s;
}

}  // namespace karst::fusion
