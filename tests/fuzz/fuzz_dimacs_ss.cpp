// libFuzzer target: DIMACS source lists (.ss), io::parse_dimacs_ss, for a graph of 4 vertices.
#include "io/graph/dimacs.hpp"
#include "parser_contract.hpp"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::int64_t kGraphVertices = 4;
  karst::fuzz::expect_result_or_karst_error([&] {
    std::istringstream in(karst::fuzz::as_text(data, size));
    for (const auto s : karst::io::parse_dimacs_ss(in, "fuzz.ss", kGraphVertices))
      karst::fuzz::require(s >= 0 && s < kGraphVertices, "a source lies outside the graph");
  });
  return 0;
}
