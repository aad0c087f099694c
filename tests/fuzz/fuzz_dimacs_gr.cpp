// libFuzzer target: DIMACS shortest-path graphs (.gr), io::parse_dimacs_gr.
#include "io/graph/dimacs.hpp"
#include "parser_contract.hpp"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using karst::fuzz::require;
  karst::fuzz::expect_result_or_karst_error([&] {
    std::istringstream in(karst::fuzz::as_text(data, size));
    const auto g = karst::io::parse_dimacs_gr(in, "fuzz.gr");
    // What the routing kernels index with, unchecked: ids inside the graph, weights >= 0.
    require(g.num_vertices >= 1, "the graph has no vertex");
    require(g.dst.size() == g.src.size() && g.weight.size() == g.src.size(),
            "the arc arrays differ in length");
    for (std::size_t e = 0; e < g.src.size(); ++e) {
      require(g.src[e] >= 0 && g.src[e] < g.num_vertices, "an arc tail lies outside the graph");
      require(g.dst[e] >= 0 && g.dst[e] < g.num_vertices, "an arc head lies outside the graph");
      require(g.weight[e] >= 0, "an arc weight is negative");
    }
  });
  return 0;
}
