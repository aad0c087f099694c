#include "apps/ceilings/ceilings_app.hpp"

#include "apps/common/memory_check.hpp"
#include "bench/ceilings.hpp"
#include "bench/system_info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace karst::apps {

WorkloadRun run_ceilings(const Config& config, const RunEnv& env) {
  bench::CeilingOptions o;
  o.stream_elements =
      config.get_int_in("ceilings.stream_elements", o.stream_elements, 1024, 1LL << 34);
  o.repetitions =
      static_cast<int>(config.get_int_in("ceilings.repetitions", o.repetitions, 1, 1000));
  o.fma_iterations =
      static_cast<int>(config.get_int_in("ceilings.fma_iterations", o.fma_iterations, 1, 1 << 24));
  o.fma_items = config.get_int_in("ceilings.fma_items", o.fma_items, 1, 1LL << 30);
  config.reject_unknown("ceilings");
  // STREAM's three arrays, then the FMA output (double and float), one after the other.
  const double stream_bytes = 3 * 8.0 * double(o.stream_elements);
  const double fma_bytes = 8.0 * double(o.fma_items);
  require_memory(stream_bytes >= fma_bytes ? "ceilings.stream_elements" : "ceilings.fma_items",
                 {kProcessBytes, std::max(stream_bytes, fma_bytes),
                  fmt::format("3 STREAM arrays of {} doubles, or {} FMA outputs of 8 B",
                              o.stream_elements, o.fma_items)},
                 env.comm);

  bench::Profile profile;
  env.comm.barrier();
  const auto t0 = std::chrono::steady_clock::now();
  const auto local = bench::measure_ceilings(o, profile);
  const double wall = env.comm.allreduce_max(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  // Every rank measures at once, so the node's figure is the sum over ranks.
  bench::Ceilings node;
  node.copy_gbytes_per_s = env.comm.allreduce_sum(local.copy_gbytes_per_s);
  node.triad_gbytes_per_s = env.comm.allreduce_sum(local.triad_gbytes_per_s);
  node.fp64_gflops_per_s = env.comm.allreduce_sum(local.fp64_gflops_per_s);
  node.fp32_gflops_per_s = env.comm.allreduce_sum(local.fp32_gflops_per_s);

  bench::RunRecord record("ceilings", "node-roofline", bench::collect_system_info(env.comm),
                          config.effective());
  record.set_measurements(profile.reduce(env.comm), wall);
  record.add_figure({"stream_copy_bandwidth", node.copy_gbytes_per_s, "GB/s", true});
  record.add_figure({"stream_triad_bandwidth", node.triad_gbytes_per_s, "GB/s", true});
  record.add_figure({"fp64_fma_peak", node.fp64_gflops_per_s, "GFLOP/s", true});
  record.add_figure({"fp32_fma_peak", node.fp32_gflops_per_s, "GFLOP/s", true});
  record.set_results({{"ceilings", node.to_json()}});

  WorkloadRun run{record, {}};
  run.highlights.push_back(fmt::format("STREAM copy {:.1f} GB/s, triad {:.1f} GB/s",
                                       node.copy_gbytes_per_s, node.triad_gbytes_per_s));
  run.highlights.push_back(fmt::format("FMA peak FP64 {:.1f} GFLOP/s, FP32 {:.1f} GFLOP/s",
                                       node.fp64_gflops_per_s, node.fp32_gflops_per_s));
  return run;
}

}  // namespace karst::apps
