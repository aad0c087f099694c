#include "apps/common/run_directory.hpp"
#include "apps/common/summary.hpp"
#include "apps/karst/commands.hpp"
#include "io/atomic_file.hpp"
#include "kernels/common/error.hpp"

#include <sys/wait.h>

#include <fmt/format.h>
#include <cstdlib>

#include <filesystem>
#include <iostream>

namespace karst::apps {

Config load_config(const RunOptions& options, const mpi::Comm& comm) {
  Config config;
  if (!options.config_file.empty()) {
    // Rank 0 reads, everyone parses the same text: one file-system access, one error message.
    std::string text, error;
    if (comm.is_root()) {
      try {
        text = io::read_text(options.config_file);
      } catch (const Error& e) {
        error = e.what();
      }
    }
    error = comm.broadcast(error);
    if (!error.empty()) throw Error("config", error);
    config = Config::from_text(comm.broadcast(text), options.config_file);
  }
  for (const auto& s : options.sets) config.apply_override(s);
  // Each workload rejects unknown keys of its own section; a misspelt section is caught here.
  for (const auto& section : config.sections()) {
    bool known = false;
    for (const auto& w : workloads()) known |= w.name == section;
    if (!known)
      throw Error(config.origin(), "unknown configuration section '" + section +
                                       "' (sections are workload names, e.g. 'flood')");
  }
  return config;
}

namespace {

WorkloadRun run_into(const Workload& w, Config& config, const std::string& out_dir,
                     const mpi::Comm& comm, bool quiet) {
  const std::string dir = out_dir + "/" + w.name;
  if (comm.is_root()) make_directories(dir);
  comm.barrier();
  if (comm.is_root() && !quiet)
    std::cerr << "karst: running " << w.name << " (" << w.description << ")\n";
  RunEnv env{comm, dir, !quiet};
  auto run = w.run(config, env);
  if (comm.is_root()) run.record.write(out_dir, w.name);
  return run;
}

}  // namespace

int workload_command(const Workload& w, const RunOptions& options, const mpi::Comm& comm) {
  Config config = load_config(options, comm);
  if (!options.scenario.empty()) config.apply_override(w.name + ".scenario=" + options.scenario);
  if (comm.is_root()) make_directories(options.out_parent);
  RunDirectory dir(RunDirectory::timestamped(options.out_parent), comm);
  auto run = run_into(w, config, dir.path(), comm, options.quiet);
  dir.commit();
  if (comm.is_root()) std::cout << format_summary({{w.name, run}}, dir.final_path());
  return 0;
}

int demo_command(const RunOptions& options, const mpi::Comm& comm) {
  Config config = load_config(options, comm);
  if (comm.is_root()) make_directories(options.out_parent);
  RunDirectory dir(RunDirectory::timestamped(options.out_parent), comm);
  std::vector<SummaryEntry> entries;
  for (const auto& w : workloads())
    entries.push_back({w.name, run_into(w, config, dir.path(), comm, options.quiet)});
  dir.commit();
  if (comm.is_root()) std::cout << format_summary(entries, dir.final_path());
  return 0;
}

namespace {
const Workload& find_workload(const std::string& name) {
  for (const auto& w : workloads())
    if (w.name == name) return w;
  throw Error("karst", "workload '" + name + "' is not registered");
}
}  // namespace

int bench_command(const RunOptions& options, const std::string& suite, const mpi::Comm& comm) {
  if (suite != "quick")
    throw UsageError("bench --suite " + suite, "only the 'quick' suite exists so far");
  // The quick suite: the node's ceilings first, then each workload at a small size, reported
  // against those ceilings. (Suite files, references and --check come with the harness issue.)
  struct Case {
    std::string workload;
    std::vector<std::string> sets;
  };
  const std::vector<Case> cases = {
      {"ceilings", {}},
      {"flood", {"flood.size=0.25", "flood.t_end_s=900", "flood.output.snapshot_interval_s=0"}},
      {"fusion", {"fusion.size=0.5"}},
  };
  if (comm.is_root()) make_directories(options.out_parent);
  RunDirectory dir(RunDirectory::timestamped(options.out_parent), comm);
  std::vector<SummaryEntry> entries;
  double stream_triad = 0.0, fp64_peak = 0.0;
  for (const auto& c : cases) {
    const auto& w = find_workload(c.workload);
    Config config = load_config(options, comm);
    for (const auto& set : c.sets) config.apply_override(set);
    const std::string out = dir.path() + "/" + w.name;
    if (comm.is_root()) make_directories(out);
    comm.barrier();
    if (comm.is_root() && !options.quiet) std::cerr << "karst bench: case " << w.name << "\n";
    auto run = w.run(config, RunEnv{comm, out, !options.quiet});
    const auto& doc = run.record.doc();
    if (w.name == "ceilings") {
      stream_triad = doc["results"]["ceilings"]["stream_triad_gbytes_per_s"].get<double>();
      fp64_peak = doc["results"]["ceilings"]["fp64_gflops_per_s"].get<double>();
    } else if (w.name == "fusion" && fp64_peak > 0 && stream_triad > 0) {
      // STARFM is compute-bound: against the FMA peak; Brovey streams: against STREAM triad.
      const auto figure = [&](const char* name) {
        for (const auto& f : doc["figures_of_merit"])
          if (f["name"] == name) return f["value"].get<double>();
        return 0.0;
      };
      const double gflops = figure("starfm_gflops"), gbs = figure("brovey_gbytes_per_s");
      run.record.add_figure({"starfm_fraction_of_fp64_peak", gflops / fp64_peak, "1", true});
      run.record.add_figure({"brovey_fraction_of_stream_triad", gbs / stream_triad, "1", true});
      run.highlights.push_back(
          fmt::format("STARFM {:.2f} GFLOP/s = {:.1f}% of the measured FP64 FMA peak; Brovey "
                      "{:.1f}% of STREAM triad",
                      gflops, 100 * gflops / fp64_peak, 100 * gbs / stream_triad));
    } else if (stream_triad > 0) {
      const double gbs = doc["totals"]["gbytes_per_s"].get<double>();
      run.record.add_figure({"fraction_of_stream_triad", gbs / stream_triad, "1", true});
      run.highlights.push_back(fmt::format("{:.2f} GB/s = {:.1f}% of the measured STREAM triad",
                                           gbs, 100 * gbs / stream_triad));
    }
    if (comm.is_root()) run.record.write(dir.path(), w.name);
    entries.push_back({w.name, run});
  }
  dir.commit();
  if (comm.is_root()) std::cout << format_summary(entries, dir.final_path());
  return 0;
}

int test_command(const std::vector<std::string>& ctest_args) {
  std::string cmd = "ctest --test-dir '" KARST_BINARY_DIR "' --output-on-failure";
  for (const auto& a : ctest_args) cmd += " '" + a + "'";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}

}  // namespace karst::apps
