//! `karst jobs`: ready-to-submit Slurm scripts, one per node count, for a benchmark suite (a
//! scaling study) or for one workload run, sized from the system description.

#include "apps/common/data_dir.hpp"
#include "apps/common/run_directory.hpp"
#include "apps/jobs/job_script.hpp"
#include "apps/karst/commands.hpp"
#include "apps/karst/workload_registry.hpp"
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "bench/suite.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace karst::cli {

namespace {

//! What every job runs: `karst <args>`, named `what` in the job names.
struct JobCommand {
  std::string what;
  std::vector<std::string> args;
  bool restartable = false;
};

jobs::JobRequest base_request(const JobsOptions& o, const std::string& system_file) {
  jobs::JobRequest r;
  r.system = bench::load_system(system_file);
  r.ranks_per_node = o.ranks_per_node;
  r.threads_per_rank = o.threads_per_rank;
  r.time_limit = o.time_limit;
  r.account = o.account;
  r.gres = o.gres;
  r.karst = fs::canonical("/proc/self/exe").string();
  return r;
}

JobCommand workload_job(const JobsOptions& o) {
  const apps::Workload* w = nullptr;
  for (const auto& candidate : workloads())
    if (candidate.name == o.workload) w = &candidate;
  if (!w) throw UsageError("--workload " + o.workload, "no such workload");
  if (o.weak) throw UsageError("--weak", "applies to suites (karst bench --scale)");
  JobCommand job{w->name, {w->name}};
  for (const auto& s : o.sets) job.args.insert(job.args.end(), {"--set", s});
  // A workload that can continue from a checkpoint is resubmitted with --restart.
  for (const auto& f : w->flags) job.restartable |= f.flag == "--restart";
  return job;
}

JobCommand suite_job(const JobsOptions& o, const std::string& root,
                     const std::string& system_file) {
  const std::string suite = o.suite.empty() ? "scaling" : o.suite;
  // A suite that does not load, or a filter that leaves no case, would fail only in the job.
  const auto loaded = bench::load_suite(bench::suite_file(suite, root + "/bench/suites"));
  if (bench::filter_cases(loaded, o.filter).empty())
    throw UsageError("--filter " + o.filter, "matches no case of suite '" + loaded.name + "'");
  JobCommand job{fs::path(suite).stem().string(),
                 {"bench", "--suite",
                  suite.find('/') != std::string::npos ? fs::absolute(suite).string() : suite,
                  "--system", fs::absolute(system_file).string()}};
  if (!o.filter.empty()) job.args.insert(job.args.end(), {"--filter", o.filter});
  for (const auto& s : o.sets) job.args.insert(job.args.end(), {"--set", s});
  return job;
}

// Every script is rendered before any is written: a node count the system cannot give (e.g.
// --nodes 1,1000) leaves no scripts for the counts before it.
std::vector<std::pair<jobs::JobRequest, std::string>> render_scripts(const JobsOptions& o,
                                                                     jobs::JobRequest r,
                                                                     const JobCommand& job,
                                                                     const std::string& out,
                                                                     const std::string& root) {
  std::vector<std::pair<jobs::JobRequest, std::string>> scripts;
  for (int nodes : jobs::parse_node_counts(o.nodes)) {
    r.nodes = nodes;
    r.name =
        fmt::format("karst-{}-{}-{}n{}", job.what, r.system.name, nodes, o.weak ? "-weak" : "");
    r.job_dir = out + "/" + r.name;
    r.karst_args = job.args;
    if (o.weak) r.karst_args.insert(r.karst_args.end(), {"--scale", std::to_string(nodes)});
    scripts.emplace_back(r, jobs::render_job_script(r, root + "/jobscripts"));
  }
  return scripts;
}

void write_scripts(const std::vector<std::pair<jobs::JobRequest, std::string>>& scripts,
                   const std::string& out, const mpi::Comm& comm) {
  apps::make_directories(out, comm);
  for (const auto& [request, script] : scripts) {
    const std::string path = out + "/" + request.name + ".sbatch";
    if (comm.is_root()) {
      apps::make_directories(request.job_dir);  // Slurm opens --output there before the script runs
      io::write_text_atomically(path, script);
      fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
      std::cout << "sbatch " << path << "\n";
    }
  }
}

}  // namespace

int jobs_command(const JobsOptions& o, const mpi::Comm& comm) {
  if (!o.suite.empty() && !o.workload.empty())
    throw UsageError("karst jobs", "give --suite or --workload, not both");
  if (o.weak && o.strong) throw UsageError("karst jobs", "--weak and --strong exclude each other");
  const std::string root = apps::data_dir();
  const std::string system_file = bench::system_file(o.system, root + "/bench/systems");
  jobs::JobRequest r = base_request(o, system_file);

  // The overrides are checked here (key=value, a workload's section) rather than in a job that
  // has waited in the queue; keys inside a section are checked when the run reads them.
  RunOptions overrides;
  overrides.sets = o.sets;
  load_config(overrides, comm);

  const JobCommand job = !o.workload.empty() ? workload_job(o) : suite_job(o, root, system_file);
  r.restartable = job.restartable;
  const auto out = fs::absolute(o.out).lexically_normal().string();
  write_scripts(render_scripts(o, r, job, out, root), out, comm);
  return 0;
}

}  // namespace karst::cli
