#include "io/graph/osm_roads.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <tuple>

#ifdef KARST_HAVE_OSMIUM
#include <osmium/handler.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>
#endif

namespace karst::io {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool names_osm_file(const std::string& path) {
  return ends_with(path, ".osm.pbf") || ends_with(path, ".pbf") || ends_with(path, ".osm");
}

const std::map<std::string, double>& osm_default_speeds_kmh() {
  static const std::map<std::string, double> speeds = {
      {"motorway", 100},     {"motorway_link", 60}, {"trunk", 80},        {"trunk_link", 50},
      {"primary", 60},       {"primary_link", 40},  {"secondary", 50},    {"secondary_link", 40},
      {"tertiary", 40},      {"tertiary_link", 30}, {"unclassified", 30}, {"residential", 30},
      {"living_street", 10}, {"service", 15},       {"road", 30}};
  return speeds;
}

double haversine_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRadius = 6371008.8, kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double s = std::sin(dlat / 2), t = std::sin(dlon / 2);
  const double a = s * s + std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * t * t;
  return 2 * kRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

double parse_maxspeed_kmh(const std::string& value) {
  const char* begin = value.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin || !(v > 0) || !std::isdigit(static_cast<unsigned char>(*begin))) return 0;
  std::string unit(end);
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") return v;
  if (unit == "mph") return v * 1.609344;
  return 0;
}

#ifdef KARST_HAVE_OSMIUM

namespace {

enum class Direction { both, forward, reverse };

struct KeptWay {
  std::vector<std::int64_t> refs;
  Direction direction = Direction::both;
  double speed_kmh = 0;
};

std::string tag(const osmium::TagList& tags, const char* key) {
  const char* v = tags.get_value_by_key(key);
  return v ? v : "";
}

// The one-way rule of docs/routing.md: an explicit oneway value first, then the implied ones.
Direction direction_of(const osmium::TagList& tags) {
  const auto oneway = tag(tags, "oneway");
  if (oneway == "yes" || oneway == "true" || oneway == "1") return Direction::forward;
  if (oneway == "-1" || oneway == "reverse") return Direction::reverse;
  if (oneway == "no") return Direction::both;
  if (tag(tags, "junction") == "roundabout" || tag(tags, "highway") == "motorway")
    return Direction::forward;
  return Direction::both;
}

// Pass 1: the ways with a kept highway class, less those closed to the public or areas.
class WayCollector : public osmium::handler::Handler {
 public:
  WayCollector(const OsmOptions& options, OsmCounts& counts) : options_(options), counts_(counts) {}

  void way(const osmium::Way& way) {
    const auto& tags = way.tags();
    const auto speed = options_.speeds_kmh.find(tag(tags, "highway"));
    if (speed == options_.speeds_kmh.end()) return;
    ++counts_.ways_read;
    const auto access = tag(tags, "access");
    if (access == "no" || access == "private") return void(++counts_.ways_access);
    if (tag(tags, "area") == "yes") return void(++counts_.ways_area);
    ++counts_.ways_kept;
    KeptWay w;
    for (const auto& n : way.nodes()) w.refs.push_back(n.ref());
    w.direction = direction_of(tags);
    const double maxspeed = parse_maxspeed_kmh(tag(tags, "maxspeed"));
    w.speed_kmh = maxspeed > 0 ? maxspeed : speed->second;
    ways.push_back(std::move(w));
  }

  std::vector<KeptWay> ways;

 private:
  const OsmOptions& options_;
  OsmCounts& counts_;
};

// Pass 2: the locations of the nodes the kept ways use (ids sorted and unique).
class NodeLocator : public osmium::handler::Handler {
 public:
  explicit NodeLocator(const std::vector<std::int64_t>& ids)
      : found(ids.size(), false), lonlat(ids.size()), ids_(ids) {}

  void node(const osmium::Node& node) {
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), node.id());
    if (it == ids_.end() || *it != node.id() || !node.location().valid()) return;
    const auto k = static_cast<size_t>(it - ids_.begin());
    found[k] = true;
    lonlat[k] = {node.location().lon(), node.location().lat()};
  }

  std::vector<bool> found;  //!< per id: the file has the node, with a valid location
  std::vector<std::pair<double, double>> lonlat;

 private:
  const std::vector<std::int64_t>& ids_;
};

template <class Handler>
void read_pass(const std::string& path, osmium::osm_entity_bits::type what, Handler& handler) {
  try {
    osmium::io::Reader reader{osmium::io::File{path}, what};
    osmium::apply(reader, handler);
    reader.close();
  } catch (const std::exception& e) {
    throw Error(path, fmt::format("not a readable OpenStreetMap file: {}", e.what()));
  }
}

std::vector<std::int64_t> used_node_ids(const std::vector<KeptWay>& ways) {
  std::vector<std::int64_t> ids;
  for (const auto& w : ways) ids.insert(ids.end(), w.refs.begin(), w.refs.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

struct Arc {
  std::int64_t tail, head, weight;
  bool operator<(const Arc& o) const {
    return std::tie(tail, head, weight) < std::tie(o.tail, o.head, o.weight);
  }
};

// The arcs of every segment whose nodes are both in the file and differ.
std::vector<Arc> segment_arcs(const std::vector<KeptWay>& ways,
                              const std::vector<std::int64_t>& ids,
                              const std::vector<std::int64_t>& vertex_of, const OsmGraph& g,
                              const OsmOptions& options, OsmCounts& counts) {
  std::vector<Arc> arcs;
  const auto vertex = [&](std::int64_t id) {
    return vertex_of[std::lower_bound(ids.begin(), ids.end(), id) - ids.begin()];
  };
  for (const auto& w : ways)
    for (size_t i = 0; i + 1 < w.refs.size(); ++i) {
      ++counts.segments;
      const auto u = vertex(w.refs[i]), v = vertex(w.refs[i + 1]);
      if (u < 0 || v < 0) {
        ++counts.missing_node;
        continue;
      }
      if (u == v) {
        ++counts.self_loops;
        continue;
      }
      const auto [lon1, lat1] = g.lonlat[u];
      const auto [lon2, lat2] = g.lonlat[v];
      const double metres = haversine_m(lon1, lat1, lon2, lat2);
      const double value = options.time ? metres / (w.speed_kmh / 3.6) : metres;
      const auto weight = std::max<std::int64_t>(1, std::llround(value));
      if (w.direction != Direction::reverse) arcs.push_back({u, v, weight});
      if (w.direction != Direction::forward) arcs.push_back({v, u, weight});
    }
  return arcs;
}

// Parallel arcs keep the lightest; then the arcs without a partner in the other direction.
void store_arcs(std::vector<Arc> arcs, OsmGraph& g) {
  std::sort(arcs.begin(), arcs.end());
  std::vector<Arc> kept;
  for (const auto& a : arcs)
    if (kept.empty() || kept.back().tail != a.tail || kept.back().head != a.head) kept.push_back(a);
  g.counts.parallel_arcs = static_cast<long long>(arcs.size() - kept.size());
  for (const auto& a : kept) {
    const Arc back{a.head, a.tail, -1};
    const auto it = std::lower_bound(kept.begin(), kept.end(), back);
    g.counts.one_way_arcs += !(it != kept.end() && it->tail == a.head && it->head == a.tail);
    g.arcs.src.push_back(a.tail);
    g.arcs.dst.push_back(a.head);
    g.arcs.weight.push_back(a.weight);
  }
}

}  // namespace

OsmGraph read_osm_roads(const std::string& path, const OsmOptions& options) {
  OsmGraph g;
  WayCollector collector(options, g.counts);
  read_pass(path, osmium::osm_entity_bits::way, collector);
  if (collector.ways.empty())
    throw Error(path, fmt::format("no roads: none of its ways is a kept highway class open to "
                                  "traffic ({} had a kept class; docs/routing.md)",
                                  g.counts.ways_read));
  const auto ids = used_node_ids(collector.ways);
  NodeLocator locator(ids);
  read_pass(path, osmium::osm_entity_bits::node, locator);
  std::vector<std::int64_t> vertex_of(ids.size(), -1);
  for (size_t k = 0; k < ids.size(); ++k) {
    if (!locator.found[k]) {
      ++g.counts.missing_nodes;
      continue;
    }
    vertex_of[k] = static_cast<std::int64_t>(g.osm_ids.size());
    g.osm_ids.push_back(ids[k]);
    g.lonlat.push_back(locator.lonlat[k]);
  }
  store_arcs(segment_arcs(collector.ways, ids, vertex_of, g, options, g.counts), g);
  if (g.arcs.src.empty())
    throw Error(path, fmt::format("no road segment left of {} in {} kept ways ({} with a node "
                                  "missing from the file, {} self-loops)",
                                  g.counts.segments, g.counts.ways_kept, g.counts.missing_node,
                                  g.counts.self_loops));
  g.arcs.num_vertices = static_cast<std::int64_t>(g.osm_ids.size());
  g.arcs.source = path;
  return g;
}

#else

OsmGraph read_osm_roads(const std::string& path, const OsmOptions&) {
  throw Error(path,
              "this Karst was built without OpenStreetMap support (install libosmium2-dev "
              "and libprotozero-dev, then rebuild)");
}

#endif

}  // namespace karst::io
