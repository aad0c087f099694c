#include "apps/routing/site_files.hpp"

#include "apps/routing/strong_components.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace karst::routing {

namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string f;
  while (std::getline(in, f, ',')) out.push_back(trim(f));
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

double number(const std::string& text, const char* what, double lo, double hi,
              const std::string& at) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v))
    throw Error(at, fmt::format("{} '{}' is not a number", what, text));
  if (v < lo || v > hi) throw Error(at, fmt::format("{} {} is outside [{}, {}]", what, v, lo, hi));
  return v;
}

// The extent of the graph's vertices: a site outside it is a typo or the wrong file.
struct Extent {
  double lon0 = 1e300, lon1 = -1e300, lat0 = 1e300, lat1 = -1e300;
};

struct Snapped {
  std::int64_t vertex = -1;
  double metres = 0;
};

Snapped nearest(const Site& s, const RoadNetwork& net, const Components& scc) {
  Snapped best{-1, 1e300};
  for (size_t v = 0; v < net.xy.size(); ++v) {
    if (scc.of[v] != scc.largest) continue;
    const double d = io::haversine_m(s.lon, s.lat, net.xy[v].first, net.xy[v].second);
    if (d < best.metres) best = {static_cast<std::int64_t>(v), d};
  }
  return best;
}

}  // namespace

std::vector<Site> read_site_file(const std::string& path, bool tonnes) {
  std::ifstream in(path);
  if (!in) throw Error(path, "cannot open the site file");
  std::vector<Site> sites;
  std::string line;
  const size_t columns = tonnes ? 4 : 3;
  for (int n = 1; std::getline(in, line); ++n) {
    const auto text = trim(line);
    if (text.empty() || text[0] == '#' || (n == 1 && text.rfind("name", 0) == 0)) continue;
    const auto at = fmt::format("{}:{}", path, n);
    const auto f = fields_of(text);
    if (f.size() != columns)
      throw Error(at, fmt::format("{} fields, expected {} ({})", f.size(), columns,
                                  tonnes ? "name, lon, lat, tonnes" : "name, lon, lat"));
    if (f[0].empty()) throw Error(at, "empty name");
    Site s{f[0], number(f[1], "lon", -180, 180, at), number(f[2], "lat", -90, 90, at), 0, n};
    if (tonnes) s.tonnes = number(f[3], "tonnes", 1e-9, 1e9, at);
    sites.push_back(s);
  }
  if (sites.empty()) throw Error(path, "no sites");
  return sites;
}

nlohmann::json snap_sites(const SiteFiles& files, RoadNetwork& net) {
  const auto scc = strong_components(net.arcs);
  Extent e;
  for (const auto& [lon, lat] : net.xy)
    e = {std::min(e.lon0, lon), std::max(e.lon1, lon), std::min(e.lat0, lat),
         std::max(e.lat1, lat)};
  auto report = nlohmann::json::array();
  // Each site: checked against the extent, snapped, reported; `place` puts it into the network.
  const auto snap_all = [&](const std::string& path, const char* kind, bool tonnes, auto place) {
    for (const auto& s : read_site_file(path, tonnes)) {
      const auto at = fmt::format("{}:{}", path, s.line);
      if (s.lon < e.lon0 || s.lon > e.lon1 || s.lat < e.lat0 || s.lat > e.lat1)
        throw Error(at, fmt::format("{} '{}' at ({}, {}) is outside the graph's extent (lon {} to "
                                    "{}, lat {} to {})",
                                    kind, s.name, s.lon, s.lat, e.lon0, e.lon1, e.lat0, e.lat1));
      const auto snap = nearest(s, net, scc);
      if (snap.metres > files.max_snap_m)
        throw Error(at, fmt::format("{} '{}' is {:.0f} m from the nearest road of the largest "
                                    "strongly connected component (routing.sites.max_snap_m: {})",
                                    kind, s.name, snap.metres, files.max_snap_m));
      place(s, snap.vertex);
      report.push_back({{"kind", kind},
                        {"name", s.name},
                        {"line", s.line},
                        {"vertex", snap.vertex + 1},
                        {"osm_id", net.osm_ids.empty() ? 0 : net.osm_ids[snap.vertex]},
                        {"snap_m", std::round(snap.metres * 10) / 10}});
    }
  };
  net.farms.clear();
  net.hubs.clear();
  net.markets.clear();
  snap_all(files.farms, "farm", true, [&](const Site& s, std::int64_t v) {
    net.farms.push_back({v, s.tonnes, files.deadline_h, s.name});
  });
  snap_all(files.hubs, "hub", false, [&](const Site&, std::int64_t v) {
    net.hubs.push_back({v, 1e300});
  });
  snap_all(files.markets, "market", false, [&](const Site& s, std::int64_t v) {
    net.markets.push_back({v, s.name});
  });
  return report;
}

}  // namespace karst::routing
