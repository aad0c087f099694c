//! karst <workload> --config X -> app -> kernels -> io -> bench record.
//! This file only builds the command line and hands over to the subcommands.

#include "apps/common/error_edge.hpp"
#include "apps/common/preemption.hpp"
#include "apps/karst/commands.hpp"
#include "apps/karst/compare_command.hpp"
#include "apps/karst/kokkos_session.hpp"
#include "apps/karst/workload_registry.hpp"
#include "base/error.hpp"
#include "base/mpi/comm.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

namespace karst::cli {
namespace {

//! A subcommand: the CLI11 node that parses it and what runs when it was given. The options it
//! fills are owned by `run`, so they live as long as the table does.
struct Command {
  CLI::App* parser;
  std::function<int(const mpi::Comm&)> run;
};

std::string examples_footer(const std::vector<std::string>& examples) {
  std::string footer = "Examples:";
  for (const auto& e : examples) footer += "\n  " + e;
  return footer;
}

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

Command add_info(CLI::App& app) {
  auto as_json = std::make_shared<bool>(false);
  auto* cmd =
      app.add_subcommand("info", "show Kokkos, MPI, HDF5, compiler, CPU/GPU and git commit");
  cmd->add_flag("--json", *as_json, "print as JSON");
  cmd->footer(examples_footer({"karst info", "karst info --json",
                               "karst info --kokkos-help    # Kokkos' own options first"}));
  return {cmd, [as_json](const mpi::Comm& comm) { return info_command(comm, *as_json); }};
}

Command add_demo(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("demo", "run every workload's built-in default scenario");
  add_run_options(*cmd, *options, false);
  cmd->footer(examples_footer({"karst demo", "karst demo --quiet --out results",
                               "OMP_NUM_THREADS=1 mpiexec -n 2 karst demo"}));
  return {cmd, [options](const mpi::Comm& comm) { return demo_command(*options, comm); }};
}

void add_bench_options(CLI::App& cmd, BenchOptions& b) {
  cmd.add_option("--suite", b.suite, "quick, node, scaling (bench/suites) or a file")
      ->capture_default_str();
  cmd.add_option("--filter", b.filter, "only cases whose name or workload has this");
  cmd.add_option("--system", b.system, "system description (bench/systems) or a file")
      ->capture_default_str();
  cmd.add_option("--machine", b.machine,
                 "a saved ceilings record (ceilings.json) instead of measuring the roofline");
  cmd.add_flag("--check", b.check, "compare medians with the references; exit 4 on a regression");
  cmd.add_option("--references", b.references,
                 "references file (default bench/references/<system>-<suite>.yaml)");
  cmd.add_option("--scale", b.work_scale,
                 "weak scaling: every case does this many times its work (e.g. the node count)")
      ->check(CLI::Range(1e-3, 1e6));
  cmd.add_option("--save-references", b.save_references,
                 "write this run's medians as a references file");
}

Command add_bench(CLI::App& app) {
  struct Bench {
    RunOptions run;
    BenchOptions bench;
  };
  auto options = std::make_shared<Bench>();
  options->run.out_parent = "results";
  auto* cmd = app.add_subcommand("bench", "run a benchmark suite and write run records");
  add_run_options(*cmd, options->run, false);
  add_bench_options(*cmd, options->bench);
  cmd->footer(examples_footer({"karst bench --suite quick --filter ceilings",
                               "karst bench --filter fusion --machine results/<run>/ceilings.json",
                               "karst bench --suite node --system guian-cpu",
                               "karst bench --save-references my-refs.yaml",
                               "karst bench --check --references my-refs.yaml"}));
  return {cmd, [options](const mpi::Comm& comm) {
            return bench_command(options->run, options->bench, comm);
          }};
}

Command add_compare(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand(
      "compare", "compare runs side by side: table, bar charts, roofline and report.html");
  cmd->add_option("runs", options->runs,
                  "run directories or record .json files; the first is the baseline")
      ->required();
  cmd->add_option("-o,--out", options->out, "output directory (default compare/<UTC timestamp>/)");
  cmd->add_flag("-q,--quiet", options->quiet, "do not print the table");
  cmd->footer(examples_footer({"karst compare results/<run A> results/<run B>",
                               "karst compare runs/<A> runs/<B> runs/<C> --out compare/cpu-vs-gpu",
                               "karst compare runs/<A>/flood.json runs/<B>/flood.json"}));
  return {cmd, [options](const mpi::Comm& comm) { return compare_command(*options, comm); }};
}

void add_jobs_options(CLI::App& cmd, JobsOptions& o) {
  cmd.add_option("--system", o.system, "system description (bench/systems) or a file")
      ->capture_default_str();
  cmd.add_option("--suite", o.suite, "bench suite the jobs run (default: scaling)");
  cmd.add_option("--workload", o.workload, "or one workload run, e.g. flood");
  cmd.add_option("--filter", o.filter, "only the suite's cases that match this");
  cmd.add_option("--set", o.sets, "a configuration override for every run (repeatable)")
      ->allow_extra_args(false);
  cmd.add_option("--nodes", o.nodes, "node counts, one script each, e.g. 1,2,4")
      ->capture_default_str();
  cmd.add_flag("--weak", o.weak, "weak scaling: each case's work times the node count");
  cmd.add_flag("--strong", o.strong, "strong scaling: the same cases on every count");
  cmd.add_option("--ranks-per-node", o.ranks_per_node,
                 "MPI ranks per node (default: the system's, one per GPU on GPU nodes)");
  cmd.add_option("--threads-per-rank", o.threads_per_rank,
                 "OpenMP threads per rank (default: cores / ranks)");
  cmd.add_option("--time", o.time_limit, "Slurm time limit")->capture_default_str();
  cmd.add_option("--account", o.account, "Slurm account to charge");
  cmd.add_flag("--gres", o.gres, "request GPUs as --gres=gpu:N (older sites)");
  cmd.add_option("-o,--out", o.out, "directory for the scripts and the job outputs")
      ->capture_default_str();
}

Command add_jobs(CLI::App& app) {
  auto options = std::make_shared<JobsOptions>();
  auto* cmd = app.add_subcommand(
      "jobs", "write Slurm batch scripts (one per node count) for a suite or a workload run");
  add_jobs_options(*cmd, *options);
  cmd->footer(examples_footer(
      {"karst jobs --system guian-cpu --suite scaling --nodes 1,2,4,8 --weak",
       "karst jobs --system guian-gpu --suite scaling --nodes 1,2,4 --strong",
       "karst jobs --system guian-gpu --suite quick --gres",
       "karst jobs --system guian-cpu --workload flood --set flood.size=4 --time 12:00:00"}));
  return {cmd, [options](const mpi::Comm& comm) { return jobs_command(*options, comm); }};
}

Command add_test(CLI::App& app) {
  auto ctest_args = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("test", "run the test suite through ctest");
  cmd->add_option("ctest_args", *ctest_args, "extra arguments passed to ctest");
  cmd->allow_extras();
  cmd->footer(examples_footer(
      {"karst test", "karst test -- -L cli -j2", "karst test -- -R flood --output-on-failure"}));
  return {cmd, [ctest_args](const mpi::Comm&) { return test_command(*ctest_args); }};
}

//! `karst <workload>`'s options: the run options and the values of the workload's flag aliases
//! (`--size 2` is `--set flood.size=2`).
struct WorkloadOptions {
  RunOptions run;
  std::vector<std::string> alias_values;
  std::vector<bool> alias_given;  //!< flags without a value
};

//! The run options with the aliases given turned into --set, after the --set of the line.
RunOptions with_aliases_as_sets(const apps::Workload& w, const WorkloadOptions& o) {
  RunOptions run = o.run;
  for (size_t f = 0; f < w.flags.size(); ++f) {
    if (!o.alias_values[f].empty()) run.sets.push_back(w.flags[f].key + "=" + o.alias_values[f]);
    if (o.alias_given[f]) run.sets.push_back(w.flags[f].key + "=true");
  }
  return run;
}

Command add_workload(CLI::App& app, const apps::Workload& w) {
  auto options = std::make_shared<WorkloadOptions>();
  options->alias_values.resize(w.flags.size());
  options->alias_given.assign(w.flags.size(), false);
  auto* cmd = app.add_subcommand(w.name, w.description);
  add_run_options(*cmd, options->run, true);
  for (size_t f = 0; f < w.flags.size(); ++f) {
    const auto& a = w.flags[f];
    const std::string help = a.help + " (same as --set " + a.key + "=...)";
    if (a.takes_value)
      cmd->add_option(a.flag, options->alias_values[f], help);
    else
      cmd->add_flag_callback(
          a.flag, [o = options.get(), f] { o->alias_given[f] = true; }, help);
  }
  cmd->footer(examples_footer(w.examples) + "\nConfiguration keys: docs/user-guide.md, section " +
              w.name + ".");
  return {cmd, [options, &w](const mpi::Comm& comm) {
            return workload_command(w, with_aliases_as_sets(w, *options), comm);
          }};
}

//! Every subcommand, in the order `karst --help` lists them.
std::vector<Command> add_commands(CLI::App& app) {
  std::vector<Command> commands = {add_info(app),    add_demo(app), add_bench(app),
                                   add_compare(app), add_jobs(app), add_test(app)};
  for (const auto& w : workloads()) commands.push_back(add_workload(app, w));
  return commands;
}

//! Parses argv; an exit code when the command line asked for help or the version instead.
std::optional<int> parse(CLI::App& app, int argc, char** argv, const mpi::Comm& comm) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    if (comm.is_root()) std::cout << app.help();
    return apps::kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    if (comm.is_root()) std::cout << app.help("", CLI::AppFormatMode::All);
    return apps::kExitOk;
  } catch (const CLI::CallForVersion&) {
    if (comm.is_root()) std::cout << KARST_VERSION << "\n";
    return apps::kExitOk;
  } catch (const CLI::ParseError& e) {
    throw UsageError("command line", e.what());
  }
  return std::nullopt;
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
      "See docs/user-guide.md for configuration keys.\n"
      "Each subcommand's options and examples: karst <subcommand> --help\n"
      "Kokkos' own options (--kokkos-*, taken out before Karst reads the line): "
      "karst info --kokkos-help");
  const std::vector<Command> commands = add_commands(app);
  if (const auto code = parse(app, argc, argv, comm)) return *code;
  check_expected_ranks(comm);
  for (const auto& c : commands)
    if (c.parser->parsed()) return c.run(comm);
  throw UsageError("command line", "no subcommand given");
}

}  // namespace
}  // namespace karst::cli

int main(int argc, char** argv) {
  karst::mpi::Session mpi(argc, argv);
  const auto world = karst::mpi::Comm::world();
  // Kokkos takes its own --kokkos-* arguments out of argv before CLI11 sees them; --help is
  // kept from it, so that `karst --help` is Karst's help alone. A backend that cannot start
  // (a CUDA build on a node without a GPU or with too old a driver) throws from Kokkos: one line
  // and exit 1, not an uncaught exception.
  std::optional<karst::cli::KokkosSession> kokkos;
  if (const int code = karst::apps::run_guarded(world, [&] {
        try {
          kokkos.emplace(argc, argv);
        } catch (const std::exception& e) {
          const std::string what = e.what();
          throw karst::Error("Kokkos",
                             std::string("its ") + Kokkos::DefaultExecutionSpace::name() +
                                 " backend could not start: " + what.substr(0, what.find('\n')));
        }
        return 0;
      }))
    return code;
  karst::apps::install_preemption_handler();
  return karst::apps::run_guarded(world, [&] {
    const int code = karst::cli::cli_main(argc, argv, world);
    // A summary or `karst info --json` written to a full disk must not pass for success: the
    // stream only says so when it is flushed.
    std::cout.flush();
    if (!std::cout) throw karst::Error("standard output", "write failed (is the disk full?)");
    return code;
  });
}
