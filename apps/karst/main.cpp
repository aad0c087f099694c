//! karst <workload> --config X -> app -> kernels -> io -> bench record.
//! This file only builds the command line and hands over to the subcommands.

#include "apps/common/error_edge.hpp"
#include "apps/common/preemption.hpp"
#include "apps/karst/commands.hpp"
#include "apps/karst/compare_command.hpp"
#include "apps/karst/workload_registry.hpp"
#include "base/error.hpp"
#include "base/mpi/comm.hpp"

#include <CLI/CLI.hpp>
#include <Kokkos_Core.hpp>

#include <cstdlib>
#include <iostream>

namespace karst::apps {
namespace {

void add_run_options(CLI::App& cmd, RunOptions& o, bool with_scenario) {
  cmd.add_option("-c,--config", o.config_file, "YAML configuration file")->check(CLI::ExistingFile);
  cmd.add_option("--set", o.sets,
                 "override a configuration key, e.g. --set flood.cfl=0.4 (repeatable)")
      ->allow_extra_args(false);
  cmd.add_option("-o,--out", o.out_parent,
                 "parent directory of the run directory <out>/<timestamp>/")
      ->capture_default_str();
  if (with_scenario) cmd.add_option("--scenario", o.scenario, "built-in scenario to run");
  cmd.add_flag("-q,--quiet", o.quiet, "no progress lines");
}

// Job scripts export KARST_EXPECT_RANKS=$SLURM_NTASKS: Open MPI under a srun without PMIx starts
// N one-rank jobs that would each run the whole case and overwrite each other's results.
void check_expected_ranks(const mpi::Comm& comm) {
  const char* expect = std::getenv("KARST_EXPECT_RANKS");
  if (!expect || !*expect) return;
  char* end = nullptr;
  const long n = std::strtol(expect, &end, 10);
  if (*end != '\0' || n < 1)
    throw UsageError("KARST_EXPECT_RANKS=" + std::string(expect), "expected a rank count");
  if (n != comm.size())
    throw Error("KARST_EXPECT_RANKS",
                "the job asked for " + std::to_string(n) +
                    " MPI ranks but this process is one of " + std::to_string(comm.size()) +
                    " (is srun missing --mpi=pmix, or Open MPI built without PMIx?)");
}

int cli_main(int argc, char** argv, const mpi::Comm& comm) {
  CLI::App app{
      "Karst: HPC workloads (flood, fusion, routing) and benchmark harness of the Gui'an centre.\n"
      "Every run writes a versioned JSON + HDF5 record with time, FLOPs, bytes and PFlop/s\n"
      "against the centre's 13 PFlop/s peak.",
      "karst"};
  app.require_subcommand(1);
  app.set_version_flag("--version", KARST_VERSION);
  app.footer(
      "Examples:\n  karst demo\n  karst info\n  mpiexec -n 2 karst ceilings --quiet\n"
      "  karst compare results/<run A> results/<run B>\n"
      "  karst jobs --system guian-cpu --suite scaling --nodes 1,2,4 --weak\n"
      "See docs/user-guide.md for configuration keys.");

  bool info_json = false;
  auto* info =
      app.add_subcommand("info", "show Kokkos, MPI, HDF5, compiler, CPU/GPU and git commit");
  info->add_flag("--json", info_json, "print as JSON");

  RunOptions demo_opts;
  auto* demo = app.add_subcommand("demo", "run every workload's built-in default scenario");
  add_run_options(*demo, demo_opts, false);

  RunOptions bench_opts;
  bench_opts.out_parent = "results";
  BenchOptions bench_args;
  auto* bench = app.add_subcommand("bench", "run a benchmark suite and write run records");
  add_run_options(*bench, bench_opts, false);
  bench->add_option("--suite", bench_args.suite, "quick, node, scaling (bench/suites) or a file")
      ->capture_default_str();
  bench->add_option("--filter", bench_args.filter, "only cases whose name or workload has this");
  bench->add_option("--system", bench_args.system, "system description (bench/systems) or a file")
      ->capture_default_str();
  bench->add_option("--machine", bench_args.machine,
                    "a saved ceilings record (ceilings.json) instead of measuring the roofline");
  bench->add_flag("--check", bench_args.check,
                  "compare medians with the references; exit 4 on a regression");
  bench->add_option("--references", bench_args.references,
                    "references file (default bench/references/<system>-<suite>.yaml)");
  bench
      ->add_option("--scale", bench_args.work_scale,
                   "weak scaling: every case does this many times its work (e.g. the node count)")
      ->check(CLI::Range(1e-3, 1e6));
  bench->add_option("--save-references", bench_args.save_references,
                    "write this run's medians as a references file");

  CompareOptions compare_opts;
  auto* compare = app.add_subcommand(
      "compare", "compare runs side by side: table, bar charts, roofline and report.html");
  compare
      ->add_option("runs", compare_opts.runs,
                   "run directories or record .json files; the first is the baseline")
      ->required();
  compare->add_option("-o,--out", compare_opts.out,
                      "output directory (default compare/<UTC timestamp>/)");
  compare->add_flag("-q,--quiet", compare_opts.quiet, "do not print the table");

  JobsOptions jobs_opts;
  auto* jobs = app.add_subcommand(
      "jobs", "write Slurm batch scripts (one per node count) for a suite or a workload run");
  jobs->add_option("--system", jobs_opts.system, "system description (bench/systems) or a file")
      ->capture_default_str();
  jobs->add_option("--suite", jobs_opts.suite, "bench suite the jobs run (default: scaling)");
  jobs->add_option("--workload", jobs_opts.workload, "or one workload run, e.g. flood");
  jobs->add_option("--filter", jobs_opts.filter, "only the suite's cases that match this");
  jobs->add_option("--set", jobs_opts.sets, "a configuration override for every run (repeatable)")
      ->allow_extra_args(false);
  jobs->add_option("--nodes", jobs_opts.nodes, "node counts, one script each, e.g. 1,2,4")
      ->capture_default_str();
  jobs->add_flag("--weak", jobs_opts.weak, "weak scaling: each case's work times the node count");
  jobs->add_flag("--strong", jobs_opts.strong, "strong scaling: the same cases on every count");
  jobs->add_option("--ranks-per-node", jobs_opts.ranks_per_node,
                   "MPI ranks per node (default: the system's, one per GPU on GPU nodes)");
  jobs->add_option("--threads-per-rank", jobs_opts.threads_per_rank,
                   "OpenMP threads per rank (default: cores / ranks)");
  jobs->add_option("--time", jobs_opts.time_limit, "Slurm time limit")->capture_default_str();
  jobs->add_option("--account", jobs_opts.account, "Slurm account to charge");
  jobs->add_flag("--gres", jobs_opts.gres, "request GPUs as --gres=gpu:N (older sites)");
  jobs->add_option("-o,--out", jobs_opts.out, "directory for the scripts and the job outputs")
      ->capture_default_str();

  std::vector<std::string> ctest_args;
  auto* test = app.add_subcommand("test", "run the test suite through ctest");
  test->add_option("ctest_args", ctest_args, "extra arguments passed to ctest");
  test->allow_extras();

  std::vector<std::pair<CLI::App*, RunOptions>> workload_cmds;
  workload_cmds.reserve(workloads().size());
  // Values of the flag aliases, kept apart per workload; turned into --set after parsing.
  std::vector<std::vector<std::string>> alias_values(workloads().size());
  std::vector<std::vector<bool>> alias_flags(workloads().size());
  for (size_t w = 0; w < workloads().size(); ++w) {
    const auto& wl = workloads()[w];
    workload_cmds.emplace_back(app.add_subcommand(wl.name, wl.description), RunOptions{});
    auto& cmd = *workload_cmds.back().first;
    add_run_options(cmd, workload_cmds.back().second, true);
    alias_values[w].resize(wl.flags.size());
    alias_flags[w].assign(wl.flags.size(), false);
    for (size_t f = 0; f < wl.flags.size(); ++f) {
      const auto& a = wl.flags[f];
      const std::string help = a.help + " (same as --set " + a.key + "=...)";
      if (a.takes_value) {
        cmd.add_option(a.flag, alias_values[w][f], help);
      } else {
        cmd.add_flag_callback(
            a.flag, [&alias_flags, w, f] { alias_flags[w][f] = true; }, help);
      }
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    if (comm.is_root()) std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    if (comm.is_root()) std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    if (comm.is_root()) std::cout << KARST_VERSION << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    throw UsageError("command line", e.what());
  }

  check_expected_ranks(comm);
  if (info->parsed()) return info_command(comm, info_json);
  if (demo->parsed()) return demo_command(demo_opts, comm);
  if (bench->parsed()) return bench_command(bench_opts, bench_args, comm);
  if (test->parsed()) return test_command(ctest_args);
  if (jobs->parsed()) return jobs_command(jobs_opts, comm);
  if (compare->parsed()) return compare_command(compare_opts, comm);
  for (size_t i = 0; i < workload_cmds.size(); ++i) {
    if (!workload_cmds[i].first->parsed()) continue;
    auto options = workload_cmds[i].second;
    const auto& flags = workloads()[i].flags;
    for (size_t f = 0; f < flags.size(); ++f) {
      if (!alias_values[i][f].empty())
        options.sets.push_back(flags[f].key + "=" + alias_values[i][f]);
      if (alias_flags[i][f]) options.sets.push_back(flags[f].key + "=true");
    }
    return workload_command(workloads()[i], options, comm);
  }
  throw UsageError("command line", "no subcommand given");
}

}  // namespace
}  // namespace karst::apps

int main(int argc, char** argv) {
  karst::mpi::Session mpi(argc, argv);
  const auto world = karst::mpi::Comm::world();
  // Kokkos takes its own --kokkos-* arguments out of argv before CLI11 sees them.
  Kokkos::ScopeGuard kokkos(argc, argv);
  karst::apps::install_preemption_handler();
  return karst::apps::run_guarded(world, [&] {
    const int code = karst::apps::cli_main(argc, argv, world);
    // A summary or `karst info --json` written to a full disk must not pass for success: the
    // stream only says so when it is flushed.
    std::cout.flush();
    if (!std::cout) throw karst::Error("standard output", "write failed (is the disk full?)");
    return code;
  });
}
