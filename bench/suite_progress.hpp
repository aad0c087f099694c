#pragma once
//! Progress of a benchmark suite on stderr: "run i/N: <label> (T s, about R s left)", one
//! overwritten line on a terminal, plain lines in a batch log.

#include "bench/phase_clock.hpp"

#include <string>

namespace karst::bench {

class SuiteProgress {
 public:
  //! `enabled`: print at all (rank 0, not --quiet); `total_runs`: every run the suite will make.
  SuiteProgress(bool enabled, int total_runs);
  //! Announces the next run; the time left is extrapolated from the runs done so far.
  void before(const std::string& label);
  void after() { ++done_; }
  int done() const { return done_; }
  //! Ends the terminal's overwritten line.
  void finish();

 private:
  bool enabled_, tty_;
  int total_, done_ = 0;
  Clock::time_point start_;
};

}  // namespace karst::bench
