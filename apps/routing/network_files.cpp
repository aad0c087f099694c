#include "apps/routing/network_files.hpp"

#include "apps/common/memory_check.hpp"
#include "apps/routing/routing_memory.hpp"
#include "base/error.hpp"
#include "io/graph/graph_h5.hpp"

#include <fmt/format.h>

#include <limits>

namespace karst::routing {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Shortest paths add weights in 64 bits with kUnreachable = 2^61 as "no path": weights so large
// that a path of n - 1 arcs could pass it would overflow or read as unreachable.
void check_weights(const io::EdgeList& arcs, const std::string& where) {
  const auto n = arcs.num_vertices;
  for (size_t e = 0; e < arcs.weight.size(); ++e) {
    const auto w = arcs.weight[e];
    if (w > 0 && n > 1 && double(w) * double(n - 1) >= double(kUnreachable))
      throw Error(where,
                  fmt::format("arc {} ({} -> {}) has weight {}: a path of up to {} such "
                              "arcs would pass {}, the longest travel time routing holds",
                              e + 1, arcs.src[e] + 1, arcs.dst[e] + 1, w, n - 1, kUnreachable));
  }
}

// The province is sized from routing.size alone, before it is built.
RoadNetwork build_province(const RoutingConfig& config, const mpi::Comm& comm) {
  auto shape = guizhou_roads_size(config.size);
  shape.sssp_mode = config.sssp_mode;
  shape.path_to = config.path_to_given;
  apps::require_memory("routing.size", routing_memory_need(shape, comm.size()), comm);
  return guizhou_roads_scenario(config.size, config.seed);
}

// An outside graph is sized once its arcs are read (memory in proportion to the file) but
// before the CSR, the search arrays and the coordinates, which follow the declared vertex count.
void require_graph_memory(const RoutingConfig& config, const RoadNetwork& net,
                          const mpi::Comm& comm) {
  RoutingSize shape;
  shape.vertices = double(net.arcs.num_vertices);
  shape.arcs = double(net.arcs.src.size());
  shape.arc_capacity = double(net.arcs.src.capacity());
  shape.hubs = shape.markets = 1;
  shape.coordinates = !config.coordinates.empty() || !net.xy.empty();
  shape.sssp_mode = config.sssp_mode;
  shape.path_to = config.path_to_given;
  apps::require_memory("routing.graph", routing_memory_need(shape, comm.size()), comm);
}

// The graph alone; sources from a .ss file act as hubs, vertex 1 as the market.
RoadNetwork read_graph(const RoutingConfig& config, const mpi::Comm& comm) {
  const auto& gr = config.graph;
  RoadNetwork net;
  net.name = gr;
  if (config.scenario == "osm") {
    auto roads = io::read_osm_roads(gr, config.osm);
    net.arcs = std::move(roads.arcs);
    net.xy = std::move(roads.lonlat);
    net.osm_ids = std::move(roads.osm_ids);
    net.osm_counts = roads.counts;
  } else if (names_graph_h5(gr)) {
    auto stored = io::read_graph_h5(gr);
    net.arcs = std::move(stored.arcs);
    net.xy = std::move(stored.xy);
    net.osm_ids = std::move(stored.osm_ids);
  } else {
    net.arcs = io::read_dimacs_gr(gr);
  }
  if (net.arcs.num_vertices > std::numeric_limits<VertexId>::max())
    throw Error(gr, fmt::format("{} vertices do not fit 32-bit vertex ids: build Karst with "
                                "-DKARST_ROUTING_64BIT_IDS=ON",
                                net.arcs.num_vertices));
  check_weights(net.arcs, gr);
  require_graph_memory(config, net, comm);
  if (!config.coordinates.empty())
    net.xy = io::read_dimacs_co(config.coordinates, net.arcs.num_vertices);
  std::vector<std::int64_t> sources =
      config.sources.empty() ? std::vector<std::int64_t>{0}
                             : io::read_dimacs_ss(config.sources, net.arcs.num_vertices);
  for (auto s : sources) net.hubs.push_back({s, 1e300});
  net.markets.push_back({0, "vertex 1"});
  return net;
}

}  // namespace

bool names_graph_h5(const std::string& path) {
  return ends_with(path, ".h5");
}

bool names_dimacs_gr(const std::string& path) {
  return ends_with(path, ".gr");
}

RoadNetwork read_road_network(const RoutingConfig& config, const mpi::Comm& comm) {
  return config.scenario == "guizhou-roads" ? build_province(config, comm)
                                            : read_graph(config, comm);
}

void export_road_network(const RoutingConfig& config, const RoadNetwork& net,
                         const mpi::Comm& comm) {
  if (config.export_graph.empty() || !comm.is_root()) return;
  if (names_graph_h5(config.export_graph))
    io::write_graph_h5(config.export_graph, {net.arcs, net.xy, net.osm_ids});
  else
    io::write_dimacs_gr(config.export_graph, net.arcs);
}

}  // namespace karst::routing
