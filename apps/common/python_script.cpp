#include "apps/common/python_script.hpp"

#include "apps/common/data_dir.hpp"
#include "base/error.hpp"

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

std::string join(const std::vector<PythonModule>& modules, std::string PythonModule::*field,
                 const char* sep) {
  std::string s;
  for (const auto& m : modules) s += (s.empty() ? "" : sep) + m.*field;
  return s;
}

}  // namespace

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

std::string find_python(const std::string& who, const std::vector<PythonModule>& modules) {
  std::vector<std::string> candidates{"python3", "/usr/bin/python3"};
  if (const char* chosen = std::getenv("KARST_PYTHON"); chosen && *chosen) candidates = {chosen};
  const std::string imports = "import " + join(modules, &PythonModule::module, ", ");
  const std::string packages = join(modules, &PythonModule::debian, " ");
  std::string tried, without_modules;
  for (const auto& python : candidates) {
    tried += (tried.empty() ? "" : ", ") + python;
    const int rc = spawn_and_wait({python, "-c", imports}, true);
    if (rc == 0) return python;
    // 126/127: a shell wrapper that could not exec its interpreter.
    if (rc != kNotStarted && rc != 126 && rc != 127 && without_modules.empty())
      without_modules = python;
  }
  const bool one = modules.size() == 1;
  if (!without_modules.empty())
    throw Error(who, join(modules, &PythonModule::module, " or ") + (one ? " is" : " are") +
                         " not installed for " + without_modules + "; install the Debian package" +
                         (one ? " " : "s ") + packages + " (apt-get install " + packages + ")");
  throw Error(who, "no Python 3 found (tried " + tried +
                       "); install the Debian packages python3 and " + packages +
                       " (apt-get install " + packages + ")");
}

int run_python_script(const std::string& who, const std::string& script,
                      const std::vector<std::string>& args,
                      const std::vector<PythonModule>& modules) {
  struct stat st {};
  const std::string path = data_dir() + "/" + script;
  if (stat(path.c_str(), &st) != 0)
    throw Error(path,
                "the script is missing (karst reads it from $KARST_DATA_DIR, "
                "<prefix>/share/karst, or the source tree it was built from)");
  // -B: no __pycache__ written into the source tree.
  std::vector<std::string> argv{find_python(who, modules), "-B", path};
  argv.insert(argv.end(), args.begin(), args.end());
  const int rc = spawn_and_wait(argv, false);
  if (rc == kNotStarted) throw Error(who, "cannot run " + argv[0]);
  return rc;
}

}  // namespace karst::apps
