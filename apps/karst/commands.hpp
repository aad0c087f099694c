#pragma once
//! The subcommands of `karst` (namespace karst::cli: the CLI, over the workloads and the
//! harness). Each returns the process exit code.

#include "apps/common/workload.hpp"

#include <string>
#include <vector>

namespace karst::cli {

struct RunOptions {
  std::string config_file;          //!< --config
  std::vector<std::string> sets;    //!< --set key=value, applied after the file
  std::string out_parent = "runs";  //!< --out: runs/<timestamp>/ is created below it
  std::string scenario;             //!< --scenario, a shortcut for --set <workload>.scenario=...
  bool quiet = false;
};

int info_command(const mpi::Comm& comm, bool as_json);
int workload_command(const apps::Workload& workload, const RunOptions& options,
                     const mpi::Comm& comm);
int demo_command(const RunOptions& options, const mpi::Comm& comm);
struct BenchOptions {
  std::string suite = "quick";       //!< a name in bench/suites or a path
  std::string filter;                //!< run only cases whose name or workload contains this
  std::string system = "localhost";  //!< a name in bench/systems or a path
  std::string machine;               //!< a saved ceilings record instead of measuring
  bool check = false;                //!< compare with references, exit 4 on a regression
  std::string references;            //!< default bench/references/<system>-<suite>.yaml
  std::string save_references;       //!< write this run's medians as references here
  double work_scale = 1.0;           //!< weak scaling: every case does this many times its work
};

//! Exit code of `karst bench --check` when a figure regressed beyond its tolerance.
inline constexpr int kExitRegression = 4;

int bench_command(const RunOptions& options, const BenchOptions& bench, const mpi::Comm& comm);
struct JobsOptions {
  std::string system = "localhost";   //!< a name in bench/systems or a path
  std::string suite;                  //!< a bench suite (default scaling) ...
  std::string workload;               //!< ... or one workload run
  std::string filter;                 //!< the suite's cases to run
  std::vector<std::string> sets;      //!< --set, passed on to every run
  std::string nodes = "1";            //!< node counts, e.g. 1,2,4: one script each
  bool weak = false, strong = false;  //!< weak: each case's work grows with the node count
  int ranks_per_node = 0, threads_per_rank = 0;  //!< 0: from the system description
  std::string time_limit = "01:00:00";
  std::string account;
  bool gres = false;
  std::string out = "jobs";
};

int jobs_command(const JobsOptions& options, const mpi::Comm& comm);
int test_command(const std::vector<std::string>& ctest_args);

//! Reads the config file on rank 0, broadcasts it, applies the overrides.
apps::Config load_config(const RunOptions& options, const mpi::Comm& comm);

}  // namespace karst::cli
