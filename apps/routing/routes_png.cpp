#include "apps/routing/routes_png.hpp"

#include "apps/common/python_script.hpp"
#include "base/atomic_file.hpp"
#include "base/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

namespace karst::routing {

namespace {

const std::vector<apps::PythonModule> kModules = {{"matplotlib", "python3-matplotlib"}};

// Each road once: an arc and its reverse make one segment.
nlohmann::json road_segments(const RoadNetwork& net) {
  std::set<std::pair<std::int64_t, std::int64_t>> seen;
  auto segments = nlohmann::json::array();
  const auto& a = net.arcs;
  for (size_t e = 0; e < a.src.size(); ++e) {
    const auto key = std::minmax(a.src[e], a.dst[e]);
    if (!seen.insert(key).second) continue;
    const auto& p = net.xy[static_cast<size_t>(a.src[e])];
    const auto& q = net.xy[static_cast<size_t>(a.dst[e])];
    segments.push_back({p.first, p.second, q.first, q.second});
  }
  return {{"segments", segments}};
}

}  // namespace

RoutesPng draw_routes_png(const std::string& dir, const RoadNetwork& net) {
  RoutesPng r;
  try {
    apps::find_python("routing", kModules);
  } catch (const Error& e) {  // a figure nobody asked for by key: say so, and go on
    r.note = fmt::format("routes.png not drawn: {}", e.what());
    return r;
  }
  const auto roads = dir + "/routes_png_roads.json.tmp";
  io::write_text_atomically(roads, road_segments(net).dump() + "\n");
  int rc = -1;
  try {
    rc = apps::run_python_script("routing", "apps/routing/plot/routes_png.py",
                                 {dir + "/routes.geojson", roads, dir + "/routes.png"}, kModules);
  } catch (const Error& e) {
    r.failed = e.what();
  }
  std::filesystem::remove(roads);
  if (r.failed.empty() && rc != 0)
    r.failed = fmt::format("the routes.png script failed (exit code {})", rc);
  return r;
}

}  // namespace karst::routing
