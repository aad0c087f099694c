#include "bench/ceilings.hpp"

#include "base/error.hpp"
#include "kernels/ceilings/fma_peak.hpp"
#include "kernels/ceilings/stream.hpp"
#include "kernels/common/views.hpp"

#include <algorithm>
#include <chrono>

namespace karst::bench {

namespace {

// Best-of-N wall time of `body`, fenced, every repetition also booked in the profile.
template <class Body>
double best_seconds(int repetitions, Profile& profile, const char* name, KernelCost cost,
                    double items, Body&& body) {
  double best = 1e300;
  for (int r = 0; r < repetitions; ++r) {
    Kokkos::fence();
    const auto t0 = std::chrono::steady_clock::now();
    body();
    Kokkos::fence();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    profile.add(name, s, cost, items);
    best = std::min(best, s);
  }
  return best;
}

template <class Real>
double fma_rate(const CeilingOptions& o, Profile& profile, const char* name) {
  Kokkos::View<Real*, MemSpace> out("ceilings::fma_out", o.fma_items);
  const auto cost = ceilings::fma_peak_cost<Real>(o.fma_iterations);
  ExecSpace space;
  ceilings::fma_peak<Real>(space, out, o.fma_iterations);  // warm-up, not counted
  const double s = best_seconds(o.repetitions, profile, name, cost, double(o.fma_items),
                                [&] { ceilings::fma_peak<Real>(space, out, o.fma_iterations); });
  return cost.flops(double(o.fma_items)) / s * 1e-9;
}

}  // namespace

nlohmann::json Ceilings::to_json() const {
  return {{"stream_copy_gbytes_per_s", copy_gbytes_per_s},
          {"stream_triad_gbytes_per_s", triad_gbytes_per_s},
          {"fp64_gflops_per_s", fp64_gflops_per_s},
          {"fp32_gflops_per_s", fp32_gflops_per_s}};
}

Ceilings measure_ceilings(const CeilingOptions& o, Profile& profile) {
  if (o.stream_elements < 1 || o.repetitions < 1 || o.fma_iterations < 1 || o.fma_items < 1)
    throw Error("bench::ceilings", "sizes and repetitions must be positive");
  Ceilings c;
  ExecSpace space;
  {
    Field1D a("ceilings::a", o.stream_elements), b("ceilings::b", o.stream_elements),
        cc("ceilings::c", o.stream_elements);
    Kokkos::deep_copy(b, 2.0);
    Kokkos::deep_copy(cc, 0.5);
    const double n = double(o.stream_elements);
    ceilings::stream_triad(space, a, b, cc, 3.0);  // first touch and warm-up
    const double copy =
        best_seconds(o.repetitions, profile, "ceilings::stream_copy", ceilings::kStreamCopyCost, n,
                     [&] { ceilings::stream_copy(space, a, b); });
    const double triad =
        best_seconds(o.repetitions, profile, "ceilings::stream_triad", ceilings::kStreamTriadCost,
                     n, [&] { ceilings::stream_triad(space, a, b, cc, 3.0); });
    c.copy_gbytes_per_s = ceilings::kStreamCopyCost.bytes(n) / copy * 1e-9;
    c.triad_gbytes_per_s = ceilings::kStreamTriadCost.bytes(n) / triad * 1e-9;
  }
  c.fp64_gflops_per_s = fma_rate<double>(o, profile, "ceilings::fma_peak_fp64");
  c.fp32_gflops_per_s = fma_rate<float>(o, profile, "ceilings::fma_peak_fp32");
  return c;
}

Roofline roofline_from_ceilings(const nlohmann::json& record, const std::string& source) {
  if (!record.contains("results") || !record["results"].contains("ceilings"))
    throw Error(source, "is not a ceilings record (no results.ceilings)");
  const auto& c = record["results"]["ceilings"];
  for (const char* key : {"fp64_gflops_per_s", "stream_triad_gbytes_per_s"})
    if (!c.contains(key) || !c[key].is_number() || !(c[key].get<double>() > 0))
      throw Error(source, std::string("results.ceilings.") + key + " must be a positive number");
  return {c["fp64_gflops_per_s"].get<double>(), c["stream_triad_gbytes_per_s"].get<double>()};
}

}  // namespace karst::bench
