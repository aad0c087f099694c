#include "apps/common/preemption.hpp"
#include "apps/common/run_directory.hpp"
#include "apps/common/summary.hpp"
#include "apps/karst/commands.hpp"
#include "apps/karst/workload_registry.hpp"
#include "base/atomic_file.hpp"
#include "base/error.hpp"

#include <sys/wait.h>

#include <fmt/format.h>
#include <cstdlib>

#include <filesystem>
#include <iostream>

namespace karst::cli {

apps::Config load_config(const RunOptions& options, const mpi::Comm& comm) {
  apps::Config config;
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
    config = apps::Config::from_text(comm.broadcast(text), options.config_file);
    // Relative paths in the file are resolved from its folder (issue 20).
    config.set_file_dir(std::filesystem::path(options.config_file).parent_path().string());
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

apps::WorkloadRun run_into(const apps::Workload& w, apps::Config& config,
                           const std::string& out_dir, const mpi::Comm& comm, bool quiet) {
  const std::string dir = out_dir + "/" + w.name;
  apps::make_directories(dir, comm);
  if (comm.is_root() && !quiet)
    std::cerr << "karst: running " << w.name << " (" << w.description << ")\n";
  apps::RunEnv env{comm, dir, !quiet};
  auto run = w.run(config, env);
  if (comm.is_root()) run.record.write(out_dir, w.name);
  return run;
}

}  // namespace

int workload_command(const apps::Workload& w, const RunOptions& options, const mpi::Comm& comm) {
  apps::Config config = load_config(options, comm);
  if (!options.scenario.empty()) config.apply_override(w.name + ".scenario=" + options.scenario);
  apps::make_directories(options.out_parent, comm);
  apps::RunDirectory dir(apps::RunDirectory::timestamped(options.out_parent), comm);
  try {
    auto run = run_into(w, config, dir.path(), comm, options.quiet);
    dir.commit();
    if (comm.is_root()) std::cout << apps::format_summary({{w.name, run}}, dir.final_path());
  } catch (const apps::Preempted& stop) {
    throw apps::keep_preempted_run(dir, stop);
  }
  return 0;
}

int demo_command(const RunOptions& options, const mpi::Comm& comm) {
  apps::Config config = load_config(options, comm);
  apps::make_directories(options.out_parent, comm);
  apps::RunDirectory dir(apps::RunDirectory::timestamped(options.out_parent), comm);
  std::vector<apps::SummaryEntry> entries;
  for (const auto& w : workloads())
    entries.push_back({w.name, run_into(w, config, dir.path(), comm, options.quiet)});
  dir.commit();
  if (comm.is_root()) std::cout << apps::format_summary(entries, dir.final_path());
  return 0;
}

int test_command(const std::vector<std::string>& ctest_args) {
  std::string cmd = "ctest --test-dir '" KARST_BINARY_DIR "' --output-on-failure";
  for (const auto& a : ctest_args) cmd += " '" + a + "'";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}

}  // namespace karst::cli
