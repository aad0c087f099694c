#pragma once
// The checked-in input of a fuzz target (tests/fuzz/corpus/<target>/<file>): regression tests
// feed the reproducers that libFuzzer found to the parser's ordinary file-reading entry point.
#include <string>
#include "support/source_dir.hpp"

namespace karst::test {

inline std::string fuzz_corpus(const std::string& target, const std::string& file) {
  return karst::test::source_dir() + "/tests/fuzz/corpus/" + target + "/" + file;
}

}  // namespace karst::test
