#pragma once
//! The pieces of the ESRI ASCII grid parser shared by the whole-grid reader (esri_ascii.cpp) and
//! the row-streaming source (esri_ascii_source.cpp): the header, then one data row per line.

#include "io/raster/raster.hpp"

#include <istream>
#include <string>

namespace karst::io::detail {

struct EsriAsciiHeader {
  Raster grid;                  //!< shape, cell size, corner and nodata; no values
  long long data_line = 0;      //!< 1-based line number of the first data row
  std::streamoff data_at = -1;  //!< offset of the first data row in the stream (-1: none)
};

//! Reads "key value" lines from the start of `in` up to the first line that starts with a number.
EsriAsciiHeader parse_esri_ascii_header(std::istream& in, const std::string& path);

//! Parses one data row (line `line_no`) of exactly `nx` finite numbers into `out`.
void parse_esri_ascii_row(const std::string& line, long long line_no, long long nx,
                          const std::string& path, double* out);

}  // namespace karst::io::detail
