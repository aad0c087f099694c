#pragma once
// The message of the karst::Error a callable throws, or "" when it throws none.
#include "base/error.hpp"

#include <string>

namespace karst::test {

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace karst::test
