#include "apps/routing/osm_report.hpp"

#include "apps/routing/strong_components.hpp"

#include <fmt/format.h>

namespace karst::routing {

GraphReport osm_graph_report(const RoadNetwork& net, bool time_weights) {
  const auto& c = *net.osm_counts;
  const auto scc = strong_components(net.arcs);
  GraphReport r;
  r.json = {{"vertices", net.arcs.num_vertices},
            {"arcs", net.arcs.src.size()},
            {"one_way_arcs", c.one_way_arcs},
            {"weight", time_weights ? "time (s)" : "length (m)"},
            {"ways_kept", c.ways_kept},
            {"ways_dropped_access", c.ways_access},
            {"ways_dropped_area", c.ways_area},
            {"segments", c.segments},
            {"segments_dropped_missing_node", c.missing_node},
            {"segments_dropped_self_loop", c.self_loops},
            {"arcs_dropped_parallel", c.parallel_arcs},
            {"missing_nodes", c.missing_nodes},
            {"strong_components", scc.count},
            {"largest_scc_vertices", scc.largest_size}};
  r.line = fmt::format(
      "OSM graph: {} vertices, {} arcs ({} one-way), largest SCC {} vertices; {} ways kept ({} "
      "dropped for access, {} for area=yes); of {} segments dropped {} with a missing node, {} "
      "self-loops; {} parallel arcs dropped",
      net.arcs.num_vertices, net.arcs.src.size(), c.one_way_arcs, scc.largest_size, c.ways_kept,
      c.ways_access, c.ways_area, c.segments, c.missing_node, c.self_loops, c.parallel_arcs);
  return r;
}

}  // namespace karst::routing
