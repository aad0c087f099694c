#pragma once
//! Wall time of a phase of a run as the job sees it: the ranks start it together and it ends
//! when the slowest rank is done. Every workload times its phases (the whole run, a stage, a
//! kernel loop) with this one clock.

#include "base/mpi/comm.hpp"

#include <chrono>

namespace karst::bench {

using Clock = std::chrono::steady_clock;

//! Seconds since `start` on this rank, unfenced: for progress lines and ETAs.
double seconds_since(Clock::time_point start);

class PhaseClock {
 public:
  //! Collective: fences Kokkos (work launched before is not charged to the phase), then a
  //! barrier so that every rank starts the phase at the same moment.
  explicit PhaseClock(const mpi::Comm& comm);
  //! This rank's time in the phase so far, after a fence; no communication.
  double local_seconds() const;
  //! Collective: the slowest rank's time in the phase so far, after a fence.
  double seconds() const;

 private:
  mpi::Comm comm_;
  Clock::time_point start_;
};

}  // namespace karst::bench
