#include "apps/routing/sssp_mode.hpp"

#include "apps/routing/distributed_sssp.hpp"
#include "bench/system_info.hpp"
#include "io/hdf5/field_io.hpp"
#include "kernels/routing/partitioned_relax.hpp"
#include "kernels/routing/path_from_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace karst::routing {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Collective: `distance` (-1 where unreachable) and `parent` (1-based ids as in DIMACS files, 0
// where unreachable, the source its own parent), each rank writing its block of vertices. Doubles
// hold both exactly below 2^53.
void write_tree(const std::string& path, const DistributedGraph& g, const DistributedSsspResult& r,
                std::int64_t source, const std::string& units, const std::vector<double>& route,
                const mpi::Comm& comm) {
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

}  // namespace

apps::WorkloadRun run_distributed_sssp(const apps::Config& config, const apps::RunEnv& env,
                                       const std::string& scenario, Weight delta,
                                       const RoadNetwork& net) {
  const auto n = net.arcs.num_vertices;
  const auto source =
      config.get_int_in("routing.source", 1, 1, std::max<long long>(1, static_cast<long long>(n)));
  // A path to reconstruct and write, 1-based as in DIMACS files; 0: none.
  const auto target =
      config.get_int_in("routing.path_to", 0, 0, std::max<long long>(1, static_cast<long long>(n)));
  config.reject_unknown("routing");
  const auto& comm = env.comm;
  bench::Profile profile;
  comm.barrier();
  const auto t0 = std::chrono::steady_clock::now();
  DistributedGraph g;
  {
    auto region = profile.region("routing::partition_graph");
    g = distribute_graph(net.arcs, comm);
  }
  const Weight d = delta > 0 ? delta : g.auto_delta;
  if (comm.is_root() && env.progress)
    std::cerr << fmt::format(
        "routing sssp: {} nodes, {} arcs, source {}, delta {}, {} ranks ({} vertices, {} ghosts on "
        "rank 0)\n",
        n, g.num_arcs, source, d, comm.size(), g.part.num_local, g.part.num_ghosts);

  comm.barrier();
  const auto t1 = std::chrono::steady_clock::now();
  const auto r = distributed_sssp(g, source - 1, d, profile);
  Kokkos::fence();
  const double mine = seconds_since(t1);
  const double sssp_time = comm.allreduce_max(mine);
  const double wall = comm.allreduce_max(seconds_since(t0));
  profile.add("routing::distributed_sssp", mine, kPartitionedRelaxCost,
              double(r.stats.relaxations));

  const auto dist = r.dist;
  long long reached = 0;
  Weight farthest = 0;
  Kokkos::parallel_reduce(
      "routing::sssp_reached", Kokkos::RangePolicy<ExecSpace>(0, dist.extent(0)),
      KOKKOS_LAMBDA(const int v, long long& count) { count += dist(v) < kUnreachable; }, reached);
  Kokkos::parallel_reduce(
      "routing::sssp_farthest", Kokkos::RangePolicy<ExecSpace>(0, dist.extent(0)),
      KOKKOS_LAMBDA(const int v, Weight& m) {
        if (dist(v) < kUnreachable && dist(v) > m) m = dist(v);
      },
      Kokkos::Max<Weight>(farthest));
  reached = comm.allreduce_sum(reached);
  farthest = comm.allreduce_max_int64(std::max<Weight>(farthest, 0));
  const auto sum = [&](std::int64_t v) { return comm.allreduce_sum(static_cast<long long>(v)); };
  const auto& s = r.stats;
  const long long traversed = sum(s.traversed_arcs), relaxations = sum(s.relaxations),
                  remote = sum(s.remote_relaxations), messages = sum(s.update_messages),
                  tree_messages = sum(s.tree_messages), phases = comm.allreduce_max_int64(s.phases),
                  bytes = sum(s.bytes_sent);
  // Graph500: the arcs of the traversed component (tails reached) over the time of one search.
  const double teps = sssp_time > 0 ? double(traversed) / sssp_time : 0.0;

  std::vector<VertexId> route;
  if (target > 0) {
    auto region = profile.region("routing::path_from_tree");
    route = path_to(r, source - 1, target - 1, comm);
  }
  const std::vector<double> route_ids(route.begin(), route.end());
  std::vector<double> route_1based(route_ids);
  for (auto& v : route_1based) v += 1;
  {
    auto region = profile.region("io::sssp_write");
    write_tree(env.out_dir + "/sssp.h5", g, r, source, scenario == "guizhou-roads" ? "s" : "",
               route_1based, comm);
  }

  bench::RunRecord record("routing", scenario, bench::collect_system_info(comm),
                          config.effective());
  record.set_measurements(profile.reduce(comm), wall);
  record.add_figure({"sssp_gteps", teps * 1e-9, "GTEPS", true});
  record.add_figure({"sssp_time", sssp_time, "s", false});
  nlohmann::json results = {{"mode", "sssp"},
                            {"vertices", n},
                            {"arcs", g.num_arcs},
                            {"source", source},
                            {"delta", d},
                            {"reached", reached},
                            {"traversed_arcs", traversed},
                            {"farthest", farthest},
                            {"relaxations", relaxations},
                            {"remote_relaxations", remote},
                            {"update_messages", messages},
                            {"tree_messages", tree_messages},
                            {"bytes_sent", bytes},
                            {"buckets", s.buckets},
                            {"light_sweeps_max", phases},
                            {"rounds", s.rounds},
                            {"exchanges", s.exchanges}};
  if (target > 0)
    results["path"] = {{"to", target}, {"hops", route.empty() ? -1 : long(route.size()) - 1}};
  record.set_results(results);
  apps::WorkloadRun run{record, {}};
  run.highlights.push_back(fmt::format(
      "{} nodes, {} arcs: one SSSP from {} on {} ranks, {} reached, {:.4f} GTEPS, {:.3f} s", n,
      g.num_arcs, source, comm.size(), reached, teps * 1e-9, sssp_time));
  if (target > 0)
    run.highlights.push_back(route.empty()
                                 ? fmt::format("path to {}: not reachable from {}", target, source)
                                 : fmt::format("path to {}: {} hops, written to sssp.h5:/path",
                                               target, route.size() - 1));
  run.highlights.push_back(fmt::format(
      "{} buckets, {} rounds ({} with pairs to move), up to {} light sweeps a rank: {} remote "
      "relaxations sent as {} updates, {} tree messages ({:.2f} MB)",
      s.buckets, s.rounds, s.exchanges, phases, remote, messages, tree_messages,
      double(bytes) * 1e-6));
  return run;
}

}  // namespace karst::routing
