// What every multiband reader and writer shares: sample types, the stored <-> physical mapping
// with its range checks, byte order.
#include "io/raster/multiband_info.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace karst::io {

size_t sample_size(SampleType t) {
  switch (t) {
    case SampleType::uint8:
      return 1;
    case SampleType::int16:
      return 2;
    case SampleType::uint16:
      return 2;
    case SampleType::float32:
      return 4;
    case SampleType::float64:
      return 8;
  }
  return 0;
}

const char* sample_type_name(SampleType t) {
  switch (t) {
    case SampleType::uint8:
      return "uint8";
    case SampleType::int16:
      return "int16";
    case SampleType::uint16:
      return "uint16";
    case SampleType::float32:
      return "float32";
    case SampleType::float64:
      return "float64";
  }
  return "?";
}

namespace detail {

namespace {

bool is_integer_type(SampleType t) {
  return t == SampleType::uint8 || t == SampleType::int16 || t == SampleType::uint16;
}

// The range of stored values an integer type holds, as doubles (exact for these widths).
std::pair<double, double> integer_range(SampleType t) {
  switch (t) {
    case SampleType::uint8:
      return {0.0, 255.0};
    case SampleType::int16:
      return {-32768.0, 32767.0};
    case SampleType::uint16:
      return {0.0, 65535.0};
    default:
      return {-INFINITY, INFINITY};
  }
}

template <class T>
EncodeError encode_as(const MultibandInfo& info, const double* physical, size_t n,
                      unsigned char* out) {
  constexpr bool is_int = std::is_integral<T>::value;
  const bool identity = info.scale == 1.0 && info.offset == 0.0;
  const auto [lo, hi] = integer_range(info.type);
  for (size_t i = 0; i < n; ++i) {
    const double p = physical[i];
    double s;
    if (std::isnan(p)) {
      if (info.has_nodata) {
        s = info.nodata;
      } else if (is_int) {
        return {i, fmt::format("NaN cannot be stored: the {} data has no nodata value",
                               sample_type_name(info.type))};
      } else {
        s = p;
      }
    } else {
      s = identity ? p : (p - info.offset) / info.scale;
      if (is_int) {
        s = std::round(s);
        if (!(s >= lo && s <= hi))
          return {i,
                  fmt::format("value {} is stored as {}, outside the {} range [{}, {}] "
                              "(scale {}, offset {})",
                              p, s, sample_type_name(info.type), lo, hi, info.scale, info.offset)};
      } else if (std::is_same<T, float>::value && std::isfinite(s) && std::fabs(s) > FLT_MAX) {
        return {i, fmt::format("value {} overflows float32", p)};
      }
    }
    const T t = static_cast<T>(s);
    std::memcpy(out + i * sizeof(T), &t, sizeof(T));
  }
  return {};
}

}  // namespace

double as_stored(double v, SampleType t) {
  if (t == SampleType::float32 && std::isfinite(v) && std::fabs(v) <= FLT_MAX)
    return static_cast<double>(static_cast<float>(v));
  return v;
}

void decode_in_place(const MultibandInfo& info, double* values, long long row0, long long nrows) {
  const bool identity = info.scale == 1.0 && info.offset == 0.0;
  const double nodata = as_stored(info.nodata, info.type);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const size_t n = static_cast<size_t>(info.bands * nrows * info.cols);
  for (size_t i = 0; i < n; ++i) {
    const double v = values[i];
    if (std::isnan(v) || (info.has_nodata && v == nodata)) {
      values[i] = nan;
      continue;
    }
    if (!identity) values[i] = v * info.scale + info.offset;
    if (std::isinf(values[i])) {
      const long long k = static_cast<long long>(i), per_band = nrows * info.cols;
      throw Error(info.source,
                  fmt::format("band {}, row {}, col {} holds {} (stored {}); mark missing "
                              "pixels as NaN or with a nodata value",
                              k / per_band + 1, row0 + (k % per_band) / info.cols, k % info.cols,
                              values[i], v));
    }
  }
}

EncodeError encode(const MultibandInfo& info, const double* physical, size_t n,
                   unsigned char* out) {
  switch (info.type) {
    case SampleType::uint8:
      return encode_as<std::uint8_t>(info, physical, n, out);
    case SampleType::int16:
      return encode_as<std::int16_t>(info, physical, n, out);
    case SampleType::uint16:
      return encode_as<std::uint16_t>(info, physical, n, out);
    case SampleType::float32:
      return encode_as<float>(info, physical, n, out);
    case SampleType::float64:
      return encode_as<double>(info, physical, n, out);
  }
  return {0, "unknown sample type"};
}

void check_info(const MultibandInfo& info, const std::string& where) {
  if (info.bands <= 0 || info.rows <= 0 || info.cols <= 0)
    throw Error(where, fmt::format("image of {} bands x {} rows x {} cols is empty", info.bands,
                                   info.rows, info.cols));
  if (!std::isfinite(info.scale) || info.scale == 0.0 || !std::isfinite(info.offset))
    throw Error(where, fmt::format("scale {} and offset {} must be finite and the scale non-zero",
                                   info.scale, info.offset));
  if (!info.band_names.empty() && static_cast<long long>(info.band_names.size()) != info.bands)
    throw Error(where,
                fmt::format("{} band names for {} bands", info.band_names.size(), info.bands));
  if (info.has_nodata && is_integer_type(info.type)) {
    const auto [lo, hi] = integer_range(info.type);
    if (!(info.nodata >= lo && info.nodata <= hi) || info.nodata != std::round(info.nodata))
      throw Error(where, fmt::format("nodata {} is not representable as {}", info.nodata,
                                     sample_type_name(info.type)));
  }
  if (info.has_nodata && info.type == SampleType::float32 && std::isfinite(info.nodata) &&
      std::fabs(info.nodata) > FLT_MAX)
    throw Error(where, fmt::format("nodata {} overflows float32", info.nodata));
}

void swap_bytes(unsigned char* data, size_t n, size_t size) {
  if (size < 2) return;
  for (size_t i = 0; i < n; ++i) std::reverse(data + i * size, data + (i + 1) * size);
}

bool host_is_big_endian() {
  const std::uint16_t one = 1;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return first == 0;
}

void check_rows(const MultibandInfo& info, long long row0, long long nrows) {
  if (row0 < 0 || nrows < 0 || row0 > info.rows - nrows)
    throw Error(info.source, fmt::format("rows [{}, {}) requested, but the image has rows [0, {})",
                                         row0, row0 + nrows, info.rows));
}

}  // namespace detail

}  // namespace karst::io
