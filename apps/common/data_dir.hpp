#pragma once
//! Where karst finds its shipped files (bench/suites, bench/systems, bench/references,
//! bench/compare, jobscripts): $KARST_DATA_DIR, else <prefix>/share/karst next to an installed
//! binary (Spack, `cmake --install`), else the source tree it was built from.

#include <string>

namespace karst::apps {

std::string data_dir();

}  // namespace karst::apps
