#include "bench/profile.hpp"

#include "kernels/common/kokkos_compat.hpp"

#include <set>
#include <sstream>

namespace karst::bench {

Profile::Scope::Scope(Profile& profile, std::string name, KernelCost cost, double items)
    : profile_(profile), name_(std::move(name)), cost_(cost), items_(items) {
  Kokkos::fence();
  Kokkos::Profiling::pushRegion(name_);
  start_ = std::chrono::steady_clock::now();
}

Profile::Scope::~Scope() {
  Kokkos::fence();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  Kokkos::Profiling::popRegion();
  profile_.add(name_, seconds, cost_, items_);
}

void Profile::add(const std::string& name, double seconds, KernelCost cost, double items) {
  auto& r = regions_[name];
  r.calls += 1;
  r.seconds += seconds;
  r.flops += cost.flops(items);
  r.bytes += cost.bytes(items);
}

std::vector<RegionStats> Profile::reduce(const mpi::Comm& comm) const {
  // Agree on the union of region names first, so every rank enters the same reductions.
  std::ostringstream mine;
  for (const auto& [name, totals] : regions_) mine << name << '\n';
  std::set<std::string> names;
  for (const auto& text : comm.allgather(mine.str())) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) names.insert(line);
  }
  std::vector<RegionStats> out;
  const double ranks = comm.size();
  for (const auto& name : names) {
    auto it = regions_.find(name);
    const RegionTotals t = it == regions_.end() ? RegionTotals{} : it->second;
    RegionStats s;
    s.name = name;
    s.calls = static_cast<long long>(comm.allreduce_max(static_cast<double>(t.calls)));
    s.time_min = comm.allreduce_min(t.seconds);
    s.time_max = comm.allreduce_max(t.seconds);
    s.time_avg = comm.allreduce_sum(t.seconds) / ranks;
    s.flops = comm.allreduce_sum(t.flops);
    s.bytes = comm.allreduce_sum(t.bytes);
    out.push_back(s);
  }
  return out;
}

}  // namespace karst::bench
