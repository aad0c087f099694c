#pragma once
// The contract every fuzz target checks: a parser of outside input either returns (and what it
// returns holds together) or throws karst::Error, whose message names the input. Any other
// exception, a crash, a hang, a huge allocation or undefined behaviour is a bug: the sanitizers
// and libFuzzer report those, and an escaping exception is turned into a report here.
#include "base/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

namespace karst::fuzz {

// The fuzzer's bytes as text, as a parser would get them from a file.
inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `parse`; karst::Error is the expected way to refuse an input, anything else aborts with
// the exception's type and message so that libFuzzer keeps the input as a reproducer.
template <class Parse>
void expect_result_or_karst_error(Parse&& parse) {
  try {
    parse();
  } catch (const Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parser threw %s, not karst::Error: %s\n", typeid(e).name(), e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "parser threw something that is not a std::exception\n");
    std::abort();
  }
}

// An accepted input whose result breaks an invariant is as much a bug as a crash.
inline void require(bool invariant, const char* what) {
  if (invariant) return;
  std::fprintf(stderr, "parser accepted the input but %s\n", what);
  std::abort();
}

}  // namespace karst::fuzz
