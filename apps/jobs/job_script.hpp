#pragma once
//! Slurm batch scripts for a system of bench/systems: a partition's header template
//! (jobscripts/cpu.sbatch.in or gpu.sbatch.in) followed by the job step every partition shares
//! (jobscripts/job_step.sh.in), with the @NAME@ placeholders filled from the request.

#include "bench/system_description.hpp"

#include <string>
#include <vector>

namespace karst::jobs {

struct JobRequest {
  bench::SystemDescription system;
  int nodes = 1;
  int ranks_per_node = 0;    //!< 0: the system's ranks_per_node
  int threads_per_rank = 0;  //!< 0: the node's cores shared among its ranks
  std::string time_limit = "01:00:00";
  std::string account;
  bool gres = false;                    //!< --gres=gpu:N where --gpus-per-node is refused
  std::string name;                     //!< job name, also the stem of its files
  std::string job_dir;                  //!< absolute: log, markers and runs/ go here
  std::string karst;                    //!< absolute path of the karst executable
  std::vector<std::string> karst_args;  //!< e.g. {"bench", "--suite", "scaling"}
  bool restartable = false;             //!< continues from a checkpoint with --restart
};

//! The filled-in script. `templates_dir` holds the *.in files. Throws karst::Error naming the
//! template and placeholder when one is left unfilled, and on impossible requests.
std::string render_job_script(const JobRequest& request, const std::string& templates_dir);

//! "1,2,4" -> {1, 2, 4}; an error names the bad entry.
std::vector<int> parse_node_counts(const std::string& list);

//! Single-quoted for bash, so paths and values with spaces or $ survive.
std::string shell_quote(const std::string& word);

}  // namespace karst::jobs
