#include "apps/ceilings/ceilings_app.hpp"

#include "apps/common/memory_check.hpp"
#include "bench/ceilings.hpp"
#include "bench/phase_clock.hpp"
#include "bench/workload_record.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace karst::ceilings {

namespace {

bench::CeilingOptions parse_ceilings_config(const apps::Config& config) {
  bench::CeilingOptions o;
  o.stream_elements =
      config.get_int_in("ceilings.stream_elements", o.stream_elements, 1024, 1LL << 34);
  o.repetitions =
      static_cast<int>(config.get_int_in("ceilings.repetitions", o.repetitions, 1, 1000));
  o.fma_iterations =
      static_cast<int>(config.get_int_in("ceilings.fma_iterations", o.fma_iterations, 1, 1 << 24));
  o.fma_items = config.get_int_in("ceilings.fma_items", o.fma_items, 1, 1LL << 30);
  config.reject_unknown("ceilings");
  return o;
}

// STREAM's three arrays, then the FMA output (double and float), one after the other.
void require_ceilings_memory(const bench::CeilingOptions& o, const mpi::Comm& comm) {
  const double stream_bytes = 3 * 8.0 * double(o.stream_elements);
  const double fma_bytes = 8.0 * double(o.fma_items);
  apps::require_memory(
      stream_bytes >= fma_bytes ? "ceilings.stream_elements" : "ceilings.fma_items",
      {apps::kProcessBytes, std::max(stream_bytes, fma_bytes),
       fmt::format("3 STREAM arrays of {} doubles, or {} FMA outputs of 8 B", o.stream_elements,
                   o.fma_items)},
      comm);
}

// Every rank measures at once, so the node's figure is the sum over ranks.
bench::Ceilings node_ceilings(const bench::Ceilings& local, const mpi::Comm& comm) {
  bench::Ceilings node;
  node.copy_gbytes_per_s = comm.allreduce_sum(local.copy_gbytes_per_s);
  node.triad_gbytes_per_s = comm.allreduce_sum(local.triad_gbytes_per_s);
  node.fp64_gflops_per_s = comm.allreduce_sum(local.fp64_gflops_per_s);
  node.fp32_gflops_per_s = comm.allreduce_sum(local.fp32_gflops_per_s);
  return node;
}

}  // namespace

apps::WorkloadRun run_ceilings(const apps::Config& config, const apps::RunEnv& env) {
  const auto options = parse_ceilings_config(config);
  require_ceilings_memory(options, env.comm);

  bench::Profile profile;
  const bench::PhaseClock clock(env.comm);
  const auto node = node_ceilings(bench::measure_ceilings(options, profile), env.comm);
  const double wall = clock.seconds();

  auto record = bench::workload_record({"ceilings", "node-roofline", config.effective()}, profile,
                                       wall, env.comm);
  record.add_figure({"stream_copy_bandwidth", node.copy_gbytes_per_s, "GB/s", true});
  record.add_figure({"stream_triad_bandwidth", node.triad_gbytes_per_s, "GB/s", true});
  record.add_figure({"fp64_fma_peak", node.fp64_gflops_per_s, "GFLOP/s", true});
  record.add_figure({"fp32_fma_peak", node.fp32_gflops_per_s, "GFLOP/s", true});
  record.set_results({{"ceilings", node.to_json()}});

  apps::WorkloadRun run{record, {}};
  run.highlights.push_back(fmt::format("STREAM copy {:.1f} GB/s, triad {:.1f} GB/s",
                                       node.copy_gbytes_per_s, node.triad_gbytes_per_s));
  run.highlights.push_back(fmt::format("FMA peak FP64 {:.1f} GFLOP/s, FP32 {:.1f} GFLOP/s",
                                       node.fp64_gflops_per_s, node.fp32_gflops_per_s));
  return run;
}

}  // namespace karst::ceilings
