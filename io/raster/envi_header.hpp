#pragma once
//! An ENVI header (.hdr): the text "ENVI", then `key = value` lines (a `{...}` value may span
//! lines), turned into what a reader of the raw data file needs. Kept apart from the reader so
//! that parsing needs no data file, MPI or HDF5: the fuzz target in tests/fuzz/ feeds it any text.

#include "io/raster/multiband_info.hpp"

#include <cstdint>
#include <string>

namespace karst::io {

//! Sample order in an ENVI data file: band after band, band-interleaved by line or by pixel.
enum class EnviInterleave { bsq, bil, bip };

struct EnviHeader {
  MultibandInfo info;           //!< passes detail::check_info; info.source names the header
  long long header_offset = 0;  //!< bytes before the first sample in the data file
  EnviInterleave interleave = EnviInterleave::bsq;
  bool big_endian = false;
  //! The least the data file must hold: header offset + bands x lines x samples x sample size.
  std::uintmax_t data_bytes() const;
};

//! Reads and checks the header at `path`. Errors name `path:line` and the key.
EnviHeader read_envi_header(const std::string& path);
//! The same on the header's text (what read_envi_header calls); `source` names it in errors.
EnviHeader parse_envi_header(const std::string& text, const std::string& source);

}  // namespace karst::io
