#pragma once
//! What describes a multiband raster, whatever its format: sample types, size, scale and offset,
//! nodata and georeference, and the stored <-> physical sample mapping that every reader and
//! writer shares. Free of MPI and HDF5, so that header parsers (io/raster/envi_header.hpp) and
//! their fuzz targets (tests/fuzz/) can use it alone.

#include <cstddef>
#include <string>
#include <vector>

namespace karst::io {

enum class SampleType { uint8, int16, uint16, float32, float64 };

//! Bytes per stored sample.
size_t sample_size(SampleType t);
//! "uint8", "int16", ... for messages.
const char* sample_type_name(SampleType t);

//! North-west corner of pixel (0,0) and pixel size in map units; dy positive (rows go south).
struct Georef {
  double x0 = 0, y0 = 0, dx = 0, dy = 0;
  std::string crs;  //!< "EPSG:32648", WKT, or empty when unknown
  bool valid() const { return dx > 0 && dy > 0; }
};

//! How an image on another grid is warped onto a target grid (open_multiband_warped): the
//! area-weighted mean of the source pixels a target pixel overlaps, or bilinear interpolation.
enum class Resampling { average, bilinear };

struct MultibandInfo {
  long long bands = 0, rows = 0, cols = 0;
  SampleType type = SampleType::float32;
  double scale = 1.0, offset = 0.0;  //!< physical value = stored * scale + offset
  //! The file states a scale or offset (GDAL band scale/offset, HDF5 scale_factor/add_offset,
  //! ENVI gains/offsets or reflectance scale factor): what a user's own value must agree with.
  bool has_scale = false;
  bool has_nodata = false;
  double nodata = 0.0;  //!< in stored units
  Georef georef;
  std::vector<std::string> band_names;
  std::string source;  //!< file (and dataset) for error messages
};

namespace detail {
//! Shared by the readers, writers and header parsers in io/raster/; not for other callers.

//! `v` as the stored type would hold it (float32 rounding; integers unchanged): lets a nodata
//! value given as a double match the samples it marks.
double as_stored(double v, SampleType t);
//! Turns stored samples (already converted to double, in place) into physical values: rows
//! [row0, row0 + nrows) of every band, band-major. Missing samples (NaN, nodata) become NaN; an
//! infinite value is an error naming its band (from 1), row and column (from 0, as the writer's
//! errors do), since no method can use it.
void decode_in_place(const MultibandInfo& info, double* values, long long row0, long long nrows);
//! The first value encode() could not store: its index and why (empty `what`: none).
struct EncodeError {
  size_t index = 0;
  std::string what;
  explicit operator bool() const { return !what.empty(); }
};
//! Encodes n physical values into `out` (n * sample_size bytes, host byte order). Throws
//! nothing, so that a collective writer can agree on failure before any rank throws.
EncodeError encode(const MultibandInfo& info, const double* physical, size_t n, unsigned char* out);
//! Checks what every reader and writer needs: positive sizes, finite non-zero scale, band
//! names matching the band count, an integer nodata inside an integer type's range.
void check_info(const MultibandInfo& info, const std::string& where);
//! Reverses the bytes of n samples of `size` bytes each.
void swap_bytes(unsigned char* data, size_t n, size_t size);
bool host_is_big_endian();
//! Throws, naming info.source, unless 0 <= row0, 0 <= nrows and row0 + nrows <= info.rows.
void check_rows(const MultibandInfo& info, long long row0, long long nrows);
}  // namespace detail

}  // namespace karst::io
