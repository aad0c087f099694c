#pragma once
//! Running the project's Python scripts (plots and HTML reports made with matplotlib): find an
//! interpreter that has the modules a script needs, or say which Debian packages to install.

#include <string>
#include <utility>
#include <vector>

namespace karst::apps {

//! A Python module a script imports, and the Debian package that provides it.
struct PythonModule {
  std::string module;  //!< e.g. "matplotlib"
  std::string debian;  //!< e.g. "python3-matplotlib"
};

//! Runs args[0] (looked up on PATH) and waits for it. Returns its exit status, 128 + the signal
//! that ended it, or -1 when it could not be run at all. `silent` sends its output to /dev/null.
int spawn_and_wait(const std::vector<std::string>& args, bool silent);

//! The first candidate interpreter that imports every module: $KARST_PYTHON if set, else python3
//! on PATH, then /usr/bin/python3 (Debian's python3-* packages serve only the system one).
//! Throws karst::Error at `who` naming the missing modules and the packages to install.
std::string find_python(const std::string& who, const std::vector<PythonModule>& modules);

//! Runs `script` (under apps::data_dir()) with `args` using find_python; returns its exit code.
//! Throws karst::Error at `who` when the script is missing or cannot be started.
int run_python_script(const std::string& who, const std::string& script,
                      const std::vector<std::string>& args,
                      const std::vector<PythonModule>& modules);

}  // namespace karst::apps
