#pragma once
// The source tree a test reads its fixtures from.

#include <cstdlib>
#include <string>

namespace karst::test {

// ctest sets KARST_SOURCE_DIR for every test, and a bundle moved to another machine
// (cmake/make-bundle.sh, relocate.sh) points it at the checkout there; the compiled-in path is
// the build machine's and serves a test binary started by hand.
inline std::string source_dir() {
  if (const char* dir = std::getenv("KARST_SOURCE_DIR"); dir != nullptr && *dir != '\0') return dir;
  return KARST_SOURCE_DIR;
}

}  // namespace karst::test
