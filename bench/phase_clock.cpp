#include "bench/phase_clock.hpp"

#include <Kokkos_Core.hpp>

namespace karst::bench {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

PhaseClock::PhaseClock(const mpi::Comm& comm) : comm_(comm) {
  Kokkos::fence();
  comm_.barrier();
  start_ = Clock::now();
}

double PhaseClock::local_seconds() const {
  Kokkos::fence();
  return seconds_since(start_);
}

double PhaseClock::seconds() const {
  return comm_.allreduce_max(local_seconds());
}

}  // namespace karst::bench
