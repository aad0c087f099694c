// libFuzzer target: ENVI headers (.hdr), io::parse_envi_header, and the data size it implies.
#include "io/raster/envi_header.hpp"
#include "parser_contract.hpp"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using karst::fuzz::require;
  karst::fuzz::expect_result_or_karst_error([&] {
    const auto h = karst::io::parse_envi_header(karst::fuzz::as_text(data, size), "fuzz.hdr");
    const auto& info = h.info;
    require(info.bands > 0 && info.rows > 0 && info.cols > 0, "the image is empty");
    require(h.header_offset >= 0, "the header offset is negative");
    // The reader compares this with the data file's size before it reads a byte.
    require(h.data_bytes() >= static_cast<std::uintmax_t>(h.header_offset),
            "the data size wrapped around");
    require(std::isfinite(info.scale) && info.scale != 0 && std::isfinite(info.offset),
            "scale or offset is unusable");
    if (info.georef.valid())
      require(std::isfinite(info.georef.x0) && std::isfinite(info.georef.y0) &&
                  std::isfinite(info.georef.dx) && std::isfinite(info.georef.dy),
              "the georeference is not finite");
  });
  return 0;
}
