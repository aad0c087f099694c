// ENVI headers: "ENVI", then `key = value` lines with braces spanning lines, checked and turned
// into an EnviHeader. Every error names the header file and line (and the key).
#include "io/raster/envi_header.hpp"

#include "base/atomic_file.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <sstream>

namespace karst::io {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Entry {
  std::string value;  //!< trimmed; for `{...}` the text between the braces
  long long line = 0;
};

//! The parsed header: keys lower-cased with runs of blanks collapsed ("header offset").
class Header {
 public:
  Header(const std::string& text, const std::string& path) : path_(path) {
    std::istringstream in(text);
    std::string line;
    long long no = 0;
    if (!std::getline(in, line) || trim(line).rfind("ENVI", 0) != 0)
      throw Error(path + ":1", "not an ENVI header: the first line must be 'ENVI'");
    ++no;
    while (std::getline(in, line)) {
      ++no;
      const auto text = trim(line);
      if (text.empty() || text[0] == ';') continue;
      const auto eq = text.find('=');
      if (eq == std::string::npos)
        throw Error(at(no), fmt::format("expected 'key = value', got '{}'", text));
      std::string key;
      bool blank = false;
      for (char c : lower(trim(text.substr(0, eq)))) {
        if (std::isspace(static_cast<unsigned char>(c))) {
          blank = true;
          continue;
        }
        if (blank && !key.empty()) key += ' ';
        blank = false;
        key += c;
      }
      if (key.empty()) throw Error(at(no), "'=' without a key");
      std::string value = trim(text.substr(eq + 1));
      const long long first = no;
      if (!value.empty() && value[0] == '{') {
        value.erase(0, 1);
        while (value.find('}') == std::string::npos) {
          if (!std::getline(in, line))
            throw Error(at(first), fmt::format("the '{{' of '{}' is never closed", key));
          ++no;
          value += "\n" + line;
        }
        value = trim(value.substr(0, value.find('}')));
      }
      entries_[key] = {value, first};
    }
  }

  const Entry* find(const std::string& key) const {
    const auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const Entry& require(const std::string& key) const {
    if (const auto* e = find(key)) return *e;
    throw Error(path_, fmt::format("missing required key '{}'", key));
  }
  std::string at(long long line) const { return fmt::format("{}:{}", path_, line); }

  double number(const Entry& e, const std::string& key) const {
    return parse_number(trim(e.value), e.line, key);
  }
  long long integer(const Entry& e, const std::string& key, long long min) const {
    const auto text = trim(e.value);
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || v < min)
      throw Error(at(e.line), fmt::format("{} = '{}' is not an integer >= {}", key, text, min));
    return v;
  }
  //! A `{a, b, c}` list, trimmed items.
  std::vector<std::string> list(const Entry& e) const {
    std::vector<std::string> items;
    std::istringstream in(e.value);
    std::string item;
    while (std::getline(in, item, ',')) items.push_back(trim(item));
    return items;
  }
  double parse_number(const std::string& text, long long line, const std::string& key) const {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE)
      throw Error(at(line), fmt::format("{}: '{}' is not a number", key, text));
    return v;
  }

 private:
  std::string path_;
  std::map<std::string, Entry> entries_;
};

// One value for all bands from a per-band list (data gain values, data offset values).
double same_for_all_bands(const Header& h, const Entry& e, const std::string& key,
                          long long bands) {
  const auto items = h.list(e);
  if (static_cast<long long>(items.size()) != bands)
    throw Error(h.at(e.line),
                fmt::format("{} lists {} values for {} bands", key, items.size(), bands));
  const double first = h.parse_number(items[0], e.line, key);
  for (const auto& item : items)
    if (h.parse_number(item, e.line, key) != first)
      throw Error(h.at(e.line), fmt::format("{} differ between bands; per-band values are not "
                                            "supported",
                                            key));
  return first;
}

// map info = {projection, ref x, ref y, easting, northing, dx, dy, [zone, North|South],
// datum, units=..., rotation=...}: the reference pixel is 1-based, (1, 1) being the outer
// corner of pixel (0, 0).
Georef parse_map_info(const Header& h, const Entry& e) {
  const auto items = h.list(e);
  if (items.size() < 7)
    throw Error(h.at(e.line),
                fmt::format("map info has {} fields; at least 7 are needed (projection, "
                            "reference pixel x and y, easting, northing, pixel size x and y)",
                            items.size()));
  double v[6];
  for (int k = 0; k < 6; ++k) {
    v[k] = h.parse_number(items[k + 1], e.line, "map info");
    // "nan" or "inf" parse as numbers, but would put the image nowhere.
    if (!std::isfinite(v[k]))
      throw Error(h.at(e.line),
                  fmt::format("map info field {} '{}' is not finite", k + 2, items[k + 1]));
  }
  const double ref_x = v[0], ref_y = v[1], easting = v[2], northing = v[3];
  Georef g;
  g.dx = v[4];
  g.dy = v[5];
  if (!(g.dx > 0) || !(g.dy > 0))
    throw Error(h.at(e.line),
                fmt::format("map info pixel size {} x {} is not positive", g.dx, g.dy));
  g.x0 = easting - (ref_x - 1.0) * g.dx;
  g.y0 = northing + (ref_y - 1.0) * g.dy;
  if (!std::isfinite(g.x0) || !std::isfinite(g.y0))
    throw Error(h.at(e.line), fmt::format("map info puts pixel (0, 0) at ({}, {}), which is not "
                                          "finite",
                                          g.x0, g.y0));
  std::vector<std::string> plain;  // fields after the pixel size that are not key=value
  for (size_t k = 7; k < items.size(); ++k) {
    const auto eq = items[k].find('=');
    if (eq == std::string::npos) {
      plain.push_back(items[k]);
    } else if (lower(trim(items[k].substr(0, eq))) == "rotation") {
      const double r = h.parse_number(trim(items[k].substr(eq + 1)), e.line, "map info rotation");
      if (r != 0.0)
        throw Error(h.at(e.line), fmt::format("map info rotation {} is not supported; only "
                                              "north-up images are",
                                              r));
    }
  }
  const auto proj = lower(items[0]);
  auto wgs84 = [](const std::string& datum) {
    const auto d = lower(datum);
    return d == "wgs-84" || d == "wgs84";
  };
  if (proj == "utm" && plain.size() >= 2) {
    // strtol, not atoi: a zone number too long for an int would be undefined behaviour there.
    const auto& z = plain[0];
    char* end = nullptr;
    const long zone = std::strtol(z.c_str(), &end, 10);
    const bool zone_ok = end == z.c_str() + z.size() && zone >= 1 && zone <= 60;
    const bool north = lower(plain[1]) != "south";
    if (plain.size() >= 3 && wgs84(plain[2]) && zone_ok)
      g.crs = fmt::format("EPSG:{}", (north ? 32600 : 32700) + zone);
    else
      g.crs = fmt::format("UTM zone {} {}{}", plain[0], plain[1],
                          plain.size() >= 3 ? ", " + plain[2] : "");
  } else if (proj == "geographic lat/lon" && !plain.empty() && wgs84(plain[0])) {
    g.crs = "EPSG:4326";
  } else if (proj != "arbitrary") {
    g.crs = items[0] + (plain.empty() ? "" : ", " + plain.back());
  }
  return g;
}

}  // namespace

std::uintmax_t EnviHeader::data_bytes() const {
  return static_cast<std::uintmax_t>(header_offset) +
         static_cast<std::uintmax_t>(info.bands * info.rows * info.cols) * sample_size(info.type);
}

EnviHeader read_envi_header(const std::string& path) {
  return parse_envi_header(read_text(path), path);
}

EnviHeader parse_envi_header(const std::string& text, const std::string& source) {
  EnviHeader r;
  const Header h(text, source);
  r.info.source = source;
  r.info.cols = h.integer(h.require("samples"), "samples", 1);
  r.info.rows = h.integer(h.require("lines"), "lines", 1);
  r.info.bands = h.integer(h.require("bands"), "bands", 1);
  const auto& type = h.require("data type");
  switch (h.integer(type, "data type", 0)) {
    case 1:
      r.info.type = SampleType::uint8;
      break;
    case 2:
      r.info.type = SampleType::int16;
      break;
    case 4:
      r.info.type = SampleType::float32;
      break;
    case 5:
      r.info.type = SampleType::float64;
      break;
    case 12:
      r.info.type = SampleType::uint16;
      break;
    default:
      throw Error(h.at(type.line), fmt::format("data type {} is not supported (supported: 1 "
                                               "uint8, 2 int16, 4 float32, 5 float64, 12 "
                                               "uint16)",
                                               type.value));
  }
  if (const auto* e = h.find("header offset")) r.header_offset = h.integer(*e, "header offset", 0);
  if (const auto* e = h.find("interleave")) {
    const auto v = lower(trim(e->value));
    if (v == "bsq")
      r.interleave = EnviInterleave::bsq;
    else if (v == "bil")
      r.interleave = EnviInterleave::bil;
    else if (v == "bip")
      r.interleave = EnviInterleave::bip;
    else
      throw Error(h.at(e->line), fmt::format("interleave '{}' is not bsq, bil or bip", e->value));
  }
  if (const auto* e = h.find("byte order")) {
    const auto v = h.integer(*e, "byte order", 0);
    if (v > 1) throw Error(h.at(e->line), fmt::format("byte order {} is not 0 or 1", v));
    r.big_endian = v == 1;
  }
  if (const auto* e = h.find("data ignore value")) {
    r.info.nodata = h.number(*e, "data ignore value");
    r.info.has_nodata = true;
  }
  r.info.has_scale = h.find("data gain values") || h.find("data offset values") ||
                     h.find("reflectance scale factor");
  if (const auto* e = h.find("data gain values"))
    r.info.scale = same_for_all_bands(h, *e, "data gain values", r.info.bands);
  if (const auto* e = h.find("data offset values"))
    r.info.offset = same_for_all_bands(h, *e, "data offset values", r.info.bands);
  if (const auto* e = h.find("reflectance scale factor")) {
    // ENVI's convention: reflectance = stored / factor (10000 for most surface reflectance).
    const double f = h.number(*e, "reflectance scale factor");
    if (!(f > 0) || !std::isfinite(f))
      throw Error(h.at(e->line), fmt::format("reflectance scale factor {} is not positive", f));
    r.info.scale /= f;
    r.info.offset /= f;
  }
  if (const auto* e = h.find("map info")) r.info.georef = parse_map_info(h, *e);
  if (const auto* e = h.find("coordinate system string"))
    if (!trim(e->value).empty()) r.info.georef.crs = trim(e->value);
  if (const auto* e = h.find("band names")) {
    r.info.band_names = h.list(*e);
    if (static_cast<long long>(r.info.band_names.size()) != r.info.bands)
      throw Error(h.at(e->line), fmt::format("band names lists {} names for {} bands",
                                             r.info.band_names.size(), r.info.bands));
  }
  detail::check_info(r.info, source);
  // data_bytes() and the reader's seeks compute in long long: the whole size must fit there.
  constexpr long long kMax = std::numeric_limits<long long>::max();
  long long bytes = static_cast<long long>(sample_size(r.info.type));
  for (const long long n : {r.info.bands, r.info.rows, r.info.cols}) {
    if (bytes > kMax / n) {
      bytes = -1;
      break;
    }
    bytes *= n;
  }
  if (bytes < 0 || r.header_offset > kMax - bytes)
    throw Error(source, fmt::format("{} bands x {} lines x {} samples x {} bytes after a header "
                                    "offset of {} is more than any file holds",
                                    r.info.bands, r.info.rows, r.info.cols,
                                    sample_size(r.info.type), r.header_offset));
  return r;
}

}  // namespace karst::io
