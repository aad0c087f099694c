#pragma once
//! What every workload looks like to the CLI: a configuration in, a run record and a few summary
//! lines out. config -> decomposition -> io in -> kernels -> io out -> bench record.

#include "apps/common/config.hpp"
#include "base/mpi/comm.hpp"
#include "bench/run_record.hpp"

#include <functional>
#include <string>
#include <vector>

namespace karst::apps {

struct RunEnv {
  mpi::Comm comm = mpi::Comm::world();
  std::string out_dir;   //!< where the workload writes its outputs (already exists)
  bool progress = true;  //!< print progress lines on rank 0
};

struct WorkloadRun {
  bench::RunRecord record;
  std::vector<std::string> highlights;  //!< one-line results for the demo summary
};

//! A command-line flag that is a shortcut for one configuration key (`--size 2` is
//! `--set flood.size=2`); flags without a value set the key to true.
struct FlagAlias {
  std::string flag;  //!< e.g. "--size"
  std::string key;   //!< e.g. "flood.size"
  std::string help;
  bool takes_value = true;
};

struct Workload {
  std::string name;
  std::string default_scenario;
  std::string description;
  std::function<WorkloadRun(const Config&, const RunEnv&)> run;
  std::vector<FlagAlias> flags;
  //! The key that scales the problem, and how many dimensions it scales: work grows as
  //! size^size_dimensions (2 for a raster side, 1 for a node count). Empty: not scalable.
  std::string size_key = {};
  double size_dimensions = 1.0;
  //! Command lines for `karst <name> --help` to show, each runnable from the top of the source
  //! tree as written (but for a <placeholder> naming an earlier run's output).
  std::vector<std::string> examples = {};
};

}  // namespace karst::apps
