#include "bench/suite_progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <iostream>

namespace karst::bench {

SuiteProgress::SuiteProgress(bool enabled, int total_runs)
    : enabled_(enabled), tty_(isatty(2)), total_(total_runs), start_(Clock::now()) {}

void SuiteProgress::before(const std::string& label) {
  if (!enabled_) return;
  const double el = seconds_since(start_);
  std::string eta =
      done_ > 0 ? fmt::format(", about {:.0f} s left", el / done_ * double(total_ - done_)) : "";
  std::cerr << fmt::format("karst bench: run {}/{}: {} ({:.0f} s{})", done_ + 1, total_, label, el,
                           eta)
            << (tty_ ? "\033[K\r" : "\n") << std::flush;
}

void SuiteProgress::finish() {
  if (enabled_ && tty_) std::cerr << "\n";
}

}  // namespace karst::bench
