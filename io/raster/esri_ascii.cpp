#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "io/raster/esri_ascii_parse.hpp"
#include "io/raster/raster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace karst::io {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

double parse_number(const std::string& token, const std::string& where) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(token.c_str(), &end);
  if (token.empty() || end != token.c_str() + token.size() || errno == ERANGE)
    throw Error(where, fmt::format("'{}' is not a number", token));
  return v;
}

// A header value: "inf" or "nan" would turn the georeference (or nodata) into nonsense.
double parse_finite(const std::string& key, const std::string& token, const std::string& where) {
  const double v = parse_number(token, where);
  if (!std::isfinite(v)) throw Error(where, fmt::format("{} '{}' is not finite", key, token));
  return v;
}

constexpr long long kMaxSide = 1000000;

// ncols or nrows: a whole number (GDAL writes "100", some tools "100.0") in [1, kMaxSide].
long long parse_count(const std::string& key, const std::string& token, const std::string& where) {
  const double v = parse_number(token, where);
  if (!(v >= 1 && v <= kMaxSide))
    throw Error(where,
                fmt::format("{} {} is empty or absurdly large (1 to {})", key, token, kMaxSide));
  if (v != std::floor(v))
    throw Error(where, fmt::format("{} {} is not a whole number", key, token));
  return static_cast<long long>(v);
}

}  // namespace

namespace detail {

EsriAsciiHeader parse_esri_ascii_header(std::istream& in, const std::string& path) {
  EsriAsciiHeader h;
  Raster& r = h.grid;
  r.source = path;
  double xll = 0, yll = 0;
  bool centre = false;
  long long line_no = 0;
  std::string line;
  // Header: "key value" lines until the first line that starts with a number.
  bool have[5] = {false, false, false, false, false};
  while (true) {
    h.data_at = in.tellg();
    if (!std::getline(in, line)) break;
    ++line_no;
    std::istringstream ls(line);
    std::string key, value, extra;
    if (!(ls >> key)) continue;
    const char c = key[0];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.') {
      --line_no;
      break;
    }
    const std::string where = fmt::format("{}:{}", path, line_no);
    if (!(ls >> value) || (ls >> extra))
      throw Error(where, fmt::format("header line '{}' must be 'key value'", line));
    key = lower(key);
    if (key == "ncols") {
      r.nx = parse_count(key, value, where);
      have[0] = true;
    } else if (key == "nrows") {
      r.ny = parse_count(key, value, where);
      have[1] = true;
    } else if (key == "xllcorner" || key == "xllcenter") {
      xll = parse_finite(key, value, where);
      centre = key == "xllcenter";
      have[2] = true;
    } else if (key == "yllcorner" || key == "yllcenter") {
      yll = parse_finite(key, value, where);
      have[3] = true;
    } else if (key == "cellsize") {
      r.dx = parse_finite(key, value, where);
      have[4] = true;
    } else if (key == "nodata_value") {
      r.nodata = parse_finite(key, value, where);
      r.has_nodata = true;
    } else {
      throw Error(where, fmt::format("unknown header key '{}'", key));
    }
  }
  const char* names[5] = {"ncols", "nrows", "xllcorner", "yllcorner", "cellsize"};
  for (int k = 0; k < 5; ++k)
    if (!have[k]) throw Error(path, fmt::format("header lacks '{}'", names[k]));
  if (!(r.dx > 0)) throw Error(path, "cellsize must be positive");
  r.x0 = centre ? xll - 0.5 * r.dx : xll;
  r.y0 = (centre ? yll - 0.5 * r.dx : yll) + r.ny * r.dx;
  if (!std::isfinite(r.x0) || !std::isfinite(r.y0))
    throw Error(path, fmt::format("the grid's corner ({}, {}) is not finite: cellsize {} x {} rows "
                                  "overflows",
                                  r.x0, r.y0, r.dx, r.ny));
  h.data_line = line_no + 1;
  return h;
}

void parse_esri_ascii_row(const std::string& line, long long line_no, long long nx,
                          const std::string& path, double* out) {
  std::istringstream ls(line);
  std::string token;
  long long count = 0;
  while (ls >> token) {
    const std::string where = fmt::format("{}:{}", path, line_no);
    if (count >= nx) throw Error(where, fmt::format("more than ncols = {} values", nx));
    const double v = parse_number(token, where);
    if (!std::isfinite(v)) throw Error(where, fmt::format("value '{}' is not finite", token));
    out[count++] = v;
  }
  if (count != nx)
    throw Error(fmt::format("{}:{}", path, line_no),
                fmt::format("{} values, expected ncols = {}", count, nx));
}

}  // namespace detail

Raster read_esri_ascii(const std::string& path) {
  return parse_esri_ascii(read_text(path), path);
}

Raster parse_esri_ascii(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  auto header = detail::parse_esri_ascii_header(in, path);
  Raster r = std::move(header.grid);
  in.clear();
  in.seekg(header.data_at < 0 ? std::streamoff(text.size()) : header.data_at);
  // Every value takes a character and a separator: a header that promises more cells than the
  // text can hold must not reserve them (a 60-byte file could otherwise ask for terabytes).
  const size_t data_bytes =
      header.data_at < 0 ? 0 : text.size() - static_cast<size_t>(header.data_at);
  r.values.reserve(std::min(static_cast<size_t>(r.ny * r.nx), data_bytes / 2 + 1));
  std::vector<double> row(static_cast<size_t>(r.nx));  // at most kMaxSide values: 8 MB
  std::string line;
  long long line_no = header.data_line - 1;
  for (long long i = 0; i < r.ny; ++i) {
    if (!std::getline(in, line))
      throw Error(path, fmt::format("ends after {} of {} data rows", i, r.ny));
    detail::parse_esri_ascii_row(line, ++line_no, r.nx, path, row.data());
    r.values.insert(r.values.end(), row.begin(), row.end());
  }
  return r;
}

}  // namespace karst::io
