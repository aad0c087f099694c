#include "apps/routing/routing_app.hpp"

#include "apps/routing/distance_table.hpp"
#include "apps/routing/hub_routes.hpp"
#include "apps/routing/road_network.hpp"
#include "apps/routing/route_outputs.hpp"
#include "apps/routing/routing_memory.hpp"
#include "apps/routing/sssp_mode.hpp"
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "bench/system_info.hpp"
#include "io/graph/graph_h5.hpp"
#include "io/hdf5/field_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <limits>
#include <numeric>

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

// The case is sized before anything big is allocated: the province from routing.size alone, an
// outside graph once its arcs are read (memory in proportion to the file) but before the CSR,
// the search arrays and the coordinates, which follow the declared vertex count.
RoadNetwork load_network(const apps::Config& c, const std::string& scenario, bool sssp_mode,
                         const mpi::Comm& comm) {
  if (scenario == "guizhou-roads") {
    const double size = c.get_double_in("routing.size", 1.0, 0.01, 100.0);
    const auto seed = static_cast<unsigned>(c.get_int_in("routing.seed", 2026, 0, 1LL << 31));
    auto shape = guizhou_roads_size(size);
    shape.sssp_mode = sssp_mode;
    shape.path_to = c.has("routing.path_to");
    apps::require_memory("routing.size", routing_memory_need(shape, comm.size()), comm);
    return guizhou_roads_scenario(size, seed);
  }
  // An outside graph (DIMACS .gr, or one stored in HDF5 before): the graph alone; sources from a
  // .ss file act as hubs, vertex 1 as the market.
  const auto gr = c.get_string("routing.graph", "");
  if (gr.empty())
    throw Error(c.origin(), "scenario 'dimacs' needs routing.graph (a .gr or graph .h5 file)");
  RoadNetwork net;
  net.name = gr;
  if (ends_with(gr, ".h5")) {
    auto stored = io::read_graph_h5(gr);
    net.arcs = std::move(stored.arcs);
    net.xy = std::move(stored.xy);
  } else {
    net.arcs = io::read_dimacs_gr(gr);
  }
  if (net.arcs.num_vertices > std::numeric_limits<VertexId>::max())
    throw Error(gr, fmt::format("{} vertices do not fit 32-bit vertex ids: build Karst with "
                                "-DKARST_ROUTING_64BIT_IDS=ON",
                                net.arcs.num_vertices));
  check_weights(net.arcs, gr);
  const auto co = c.get_string("routing.coordinates", "");
  RoutingSize shape;
  shape.vertices = double(net.arcs.num_vertices);
  shape.arcs = double(net.arcs.src.size());
  shape.arc_capacity = double(net.arcs.src.capacity());
  shape.hubs = shape.markets = 1;
  shape.coordinates = !co.empty() || !net.xy.empty();
  shape.sssp_mode = sssp_mode;
  shape.path_to = c.has("routing.path_to");
  apps::require_memory("routing.graph", routing_memory_need(shape, comm.size()), comm);
  if (!co.empty()) net.xy = io::read_dimacs_co(co, net.arcs.num_vertices);
  const auto ss = c.get_string("routing.sources", "");
  std::vector<std::int64_t> sources =
      ss.empty() ? std::vector<std::int64_t>{0} : io::read_dimacs_ss(ss, net.arcs.num_vertices);
  for (auto s : sources) net.hubs.push_back({s, 1e300});
  net.markets.push_back({0, "vertex 1"});
  return net;
}

CsrGraph reversed(const RoadNetwork& net) {
  return build_csr(net.arcs.num_vertices, net.arcs.dst, net.arcs.src, net.arcs.weight);
}

}  // namespace

apps::WorkloadRun run_routing(const apps::Config& config, const apps::RunEnv& env) {
  const auto scenario = config.get_choice("routing.scenario",
                                          config.has("routing.graph") ? "dimacs" : "guizhou-roads",
                                          {"guizhou-roads", "dimacs"});
  const auto delta = config.get_int_in("routing.delta", 0, 0, 1LL << 40);
  const bool sssp_mode = config.get_choice("routing.mode", "tables", {"tables", "sssp"}) == "sssp";
  const auto net = load_network(config, scenario, sssp_mode, env.comm);
  // The network as DIMACS .gr for other shortest-path codes (GAPBS side by side), or in HDF5 with
  // its coordinates so later runs skip the text import; the run goes on.
  if (const auto out = config.get_string("routing.export_graph", ""); !out.empty()) {
    if (!ends_with(out, ".gr") && !ends_with(out, ".h5"))
      throw Error(config.origin(),
                  fmt::format("routing.export_graph '{}' must end in .gr or .h5", out));
    if (env.comm.is_root()) {
      if (ends_with(out, ".h5"))
        io::write_graph_h5(out, {net.arcs, net.xy});
      else
        io::write_dimacs_gr(out, net.arcs);
    }
  }
  // One distributed single-source search instead of tables: its own driver (sssp_mode.cpp).
  if (sssp_mode) return run_distributed_sssp(config, env, scenario, delta, net);
  const auto trucks = read_truck_settings(config);
  config.reject_unknown("routing");
  const auto& comm = env.comm;
  bench::Profile profile;
  comm.barrier();
  const auto t0 = std::chrono::steady_clock::now();
  // Arrival times *to* hubs and markets are distances *from* them on the reversed graph.
  CsrGraph rev;
  {
    auto r = profile.region("routing::build_csr");
    rev = reversed(net);
  }
  std::vector<std::int64_t> farm_nodes, hub_nodes, market_nodes;
  for (const auto& f : net.farms) farm_nodes.push_back(f.node);
  for (const auto& h : net.hubs) hub_nodes.push_back(h.node);
  for (const auto& m : net.markets) market_nodes.push_back(m.node);
  if (comm.is_root() && env.progress)
    std::cerr << fmt::format(
        "routing: {} nodes, {} arcs, {} farms, {} hubs, {} markets, delta {}\n",
        net.arcs.num_vertices, net.arcs.src.size(), net.farms.size(), net.hubs.size(),
        net.markets.size(), delta > 0 ? delta : auto_delta(rev));
  TableStats stats;
  const auto to_hub = distance_table(rev, hub_nodes, farm_nodes, delta, comm, profile, stats);
  const auto to_market = distance_table(rev, market_nodes, hub_nodes, delta, comm, profile, stats);
  const double wall = comm.allreduce_max(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  // Most perishable first; each farm to the nearest hub that has room and meets the deadline.
  std::vector<size_t> order(net.farms.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return net.farms[a].deadline_h < net.farms[b].deadline_h;
  });
  std::vector<double> load(net.hubs.size(), 0.0);
  std::vector<long> hub_of(net.farms.size(), -1);
  nlohmann::json assigned = nlohmann::json::array(), unserved = nlohmann::json::array();
  double delivered = 0;
  for (size_t f : order) {
    const auto& farm = net.farms[f];
    long best = -1;
    Weight best_time = kUnreachable;
    std::string reason = "unreachable";
    for (size_t h = 0; h < net.hubs.size(); ++h) {
      const auto in = to_hub.at(h, f);
      if (in >= kUnreachable) continue;
      Weight out = kUnreachable;
      for (size_t m = 0; m < net.markets.size(); ++m) out = std::min(out, to_market.at(m, h));
      if (out >= kUnreachable) continue;
      if (double(in + out) > farm.deadline_h * 3600) {
        if (reason == "unreachable") reason = "deadline";
        continue;
      }
      if (load[h] + farm.tonnes > net.hubs[h].capacity_t) {
        reason = "hub capacity";
        continue;
      }
      if (in + out < best_time) best_time = in + out, best = static_cast<long>(h);
    }
    if (best < 0) {
      unserved.push_back(
          {{"farm_node", farm.node + 1}, {"tonnes", farm.tonnes}, {"reason", reason}});
      continue;
    }
    load[best] += farm.tonnes;
    hub_of[f] = best;
    delivered += farm.tonnes;
    assigned.push_back({{"farm_node", farm.node + 1},
                        {"produce", farm.produce},
                        {"tonnes", farm.tonnes},
                        {"hub", best},
                        {"farm_to_market_h", double(best_time) / 3600}});
  }

  // Vehicle routes per hub: leg times by bounded delta-stepping, savings, then local search.
  comm.barrier();
  const auto t_routes = std::chrono::steady_clock::now();
  LegStats leg_stats;
  const auto routes =
      plan_hub_routes(net, hub_of, to_hub, to_market, trucks, delta, comm, profile, leg_stats);
  const auto route_sum = route_totals(routes);
  const double route_wall = comm.allreduce_max(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_routes).count());

  // Outputs: the tables in HDF5, the assignment in JSON (rank 0, on MPI_COMM_SELF).
  if (comm.is_root()) {
    auto f = io::H5File::create(env.out_dir + "/tables.h5", mpi::Comm::self());
    auto as_double = [](const DistanceTable& t) {
      return std::vector<double>(t.value.begin(), t.value.end());
    };
    const auto a = as_double(to_hub), b = as_double(to_market);
    if (!a.empty())
      io::write_block(f, "hub_from_farm_s", io::Block::whole({hub_nodes.size(), farm_nodes.size()}),
                      a.data(), {"s", {}, {}});
    if (!b.empty())
      io::write_block(f, "market_from_hub_s",
                      io::Block::whole({market_nodes.size(), hub_nodes.size()}), b.data(),
                      {"s", {}, {}});
    f.commit();
    io::write_text_atomically(
        env.out_dir + "/assignment.json",
        nlohmann::json{{"assigned", assigned}, {"unserved", unserved}}.dump(2) + "\n");
    write_routes(env.out_dir, net, routes, trucks);
  }

  const double sssp_time = comm.allreduce_sum(stats.sssp_seconds);
  const double runs = comm.allreduce_sum(double(stats.sssp_runs));
  const double arcs = comm.allreduce_sum(double(stats.traversed_arcs));
  const double teps = sssp_time > 0 ? arcs / sssp_time : 0.0;  // per SSSP, as Graph500 reports
  bench::RunRecord record("routing", scenario, bench::collect_system_info(comm),
                          config.effective());
  record.set_measurements(profile.reduce(comm), wall + route_wall);
  record.add_figure({"sssp_gteps", teps * 1e-9, "GTEPS", true});
  record.add_figure({"sssp_time", runs > 0 ? sssp_time / runs : 0.0, "s", false});
  record.add_figure({"table_time", wall, "s", false});
  record.add_figure({"route_time", route_wall, "s", false});
  record.set_results({{"vertices", net.arcs.num_vertices},
                      {"arcs", net.arcs.src.size()},
                      {"sssp_runs", runs},
                      {"farms", net.farms.size()},
                      {"farms_assigned", assigned.size()},
                      {"farms_unserved", unserved.size()},
                      {"tonnes_delivered", delivered},
                      {"routes", route_sum.routes},
                      {"route_hours_total", route_sum.hours},
                      {"route_hours_one_truck_per_farm", route_sum.one_truck_per_farm_hours},
                      {"tonnes_routed", route_sum.tonnes},
                      {"farms_unrouted", route_sum.farms_unrouted}});
  apps::WorkloadRun run{record, {}};
  run.highlights.push_back(fmt::format(
      "{} nodes, {} arcs: {:.0f} SSSPs, {:.4f} GTEPS, {:.3f} s per SSSP", net.arcs.num_vertices,
      net.arcs.src.size(), runs, teps * 1e-9, runs > 0 ? sssp_time / runs : 0.0));
  run.highlights.push_back(fmt::format("{} of {} farms assigned to hubs ({:.0f} t), {} unserved",
                                       assigned.size(), net.farms.size(), delivered,
                                       unserved.size()));
  if (!routes.empty())
    run.highlights.push_back(fmt::format(
        "{} truck routes: {:.1f} h for {:.0f} t (one truck per farm: {:.1f} h), {} unroutable",
        route_sum.routes, route_sum.hours, route_sum.tonnes, route_sum.one_truck_per_farm_hours,
        route_sum.farms_unrouted));
  return run;
}

}  // namespace karst::routing
