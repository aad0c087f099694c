#include "io/atomic_file.hpp"
#include "io/raster/raster.hpp"
#include "kernels/common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

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
  if (end == token.c_str() || *end != '\0' || errno == ERANGE)
    throw Error(where, fmt::format("'{}' is not a number", token));
  return v;
}

}  // namespace

Raster read_esri_ascii(const std::string& path) {
  const std::string text = read_text(path);
  std::istringstream in(text);
  Raster r;
  r.source = path;
  double xll = 0, yll = 0;
  bool centre = false;
  long long line_no = 0;
  std::string line;
  std::streampos data_start = 0;
  // Header: "key value" lines until the first line that starts with a number.
  bool have[5] = {false, false, false, false, false};
  while (true) {
    data_start = in.tellg();
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
      r.nx = std::llround(parse_number(value, where));
      have[0] = true;
    } else if (key == "nrows") {
      r.ny = std::llround(parse_number(value, where));
      have[1] = true;
    } else if (key == "xllcorner" || key == "xllcenter") {
      xll = parse_number(value, where);
      centre = key == "xllcenter";
      have[2] = true;
    } else if (key == "yllcorner" || key == "yllcenter") {
      yll = parse_number(value, where);
      have[3] = true;
    } else if (key == "cellsize") {
      r.dx = parse_number(value, where);
      have[4] = true;
    } else if (key == "nodata_value") {
      r.nodata = parse_number(value, where);
      r.has_nodata = true;
    } else {
      throw Error(where, fmt::format("unknown header key '{}'", key));
    }
  }
  const char* names[5] = {"ncols", "nrows", "xllcorner", "yllcorner", "cellsize"};
  for (int k = 0; k < 5; ++k)
    if (!have[k]) throw Error(path, fmt::format("header lacks '{}'", names[k]));
  if (r.nx <= 0 || r.ny <= 0 || r.nx > 1000000 || r.ny > 1000000)
    throw Error(path, fmt::format("grid {}x{} is empty or absurdly large", r.ny, r.nx));
  if (!(r.dx > 0)) throw Error(path, "cellsize must be positive");
  r.x0 = centre ? xll - 0.5 * r.dx : xll;
  r.y0 = (centre ? yll - 0.5 * r.dx : yll) + r.ny * r.dx;

  in.clear();
  in.seekg(data_start);
  r.values.reserve(static_cast<size_t>(r.ny * r.nx));
  for (long long i = 0; i < r.ny; ++i) {
    if (!std::getline(in, line))
      throw Error(path, fmt::format("ends after {} of {} data rows", i, r.ny));
    ++line_no;
    std::istringstream ls(line);
    std::string token;
    long long count = 0;
    while (ls >> token) {
      const std::string where = fmt::format("{}:{}", path, line_no);
      if (count >= r.nx) throw Error(where, fmt::format("more than ncols = {} values", r.nx));
      const double v = parse_number(token, where);
      if (!std::isfinite(v)) throw Error(where, fmt::format("value '{}' is not finite", token));
      r.values.push_back(v);
      ++count;
    }
    if (count != r.nx)
      throw Error(fmt::format("{}:{}", path, line_no),
                  fmt::format("{} values, expected ncols = {}", count, r.nx));
  }
  return r;
}

}  // namespace karst::io
