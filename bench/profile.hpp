#pragma once
//! Per-region timing and per-kernel FLOP/byte accounting for one run.
//!
//! A region is a named phase ("io::snapshot"); a kernel region also carries the analytic cost of
//! the work it did (KernelCost x items). Scopes fence Kokkos on entry and exit: without the fence,
//! asynchronous GPU launches would be charged to whichever region happens to wait for them.
//! reduce() combines ranks: time min/avg/max over ranks, FLOPs and bytes summed.

#include "base/mpi/comm.hpp"
#include "kernels/common/kernel_cost.hpp"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace karst::bench {

struct RegionTotals {
  long long calls = 0;
  double seconds = 0.0;
  double flops = 0.0;
  double bytes = 0.0;
};

struct RegionStats {
  std::string name;
  long long calls = 0;    //!< the most calls on any rank (ranks normally agree)
  double time_min = 0.0;  //!< seconds, over ranks
  double time_avg = 0.0;
  double time_max = 0.0;
  double flops = 0.0;  //!< summed over ranks
  double bytes = 0.0;  //!< summed over ranks
  //! Rates use the slowest rank's time: the job is done when the last rank is.
  double gflops_per_s() const { return time_max > 0 ? flops / time_max * 1e-9 : 0.0; }
  double gbytes_per_s() const { return time_max > 0 ? bytes / time_max * 1e-9 : 0.0; }
  double intensity() const { return bytes > 0 ? flops / bytes : 0.0; }
};

class Profile {
 public:
  class Scope {
   public:
    Scope(Profile& profile, std::string name, KernelCost cost, double items);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Profile& profile_;
    std::string name_;
    KernelCost cost_;
    double items_;
    std::chrono::steady_clock::time_point start_;
  };

  //! Times a phase with no FLOPs of its own.
  Scope region(const std::string& name) { return Scope(*this, name, KernelCost{}, 0.0); }
  //! Times a kernel and books cost.flops(items) and cost.bytes(items) to it.
  Scope kernel(const std::string& name, KernelCost cost, double items) {
    return Scope(*this, name, cost, items);
  }
  //! Books a measurement taken elsewhere.
  void add(const std::string& name, double seconds, KernelCost cost, double items);

  const std::map<std::string, RegionTotals>& local() const { return regions_; }
  //! Collective over `comm`. Regions seen on any rank appear, with zero where a rank lacks one.
  std::vector<RegionStats> reduce(const mpi::Comm& comm) const;

 private:
  std::map<std::string, RegionTotals> regions_;
};

}  // namespace karst::bench
