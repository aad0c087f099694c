// libFuzzer target: ESRI ASCII grids (.asc), io::parse_esri_ascii.
#include "io/raster/raster.hpp"
#include "parser_contract.hpp"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using karst::fuzz::require;
  karst::fuzz::expect_result_or_karst_error([&] {
    const auto r = karst::io::parse_esri_ascii(karst::fuzz::as_text(data, size), "fuzz.asc");
    // What the flood model takes for granted: a full, finite grid on a finite georeference.
    require(r.nx > 0 && r.ny > 0, "the grid is empty");
    require(r.values.size() == static_cast<std::size_t>(r.nx) * static_cast<std::size_t>(r.ny),
            "the values are not nrows x ncols");
    require(std::isfinite(r.dx) && r.dx > 0, "the cell size is not finite and positive");
    require(std::isfinite(r.x0) && std::isfinite(r.y0), "the corner is not finite");
    for (const double v : r.values) require(std::isfinite(v), "a value is not finite");
  });
  return 0;
}
