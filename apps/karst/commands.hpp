#pragma once
//! The subcommands of `karst`. Each returns the process exit code.

#include "apps/common/workload.hpp"

#include <string>
#include <vector>

namespace karst::apps {

struct RunOptions {
  std::string config_file;          //!< --config
  std::vector<std::string> sets;    //!< --set key=value, applied after the file
  std::string out_parent = "runs";  //!< --out: runs/<timestamp>/ is created below it
  std::string scenario;             //!< --scenario, a shortcut for --set <workload>.scenario=...
  bool quiet = false;
};

int info_command(const mpi::Comm& comm, bool as_json);
int workload_command(const Workload& workload, const RunOptions& options, const mpi::Comm& comm);
int demo_command(const RunOptions& options, const mpi::Comm& comm);
struct BenchOptions {
  std::string suite = "quick";       //!< a name in bench/suites or a path
  std::string filter;                //!< run only cases whose name or workload contains this
  std::string system = "localhost";  //!< a name in bench/systems or a path
  std::string machine;               //!< a saved ceilings record instead of measuring
  bool check = false;                //!< compare with references, exit 4 on a regression
  std::string references;            //!< default bench/references/<system>-<suite>.yaml
  std::string save_references;       //!< write this run's medians as references here
};

//! Exit code of `karst bench --check` when a figure regressed beyond its tolerance.
inline constexpr int kExitRegression = 4;

int bench_command(const RunOptions& options, const BenchOptions& bench, const mpi::Comm& comm);
int test_command(const std::vector<std::string>& ctest_args);

//! Reads the config file on rank 0, broadcasts it, applies the overrides.
Config load_config(const RunOptions& options, const mpi::Comm& comm);

}  // namespace karst::apps
