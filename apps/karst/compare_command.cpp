#include "apps/karst/compare_command.hpp"
#include "apps/karst/data_dir.hpp"

#include "kernels/common/error.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>

extern char** environ;

namespace karst::apps {

namespace {

constexpr int kNotStarted = -1;

//! Runs args[0] (looked up on PATH) and waits for it. Returns its exit status, 128 + the signal
//! that ended it, or kNotStarted when it could not be run at all.
int spawn_and_wait(const std::vector<std::string>& args, bool silent) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (silent) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return kNotStarted;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return kNotStarted;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : kNotStarted;
}

//! The first candidate interpreter that imports matplotlib; throws naming what to install.
std::string find_python() {
  std::vector<std::string> candidates{"python3", "/usr/bin/python3"};
  if (const char* chosen = std::getenv("KARST_PYTHON"); chosen && *chosen) candidates = {chosen};
  std::string tried, without_matplotlib;
  for (const auto& python : candidates) {
    tried += (tried.empty() ? "" : ", ") + python;
    const int rc = spawn_and_wait({python, "-c", "import matplotlib"}, true);
    if (rc == 0) return python;
    // 126/127: a shell wrapper that could not exec its interpreter.
    if (rc != kNotStarted && rc != 126 && rc != 127 && without_matplotlib.empty())
      without_matplotlib = python;
  }
  if (!without_matplotlib.empty())
    throw Error("compare", "matplotlib is not installed for " + without_matplotlib +
                               "; install the Debian package python3-matplotlib "
                               "(apt-get install python3-matplotlib)");
  throw Error("compare", "no Python 3 found (tried " + tried +
                             "); install the Debian packages python3 and python3-matplotlib "
                             "(apt-get install python3-matplotlib)");
}

int run_script(const CompareOptions& options) {
  struct stat st {};
  const std::string script = data_dir() + "/bench/compare/karst_compare.py";
  if (stat(script.c_str(), &st) != 0)
    throw Error(script,
                "the comparison script is missing (karst reads it from $KARST_DATA_DIR, "
                "<prefix>/share/karst, or the source tree it was built from)");
  // -B: no __pycache__ written into the source tree.
  std::vector<std::string> args{find_python(), "-B", script};
  if (!options.out.empty()) args.insert(args.end(), {"--out", options.out});
  if (options.quiet) args.emplace_back("--quiet");
  args.emplace_back("--");
  args.insert(args.end(), options.runs.begin(), options.runs.end());
  const int rc = spawn_and_wait(args, false);
  if (rc == kNotStarted) throw Error("compare", "cannot run " + args[0]);
  return rc;
}

}  // namespace

int compare_command(const CompareOptions& options, const mpi::Comm& comm) {
  // Under mpiexec only rank 0 compares; every rank returns its exit code.
  std::string rc;
  if (comm.is_root()) rc = std::to_string(run_script(options));
  return std::stoi(comm.broadcast(rc));
}

}  // namespace karst::apps
