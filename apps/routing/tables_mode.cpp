#include "apps/routing/tables_mode.hpp"

#include "apps/routing/distance_table.hpp"
#include "apps/routing/farm_assignment.hpp"
#include "apps/routing/hub_routes.hpp"
#include "apps/routing/road_contraction.hpp"
#include "apps/routing/route_geojson.hpp"
#include "apps/routing/route_outputs.hpp"
#include "apps/routing/routes_png.hpp"
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "bench/phase_clock.hpp"
#include "io/hdf5/field_io.hpp"

#include <fmt/format.h>

#include <iostream>

namespace karst::routing {

namespace {

struct TravelTables {
  DistanceTable to_hub;     // hub <- farm
  DistanceTable to_market;  // market <- hub
};

template <class Place>
std::vector<std::int64_t> nodes_of(const std::vector<Place>& places) {
  std::vector<std::int64_t> nodes;
  for (const auto& p : places) nodes.push_back(p.node);
  return nodes;
}

// Collective. Arrival times *to* hubs and markets are distances *from* them on the reversed graph.
TravelTables travel_tables(const RoadNetwork& net, Weight delta, const apps::RunEnv& env,
                           bench::Profile& profile, TableStats& stats) {
  CsrGraph rev;
  {
    auto r = profile.region("routing::build_csr");
    rev = build_csr(net.arcs.num_vertices, net.arcs.dst, net.arcs.src, net.arcs.weight);
  }
  const auto farm_nodes = nodes_of(net.farms), hub_nodes = nodes_of(net.hubs),
             market_nodes = nodes_of(net.markets);
  if (env.comm.is_root() && env.progress)
    std::cerr << fmt::format(
        "routing: {} nodes, {} arcs, {} farms, {} hubs, {} markets, delta {}\n",
        net.arcs.num_vertices, net.arcs.src.size(), net.farms.size(), net.hubs.size(),
        net.markets.size(), delta > 0 ? delta : auto_delta(rev));
  auto to_hub = distance_table(rev, hub_nodes, farm_nodes, delta, env.comm, profile, stats);
  auto to_market = distance_table(rev, market_nodes, hub_nodes, delta, env.comm, profile, stats);
  return {std::move(to_hub), std::move(to_market)};
}

void write_tables_h5(const std::string& path, const TravelTables& tables) {
  auto f = io::H5File::create(path, mpi::Comm::self());
  for (const auto& [name, t] : {std::pair{"hub_from_farm_s", &tables.to_hub},
                                std::pair{"market_from_hub_s", &tables.to_market}}) {
    const std::vector<double> value(t->value.begin(), t->value.end());
    if (!value.empty())
      io::write_block(f, name, io::Block::whole({t->sources.size(), t->targets.size()}),
                      value.data(), {"s", {}, {}});
  }
  f.commit();
}

// Not collective: rank 0 writes every file, on MPI_COMM_SELF. Says how routes.png went.
RoutesPng write_outputs(const std::string& dir, const RoadNetwork& net, const TravelTables& tables,
                        const FarmAssignment& assignment, const std::vector<HubRoutePlan>& routes,
                        const TruckSettings& trucks) {
  write_tables_h5(dir + "/tables.h5", tables);
  io::write_text_atomically(dir + "/assignment.json",
                            assignment_json(net, assignment).dump(2) + "\n");
  write_routes(dir, net, routes, trucks);
  // Coordinates are lon/lat only for OpenStreetMap graphs (and their .h5 exports).
  if (net.osm_ids.empty() || net.xy.empty()) return {};
  io::write_text_atomically(dir + "/routes.geojson",
                            routes_geojson(net, assignment, routes).dump() + "\n");
  return draw_routes_png(dir, net);
}

// Collective: rank 0's outputs; a failed routes.png script fails the run on every rank.
std::string write_outputs_everywhere(const std::string& dir, const RoadNetwork& net,
                                     const TravelTables& tables, const FarmAssignment& assignment,
                                     const std::vector<HubRoutePlan>& routes,
                                     const TruckSettings& trucks, const mpi::Comm& comm) {
  RoutesPng png;
  if (comm.is_root()) png = write_outputs(dir, net, tables, assignment, routes, trucks);
  png.failed = comm.broadcast(png.failed);
  if (!png.failed.empty()) throw Error("routing.routes_png", png.failed);
  return comm.broadcast(png.note);
}

// The tables' searches over all ranks.
struct SearchTotals {
  double seconds = 0.0;  // wall time of the searches, summed over the ranks
  double runs = 0.0;
  double traversed_arcs = 0.0;

  // Per SSSP, as Graph500 reports.
  double teps() const { return bench::per_second(traversed_arcs, seconds); }
  double seconds_per_run() const { return runs > 0 ? seconds / runs : 0.0; }
};

SearchTotals search_totals(const TableStats& stats, const mpi::Comm& comm) {
  SearchTotals t;
  t.seconds = comm.allreduce_sum(stats.sssp_seconds);
  t.runs = comm.allreduce_sum(double(stats.sssp_runs));
  t.traversed_arcs = comm.allreduce_sum(double(stats.traversed_arcs));
  return t;
}

struct PhaseTimes {
  double tables_s = 0.0;
  double routes_s = 0.0;
};

// Collective.
bench::RunRecord tables_record(const bench::RunIdentity& identity, const bench::Profile& profile,
                               const PhaseTimes& times, const SearchTotals& searches,
                               const RoadNetwork& net, const FarmAssignment& assignment,
                               const RouteTotals& route_sum, const mpi::Comm& comm) {
  auto record = bench::workload_record(identity, profile, times.tables_s + times.routes_s, comm);
  record.add_figure({"sssp_gteps", searches.teps() * 1e-9, "GTEPS", true});
  record.add_figure({"sssp_time", searches.seconds_per_run(), "s", false});
  record.add_figure({"table_time", times.tables_s, "s", false});
  record.add_figure({"route_time", times.routes_s, "s", false});
  record.set_results({{"vertices", net.arcs.num_vertices},
                      {"arcs", net.arcs.src.size()},
                      {"sssp_runs", searches.runs},
                      {"farms", net.farms.size()},
                      {"farms_assigned", assignment.assigned.size()},
                      {"farms_unserved", assignment.unserved.size()},
                      {"tonnes_delivered", assignment.tonnes_delivered},
                      {"routes", route_sum.routes},
                      {"route_hours_total", route_sum.hours},
                      {"route_hours_one_truck_per_farm", route_sum.one_truck_per_farm_hours},
                      {"tonnes_routed", route_sum.tonnes},
                      {"farms_unrouted", route_sum.farms_unrouted}});
  return record;
}

std::vector<std::string> tables_highlights(const SearchTotals& searches, const RoadNetwork& net,
                                           const FarmAssignment& assignment, bool any_routes,
                                           const RouteTotals& route_sum) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("{} nodes, {} arcs: {:.0f} SSSPs, {:.4f} GTEPS, {:.3f} s per SSSP",
                              net.arcs.num_vertices, net.arcs.src.size(), searches.runs,
                              searches.teps() * 1e-9, searches.seconds_per_run()));
  lines.push_back(fmt::format("{} of {} farms assigned to hubs ({:.0f} t), {} unserved",
                              assignment.assigned.size(), net.farms.size(),
                              assignment.tonnes_delivered, assignment.unserved.size()));
  if (any_routes)
    lines.push_back(fmt::format(
        "{} truck routes: {:.1f} h for {:.0f} t (one truck per farm: {:.1f} h), {} unroutable",
        route_sum.routes, route_sum.hours, route_sum.tonnes, route_sum.one_truck_per_farm_hours,
        route_sum.farms_unrouted));
  return lines;
}

}  // namespace

apps::WorkloadRun run_tables_mode(const RoutingConfig& config, const bench::RunIdentity& identity,
                                  const RoadNetwork& net, const io::ChainContraction* chains,
                                  const apps::RunEnv& env) {
  const auto& comm = env.comm;
  // The searches' network: the contracted one keeps every site, so every time is the same.
  const auto contracted = chains ? with_arcs(net, chains->graph) : RoadNetwork();
  const auto& searched = chains ? contracted : net;
  bench::Profile profile;
  TableStats stats;
  PhaseTimes times;
  const bench::PhaseClock table_clock(comm);
  const auto tables = travel_tables(searched, config.delta, env, profile, stats);
  times.tables_s = table_clock.seconds();

  const auto assignment = assign_farms_to_hubs(net, tables.to_hub, tables.to_market);

  // Vehicle routes per hub: leg times by bounded delta-stepping, savings, then local search.
  const bench::PhaseClock route_clock(comm);
  LegStats leg_stats;
  const auto routes =
      plan_hub_routes(searched, assignment.hub_of_farm, tables.to_hub, tables.to_market,
                      config.trucks, config.delta, comm, profile, leg_stats);
  const auto route_sum = route_totals(routes);
  times.routes_s = route_clock.seconds();

  const auto png_note =
      write_outputs_everywhere(env.out_dir, net, tables, assignment, routes, config.trucks, comm);

  const auto searches = search_totals(stats, comm);
  apps::WorkloadRun run{
      tables_record(identity, profile, times, searches, net, assignment, route_sum, comm), {}};
  run.highlights = tables_highlights(searches, net, assignment, !routes.empty(), route_sum);
  if (!png_note.empty()) run.highlights.push_back(png_note);
  return run;
}

}  // namespace karst::routing
