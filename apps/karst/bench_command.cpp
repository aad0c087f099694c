//! `karst bench`: a suite file's cases, each repeated, reported against the node's measured
//! roofline, the system's peak and the Gui'an peak, and optionally checked against references.
//! The story: options -> suite -> run the cases through the registry -> records -> table; the
//! harness's arithmetic (spreads, roofline position, checks) is bench/'s.

#include "apps/common/data_dir.hpp"
#include "apps/common/preemption.hpp"
#include "apps/common/run_directory.hpp"
#include "apps/common/summary.hpp"
#include "apps/karst/commands.hpp"
#include "apps/karst/workload_registry.hpp"
#include "base/error.hpp"
#include "bench/case_section.hpp"
#include "bench/ceilings.hpp"
#include "bench/record_figures.hpp"
#include "bench/references.hpp"
#include "bench/repetition_stats.hpp"
#include "bench/roofline.hpp"
#include "bench/suite.hpp"
#include "bench/suite_progress.hpp"
#include "bench/system_description.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>

namespace karst::cli {

namespace {

const apps::Workload& find_workload(const std::string& name, const std::string& where) {
  for (const auto& w : workloads())
    if (w.name == name) return w;
  throw Error(where, "unknown workload '" + name + "'");
}

//! What the options ask for, loaded and checked before anything runs.
struct BenchPlan {
  bench::Suite suite;
  bench::SystemDescription system;
  std::vector<bench::BenchCase> cases;
  std::string refs_path;             //!< --references, or bench/references/<system>-<suite>.yaml
  bench::References refs;            //!< loaded with --check
  std::vector<std::string> skipped;  //!< cases left out because their data file is not there
};

void check_writable_parent(const std::string& file) {
  const auto parent = std::filesystem::path(file).parent_path();
  const std::string dir = parent.empty() ? "." : parent.string();
  if (!std::filesystem::is_directory(dir) || access(dir.c_str(), W_OK) != 0)
    throw Error("--save-references " + file,
                "directory '" + dir + "' does not exist or is not writable");
}

BenchPlan plan_bench(const BenchOptions& b) {
  const std::string root = apps::data_dir() + "/bench";
  BenchPlan p;
  p.suite = bench::load_suite(bench::suite_file(b.suite, root + "/suites"));
  p.system = bench::load_system(bench::system_file(b.system, root + "/systems"));
  p.cases = bench::filter_cases(p.suite, b.filter);
  if (p.cases.empty())
    throw UsageError("--filter " + b.filter, "matches no case of suite '" + p.suite.name + "'");
  for (const auto& c : p.cases) find_workload(c.workload, p.suite.path + ": case " + c.name);
  p.skipped = bench::resolve_case_data(p.cases, apps::data_dir());
  p.refs_path = !b.references.empty()
                    ? b.references
                    : fmt::format("{}/references/{}-{}.yaml", root, p.system.name, p.suite.name);
  // Checked before anything runs: a references file without any of these cases, or one that
  // cannot be written, would otherwise fail only after the whole suite had run and been saved.
  if (b.check && !p.cases.empty()) {
    p.refs = bench::load_references(p.refs_path);
    if (!bench::has_reference_for_any(p.refs, p.cases))
      throw Error(p.refs_path, "has no reference for any case that would run");
  }
  if (!b.save_references.empty()) check_writable_parent(b.save_references);
  return p;
}

//! One `karst bench` under way: what it was asked, where its records go, how far it is.
struct BenchRun {
  const RunOptions& options;
  const BenchOptions& args;
  const BenchPlan& plan;
  const mpi::Comm& comm;
  apps::RunDirectory& dir;
  bench::SuiteProgress& progress;
  int total_runs;  //!< the cases' warm-ups and repetitions
};

//! What the cases yield, for the summary, --save-references and --check.
struct BenchResults {
  std::vector<apps::SummaryEntry> entries;
  bench::References measured_refs;
  std::vector<bench::CheckLine> check_lines;
};

//! The node's roofline: from a saved ceilings record, or measured first.
bench::Roofline node_roofline(const BenchRun& run, bool measure, BenchResults& results) {
  if (!run.args.machine.empty())
    return bench::roofline_from_ceilings(bench::RunRecord::read_json(run.args.machine).doc(),
                                         run.args.machine);
  if (!measure) return {};
  run.progress.before("ceilings");
  const auto& w = find_workload("ceilings", "karst bench");
  const std::string out = run.dir.path() + "/ceilings";
  apps::make_directories(out, run.comm);
  auto ceilings = w.run(apps::Config{}, apps::RunEnv{run.comm, out, false});
  run.progress.after();
  const auto roof = bench::roofline_from_ceilings(ceilings.record.doc(), "ceilings");
  if (run.comm.is_root()) ceilings.record.write(run.dir.path(), "ceilings");
  results.entries.push_back({"ceilings", ceilings});
  return roof;
}

//! Weak scaling: `<workload>.size` such that the case does `factor` times its work.
std::string scaled_size(const apps::Workload& w, const apps::Config& config, double factor) {
  if (w.size_key.empty())
    throw UsageError("--scale", "workload '" + w.name + "' has no size to scale");
  const double size = config.get_double(w.size_key, 1.0);
  return fmt::format("{}={:.6g}", w.size_key,
                     bench::weak_scaled_size(size, factor, w.size_dimensions));
}

//! The case's settings, its weak-scaling size, then the command line's --set.
apps::Config case_config(const BenchRun& run, const bench::BenchCase& c, const apps::Workload& w) {
  apps::Config config;
  for (const auto& set : c.sets) config.apply_override(set);
  // A case on a data file has the file's size: --scale leaves it as it is.
  if (run.args.work_scale != 1.0 && c.data_key.empty())
    config.apply_override(scaled_size(w, config, run.args.work_scale));
  for (const auto& set : run.options.sets) config.apply_override(set);
  return config;
}

// A time limit or preemption (SIGUSR1) ends the suite between runs or inside one; the records
// finished so far are kept.
apps::WorkloadRun run_once(const BenchRun& run, const apps::Workload& w, const apps::Config& config,
                           const std::string& out, const std::string& case_name) {
  const auto stop = fmt::format("preempted by SIGUSR1 at run {}/{} ({})", run.progress.done() + 1,
                                run.total_runs, case_name);
  if (apps::preemption_requested(run.comm))
    throw apps::keep_preempted_run(run.dir, apps::Preempted("karst bench", stop));
  try {
    return w.run(config, apps::RunEnv{run.comm, out, false});
  } catch (const apps::Preempted&) {
    throw apps::keep_preempted_run(run.dir, apps::Preempted("karst bench", stop));
  }
}

//! The case's warm-ups, then its repetitions, whose runs are returned.
std::vector<apps::WorkloadRun> run_repetitions(const BenchRun& run, const bench::BenchCase& c,
                                               const apps::Workload& w, const std::string& out) {
  std::vector<apps::WorkloadRun> runs;
  for (int r = 0; r < c.warmups + c.repetitions; ++r) {
    const bool warm = r < c.warmups;
    run.progress.before(fmt::format("{}, {} {}/{}", c.name, warm ? "warm-up" : "repetition",
                                    warm ? r + 1 : r - c.warmups + 1,
                                    warm ? c.warmups : c.repetitions));
    auto result = run_once(run, w, case_config(run, c, w), out, c.name);
    run.progress.after();
    if (!warm) runs.push_back(std::move(result));
  }
  return runs;
}

//! Runs one case and keeps its median-time run's record, with the `bench` section added.
void run_case(const BenchRun& run, const bench::BenchCase& c, const bench::Roofline& roof,
              BenchResults& results) {
  const auto& w = find_workload(c.workload, run.plan.suite.path);
  const std::string out = run.dir.path() + "/" + c.name;
  apps::make_directories(out, run.comm);
  const auto runs = run_repetitions(run, c, w, out);
  std::vector<std::map<std::string, double>> figures;
  for (const auto& r : runs) figures.push_back(bench::figures_of(r.record.doc()));
  const auto repetitions = bench::summarize_repetitions(figures);
  apps::WorkloadRun kept = runs[repetitions.median_run];
  const auto higher_is_better = bench::higher_is_better_of(kept.record.doc());
  for (const auto& [name, ref] :
       bench::references_from_medians(repetitions.medians, higher_is_better))
    results.measured_refs.cases[c.name][name] = ref;
  auto section =
      bench::case_section(run.plan.suite, c, run.plan.system, roof, repetitions, kept.record.doc());
  if (run.args.check) {
    const auto lines = bench::check_case(run.plan.refs, c.name, repetitions.medians);
    section["check"] = bench::check_section(lines, run.plan.refs_path);
    results.check_lines.insert(results.check_lines.end(), lines.begin(), lines.end());
  }
  kept.record.set_bench(section);
  kept.highlights.push_back(bench::case_highlight(section, repetitions));
  if (run.comm.is_root()) kept.record.write(run.dir.path(), c.name);
  results.entries.push_back({c.name, kept});
}

void print_results(const BenchRun& run, const BenchResults& results) {
  if (!run.comm.is_root()) return;
  std::cout << apps::format_summary(results.entries, run.dir.final_path());
  if (!run.args.save_references.empty()) {
    bench::save_references(results.measured_refs, run.args.save_references);
    std::cout << "references: " << run.args.save_references << "\n";
  }
  if (run.args.check) std::cout << bench::check_table(results.check_lines, run.plan.refs_path);
}

int exit_code(const BenchOptions& b, const BenchPlan& plan, const BenchResults& results) {
  bool regressed = false;
  for (const auto& l : results.check_lines) regressed |= l.regressed;
  if (b.check && results.check_lines.empty())
    throw Error(plan.refs_path, "has no reference for any case that ran");
  return regressed ? kExitRegression : 0;
}

}  // namespace

int bench_command(const RunOptions& options, const BenchOptions& b, const mpi::Comm& comm) {
  const BenchPlan plan = plan_bench(b);
  if (comm.is_root())
    for (const auto& line : plan.skipped) std::cout << "karst bench: " << line << "\n";
  if (plan.cases.empty()) return 0;  // every case skipped, and said so: nothing to record
  apps::make_directories(options.out_parent, comm);
  apps::RunDirectory dir(apps::RunDirectory::timestamped(options.out_parent), comm);
  int total_runs = 0;
  for (const auto& c : plan.cases) total_runs += c.repetitions + c.warmups;
  const bool measure = b.machine.empty() && plan.suite.measure_ceilings;
  bench::SuiteProgress progress(comm.is_root() && !options.quiet, total_runs + (measure ? 1 : 0));
  const BenchRun run{options, b, plan, comm, dir, progress, total_runs};

  BenchResults results;
  results.measured_refs.system = plan.system.name;
  const bench::Roofline roof = node_roofline(run, measure, results);
  for (const auto& c : plan.cases) run_case(run, c, roof, results);
  progress.finish();
  dir.commit();
  print_results(run, results);
  return exit_code(b, plan, results);
}

}  // namespace karst::cli
