// The units a gridded rain file may use, as CF and the common radar and forecast products write
// them. Anything else is refused: a rain field read in the wrong unit is wrong by 1000 or 3600.
#include "base/error.hpp"
#include "io/raster/netcdf_rain.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <sstream>

namespace karst::io {

namespace {

// Lower case, single spaces, exponent marks dropped ("kg m**-2 s**-1" and "mm hr^-1" read as
// "kg m-2 s-1" and "mm hr-1"); the accepted spellings are then listed one by one.
std::string normalised(const std::string& units) {
  std::string s;
  for (const char ch : units) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (c == '^' || c == '*') continue;
    s.push_back(c == '\t' ? ' ' : c);
  }
  std::istringstream in(s);
  std::string word, out;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

}  // namespace

RainUnits parse_rain_units(const std::string& units, const std::string& where) {
  constexpr double s_per_h = 3600.0;
  // 1 kg of water per m2 is a 1 mm layer.
  static const std::map<std::string, RainUnits> known = {{"mm/h", {false, 1.0}},
                                                         {"mm/hr", {false, 1.0}},
                                                         {"mm h-1", {false, 1.0}},
                                                         {"mm hr-1", {false, 1.0}},
                                                         {"mm/hour", {false, 1.0}},
                                                         {"mm.h-1", {false, 1.0}},
                                                         {"mm/s", {false, s_per_h}},
                                                         {"mm s-1", {false, s_per_h}},
                                                         {"m/s", {false, 1e3 * s_per_h}},
                                                         {"m s-1", {false, 1e3 * s_per_h}},
                                                         {"kg m-2 s-1", {false, s_per_h}},
                                                         {"kg/m2/s", {false, s_per_h}},
                                                         {"kg/(m2 s)", {false, s_per_h}},
                                                         {"mm", {true, 1.0}},
                                                         {"m", {true, 1e3}},
                                                         {"kg m-2", {true, 1.0}},
                                                         {"kg/m2", {true, 1.0}}};
  const auto it = known.find(normalised(units));
  if (it == known.end())
    throw Error(where, fmt::format("units '{}' are not a rain rate (mm/h, mm hr-1, mm s-1, m s-1, "
                                   "kg m-2 s-1) or a depth per frame (mm, m, kg m-2)",
                                   units));
  return it->second;
}

double parse_time_units(const std::string& units, const std::string& where) {
  const std::string s = normalised(units);
  const auto since = s.find(" since ");
  if (since != std::string::npos) {
    static const std::map<std::string, double> seconds = {
        {"seconds", 1},  {"second", 1},  {"secs", 1},  {"sec", 1},  {"s", 1},
        {"minutes", 60}, {"minute", 60}, {"mins", 60}, {"min", 60}, {"hours", 3600},
        {"hour", 3600},  {"hrs", 3600},  {"hr", 3600}, {"h", 3600}, {"days", 86400},
        {"day", 86400},  {"d", 86400}};
    const auto it = seconds.find(s.substr(0, since));
    if (it != seconds.end()) return it->second;
  }
  throw Error(where, fmt::format("time units '{}' are not '<seconds|minutes|hours|days> since "
                                 "<date>'",
                                 units));
}

}  // namespace karst::io
