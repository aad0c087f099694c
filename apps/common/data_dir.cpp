#include "apps/common/data_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace karst::apps {

std::string data_dir() {
  if (const char* env = std::getenv("KARST_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  const auto exe = fs::canonical("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "karst";
    if (fs::exists(installed / "bench" / "suites", ec)) return installed.string();
  }
  return KARST_SOURCE_DIR;
}

}  // namespace karst::apps
