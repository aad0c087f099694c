// libFuzzer target: DIMACS coordinates (.co), io::parse_dimacs_co, for a graph of 4 vertices
// (the seeds' size; any other count must be refused).
#include "io/graph/dimacs.hpp"
#include "parser_contract.hpp"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::int64_t kGraphVertices = 4;
  karst::fuzz::expect_result_or_karst_error([&] {
    std::istringstream in(karst::fuzz::as_text(data, size));
    const auto xy = karst::io::parse_dimacs_co(in, "fuzz.co", kGraphVertices);
    karst::fuzz::require(static_cast<std::int64_t>(xy.size()) == kGraphVertices,
                         "the coordinates are not one per vertex");
  });
  return 0;
}
