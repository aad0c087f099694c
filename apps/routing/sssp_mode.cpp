#include "apps/routing/sssp_mode.hpp"

#include "apps/routing/distributed_sssp.hpp"
#include "bench/phase_clock.hpp"
#include "io/hdf5/field_io.hpp"
#include "kernels/routing/partitioned_relax.hpp"
#include "kernels/routing/path_from_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

namespace karst::routing {

namespace {

// Collective: `distance` (-1 where unreachable) and `parent` (1-based ids as in DIMACS files, 0
// where unreachable, the source its own parent), each rank writing its block of vertices. Doubles
// hold both exactly below 2^53. `osm_id` (int64) too when the graph came from OpenStreetMap.
void write_tree(const std::string& path, const DistributedGraph& g, const DistributedSsspResult& r,
                std::int64_t source, const std::string& units, const std::vector<double>& route,
                const std::vector<std::int64_t>& osm_ids, const mpi::Comm& comm) {
  auto dist = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
  auto parent = Kokkos::create_mirror_view_and_copy(HostSpace(), r.parent);
  const auto n_local = static_cast<size_t>(g.part.num_local);
  std::vector<double> d(n_local), p(n_local);
  for (size_t k = 0; k < n_local; ++k) {
    d[k] = dist(k) >= kUnreachable ? -1.0 : double(dist(k));
    p[k] = double(parent(k) + 1);
  }
  const io::Block block{{static_cast<hsize_t>(g.part.partition.num_vertices)},
                        {static_cast<hsize_t>(g.part.first)},
                        {n_local}};
  auto file = io::H5File::create(path, comm);
  io::write_block(file, "distance", block, d.data(), {units, {}, {}});
  io::write_block(file, "parent", block, p.data(), {});
  if (!osm_ids.empty())  // this rank's vertices' OpenStreetMap node ids
    io::write_block(file, "osm_id", block, osm_ids.data() + g.part.first, {});
  if (!route.empty())  // every rank holds the same path: a collective write of one block
    io::write_block(file, "path", io::Block::whole({route.size()}), route.data(), {});
  io::write_string_attribute(file.id(), "source", std::to_string(source));
  file.commit();
}

// Collective: the shortest path from the source to `target` (0-based), read off the gathered
// parent tree; empty when the target was not reached.
std::vector<VertexId> path_to(const DistributedSsspResult& r, std::int64_t source,
                              std::int64_t target, const mpi::Comm& comm) {
  auto parent = Kokkos::create_mirror_view_and_copy(HostSpace(), r.parent);
  const std::vector<std::int64_t> mine(parent.data(), parent.data() + parent.extent(0));
  const auto all = comm.allgatherv(mine);
  const std::vector<VertexId> tree(all.begin(), all.end());
  return path_from_tree(tree, static_cast<VertexId>(source), static_cast<VertexId>(target));
}

// Collective.
DistributedGraph partition(const io::EdgeList& arcs, const mpi::Comm& comm,
                           bench::Profile& profile) {
  auto region = profile.region("routing::partition_graph");
  return distribute_graph(arcs, comm);
}

// Collective: distances on the contracted graph `gc`, expanded to every vertex (chains may cross
// ranks, so every rank expands the gathered distances), then the parent tree on the original `g`
// (the same vertex ids, so the same blocks): the tree of a search on `g` itself.
DistributedSsspResult contracted_sssp(const DistributedGraph& g, const DistributedGraph& gc,
                                      const io::ChainContraction& chains, std::int64_t source,
                                      Weight delta, bench::Profile& profile) {
  auto r = distributed_distances(gc, source, delta, profile);
  {
    auto region = profile.region("routing::expand_chains");
    const auto mine_view = Kokkos::create_mirror_view_and_copy(HostSpace(), r.dist);
    const std::vector<std::int64_t> mine(mine_view.data(), mine_view.data() + mine_view.extent(0));
    const auto all = io::expand_distances(chains, g.comm.allgatherv(mine), kUnreachable);
    Kokkos::View<const Weight*, HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> block(
        all.data() + g.part.first, static_cast<size_t>(g.part.num_local));
    Kokkos::deep_copy(r.dist, block);
  }
  add_parent_tree(g, source, r, profile);
  return r;
}

void print_partition(const RoadNetwork& net, const DistributedGraph& g, std::int64_t source,
                     Weight delta, const mpi::Comm& comm) {
  std::cerr << fmt::format(
      "routing sssp: {} nodes, {} arcs, source {}, delta {}, {} ranks ({} vertices, {} ghosts on "
      "rank 0)\n",
      net.arcs.num_vertices, g.num_arcs, source, delta, comm.size(), g.part.num_local,
      g.part.num_ghosts);
}

// Distances in seconds for the province and OpenStreetMap time weights, metres for OSM lengths;
// a DIMACS file's are the file's own.
std::string weight_units(const RoutingConfig& config) {
  if (config.scenario == "osm") return config.osm.time ? "s" : "m";
  return config.scenario == "guizhou-roads" ? "s" : "";
}

// The path as written to sssp.h5: 1-based ids as in DIMACS files.
std::vector<double> one_based(const std::vector<VertexId>& route) {
  std::vector<double> ids(route.begin(), route.end());
  for (auto& v : ids) v += 1;
  return ids;
}

// The search's counts over all ranks.
struct SsspTotals {
  long long reached = 0;
  Weight farthest = 0;  // the largest finite distance
  long long traversed = 0, relaxations = 0, remote = 0, messages = 0, tree_messages = 0, phases = 0,
            bytes = 0;
};

// Collective.
SsspTotals sssp_totals(const DistributedSsspResult& r, const mpi::Comm& comm) {
  const auto dist = r.dist;
  SsspTotals t;
  Kokkos::parallel_reduce(
      "routing::sssp_reached", Kokkos::RangePolicy<ExecSpace>(0, dist.extent(0)),
      KOKKOS_LAMBDA(const int v, long long& count) { count += dist(v) < kUnreachable; }, t.reached);
  Kokkos::parallel_reduce(
      "routing::sssp_farthest", Kokkos::RangePolicy<ExecSpace>(0, dist.extent(0)),
      KOKKOS_LAMBDA(const int v, Weight& m) {
        if (dist(v) < kUnreachable && dist(v) > m) m = dist(v);
      },
      Kokkos::Max<Weight>(t.farthest));
  t.reached = comm.allreduce_sum(t.reached);
  t.farthest = comm.allreduce_max_int64(std::max<Weight>(t.farthest, 0));
  const auto sum = [&](std::int64_t v) { return comm.allreduce_sum(static_cast<long long>(v)); };
  const auto& s = r.stats;
  t.traversed = sum(s.traversed_arcs);
  t.relaxations = sum(s.relaxations);
  t.remote = sum(s.remote_relaxations);
  t.messages = sum(s.update_messages);
  t.tree_messages = sum(s.tree_messages);
  t.phases = comm.allreduce_max_int64(s.phases);
  t.bytes = sum(s.bytes_sent);
  return t;
}

nlohmann::json sssp_results(const RoutingConfig& config, const RoadNetwork& net,
                            const DistributedGraph& g, Weight delta, const SsspTotals& t,
                            const DistributedSsspStats& s, const std::vector<VertexId>& route) {
  nlohmann::json results = {{"mode", "sssp"},
                            {"vertices", net.arcs.num_vertices},
                            {"arcs", g.num_arcs},
                            {"source", config.source},
                            {"delta", delta},
                            {"reached", t.reached},
                            {"traversed_arcs", t.traversed},
                            {"farthest", t.farthest},
                            {"relaxations", t.relaxations},
                            {"remote_relaxations", t.remote},
                            {"update_messages", t.messages},
                            {"tree_messages", t.tree_messages},
                            {"bytes_sent", t.bytes},
                            {"buckets", s.buckets},
                            {"light_sweeps_max", t.phases},
                            {"rounds", s.rounds},
                            {"exchanges", s.exchanges}};
  if (!net.osm_ids.empty()) results["source_osm_id"] = net.osm_ids[config.source - 1];
  if (config.path_to > 0)
    results["path"] = {{"to", config.path_to},
                       {"hops", route.empty() ? -1 : long(route.size()) - 1}};
  return results;
}

std::vector<std::string> sssp_highlights(const RoutingConfig& config, const RoadNetwork& net,
                                         const DistributedGraph& g, const SsspTotals& t,
                                         const DistributedSsspStats& s, double teps,
                                         double sssp_time, const std::vector<VertexId>& route,
                                         const mpi::Comm& comm) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format(
      "{} nodes, {} arcs: one SSSP from {} on {} ranks, {} reached, {:.4f} GTEPS, {:.3f} s",
      net.arcs.num_vertices, g.num_arcs, config.source, comm.size(), t.reached, teps * 1e-9,
      sssp_time));
  if (config.path_to > 0)
    lines.push_back(route.empty() ? fmt::format("path to {}: not reachable from {}", config.path_to,
                                                config.source)
                                  : fmt::format("path to {}: {} hops, written to sssp.h5:/path",
                                                config.path_to, route.size() - 1));
  lines.push_back(fmt::format(
      "{} buckets, {} rounds ({} with pairs to move), up to {} light sweeps a rank: {} remote "
      "relaxations sent as {} updates, {} tree messages ({:.2f} MB)",
      s.buckets, s.rounds, s.exchanges, t.phases, t.remote, t.messages, t.tree_messages,
      double(t.bytes) * 1e-6));
  return lines;
}

}  // namespace

apps::WorkloadRun run_sssp_mode(const RoutingConfig& config, const bench::RunIdentity& identity,
                                const RoadNetwork& net, const io::ChainContraction* chains,
                                const apps::RunEnv& env) {
  const auto& comm = env.comm;
  bench::Profile profile;
  const bench::PhaseClock run_clock(comm);
  const auto g = partition(net.arcs, comm, profile);
  // The search's graph: the contracted one when asked for (its own automatic delta).
  const auto gc = chains
                      ? std::make_unique<DistributedGraph>(partition(chains->graph, comm, profile))
                      : nullptr;
  const Weight delta = config.delta > 0 ? config.delta : (gc ? gc->auto_delta : g.auto_delta);
  if (comm.is_root() && env.progress) print_partition(net, g, config.source, delta, comm);

  const bench::PhaseClock sssp_clock(comm);
  const auto r = gc ? contracted_sssp(g, *gc, *chains, config.source - 1, delta, profile)
                    : distributed_sssp(g, config.source - 1, delta, profile);
  const double mine = sssp_clock.local_seconds();     // this rank's search, for its profile
  const double sssp_time = comm.allreduce_max(mine);  // the same reading, slowest rank
  const double wall = run_clock.seconds();
  profile.add("routing::distributed_sssp", mine, kPartitionedRelaxCost,
              double(r.stats.relaxations));
  const auto totals = sssp_totals(r, comm);
  // Graph500: the arcs of the traversed component (tails reached) over the time of one search.
  const double teps = bench::per_second(double(totals.traversed), sssp_time);

  std::vector<VertexId> route;
  if (config.path_to > 0) {
    auto region = profile.region("routing::path_from_tree");
    route = path_to(r, config.source - 1, config.path_to - 1, comm);
  }
  {
    auto region = profile.region("io::sssp_write");
    write_tree(env.out_dir + "/sssp.h5", g, r, config.source, weight_units(config),
               one_based(route), net.osm_ids, comm);
  }

  auto record = bench::workload_record(identity, profile, wall, comm);
  record.add_figure({"sssp_gteps", teps * 1e-9, "GTEPS", true});
  record.add_figure({"sssp_time", sssp_time, "s", false});
  record.set_results(sssp_results(config, net, g, delta, totals, r.stats, route));
  apps::WorkloadRun run{record, {}};
  run.highlights = sssp_highlights(config, net, g, totals, r.stats, teps, sssp_time, route, comm);
  return run;
}

}  // namespace karst::routing
