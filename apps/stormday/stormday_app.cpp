#include "apps/stormday/stormday_app.hpp"

#include "apps/common/memory_check.hpp"
#include "apps/common/python_script.hpp"
#include "apps/common/run_directory.hpp"
#include "apps/flood/flood_app.hpp"
#include "apps/flood/scenario_guizhou.hpp"
#include "apps/stormday/county_file.hpp"
#include "apps/stormday/road_hazard_file.hpp"
#include "apps/stormday/stormday_config.hpp"
#include "apps/stormday/stormday_summary.hpp"
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "bench/phase_clock.hpp"
#include "bench/workload_record.hpp"
#include "io/hdf5/field_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace karst::stormday {

namespace {

void say(const apps::RunEnv& env, const std::string& line) {
  if (env.progress && env.comm.is_root()) std::cerr << "stormday: " << line << "\n";
}

std::string stage_dir(const apps::RunEnv& env, const std::string& name) {
  const std::string dir = env.out_dir + "/" + name;
  apps::make_directories(dir, env.comm);
  return dir;
}

// The gauges' depth series as the flood stage stored them in maps.h5 (rank 0 only).
GaugeRecord read_gauges(const County& county, const std::string& maps_h5) {
  GaugeRecord g;
  // Names and warning levels only: they do not depend on the grid spacing.
  for (const auto& spec : flood::guizhou_karst_gauges(county.grid.dx)) {
    g.names.push_back(spec.name);
    g.thresholds_m.push_back(spec.thresholds_m);
  }
  const auto f = io::H5File::open_read(maps_h5, mpi::Comm::self());
  const auto shape = io::dataset_shape(f, "gauges/depth");
  if (shape.size() != 2 || shape[1] != g.names.size())
    throw Error(maps_h5 + ":gauges/depth", "does not hold one column per gauge");
  g.time_s.resize(shape[0]);
  io::read_block(f, "gauges/time", io::Block::whole({shape[0]}), g.time_s.data());
  std::vector<double> flat(shape[0] * shape[1]);
  io::read_block(f, "gauges/depth", io::Block::whole(shape), flat.data());
  for (size_t t = 0; t < shape[0]; ++t)
    g.depth_m.emplace_back(flat.begin() + t * shape[1], flat.begin() + (t + 1) * shape[1]);
  return g;
}

std::string fmt_hours(double s) {
  return fmt::format("{:.1f} h", s / 3600.0);
}

std::vector<std::string> highlights(const nlohmann::json& s) {
  std::vector<std::string> h;
  const auto& lc = s.at("landcover");
  if (!lc.at("from_file").get<bool>())
    h.push_back(fmt::format(
        "land cover: {:.1f} % of cells right (coarse image alone {:.1f} %), "
        "fused NDVI RMSE {:.3f}",
        100 * lc.at("overall_accuracy").get<double>(),
        100 * lc.at("accuracy_coarse_only").get<double>(), lc.at("ndvi_rmse").get<double>()));
  const auto& f = s.at("flood");
  if (!f.at("from_file").get<bool>())
    h.push_back(fmt::format("flood: max depth {:.2f} m, {} warnings, {} road segments closed",
                            f.at("max_depth_m").get<double>(), f.at("warnings").size(),
                            f.at("closed_segments").get<int>()));
  const auto& t = s.at("routing").at("totals");
  h.push_back(fmt::format(
      "routing: {} of {} trucks rerouted (+{:.1f} km), {:.1f} t late, {:.1f} t cannot reach a "
      "market; {} villages cut off",
      t.at("trucks_rerouted").get<int>(), t.at("trucks").get<int>(), t.at("extra_km").get<double>(),
      t.at("tonnes_late").get<double>(), t.at("tonnes_unreachable").get<double>(),
      t.at("villages_cut_off").get<int>()));
  // The five villages cut off longest; the report lists them all.
  auto villages = s.at("routing").at("villages_cut_off");
  std::stable_sort(villages.begin(), villages.end(), [](const auto& a, const auto& b) {
    return a.at("cut_off_s").template get<double>() > b.at("cut_off_s").template get<double>();
  });
  if (villages.size() > 5) villages.erase(villages.begin() + 5, villages.end());
  for (const auto& v : villages)
    h.push_back(fmt::format("cut off: {:<12} {:>4} people, {} from t = {}{}",
                            v.at("name").get<std::string>(), v.at("population").get<int>(),
                            fmt_hours(v.at("cut_off_s").get<double>()),
                            fmt_hours(v.at("first_s").get<double>()),
                            v.at("still_cut_off").get<bool>() ? ", still at the end" : ""));
  return h;
}

// The county, built in or read from county.h5. The flood model is the largest stage per rank (the
// land-cover stage holds its rows' bands and maps, 11 values a cell, against the model's 16);
// refuse a county that cannot fit before stage 1 writes its images.
County county_of(const StormdayConfig& cfg, const apps::RunEnv& env) {
  const auto& comm = env.comm;
  County county =
      cfg.county_file.empty() ? guizhou_county(cfg.size, cfg.seed) : read_county(cfg.county_file);
  apps::require_memory(cfg.county_file.empty() ? "stormday.size" : "stormday.county_file",
                       flood::flood_memory_need(county.grid.ny, county.grid.nx, comm.size()), comm);
  if (comm.is_root()) write_county(county, env.out_dir + "/county.h5");
  say(env, fmt::format("county {}: {} x {} cells of {:.0f} m, {} road segments, {} trucks, {} "
                       "villages",
                       county.name, county.grid.ny, county.grid.nx, county.grid.dx,
                       county.segments.size(), county.farms.size(), county.villages.size()));
  return county;
}

StormdayOutcome outcome_of(const County& county, const StormdayConfig& cfg) {
  StormdayOutcome o;
  o.county = &county;
  o.classes = cfg.landcover.classes;
  o.flood_config = cfg.flood;
  o.files = {{"county", "county.h5"}};
  return o;
}

// Stage 1: today's land cover from the fused image. Returns landcover.h5 for stage 2: the stage's,
// or the file given instead of it.
std::string map_land_cover(const StormdayConfig& cfg, const apps::RunEnv& env,
                           bench::Profile& profile, StormdayOutcome& o) {
  const bench::PhaseClock clock(env.comm);
  std::string landcover_h5 = cfg.landcover_file;
  if (landcover_h5.empty()) {
    say(env, "stage 1/3: land cover (STARFM, NDVI, classes, roughness, infiltration)");
    auto r = profile.region("stormday::landcover");
    o.landcover = run_landcover_stage(*o.county, cfg.landcover, env.comm,
                                      stage_dir(env, "landcover"), profile, env.progress);
    landcover_h5 = o.landcover->path;
    o.files["landcover"] = "landcover/landcover.h5";
    o.files["fusion"] = "landcover/fusion.h5";
  } else {
    o.files["landcover"] = landcover_h5;
  }
  o.times.landcover_s = clock.seconds();
  return landcover_h5;
}

// Stage 2: the storm over that land; flooded roads close. Or the closures of a road-hazard file.
void flood_the_county(const StormdayConfig& cfg, const std::string& landcover_h5,
                      const apps::RunEnv& env, bench::Profile& profile, StormdayOutcome& o) {
  const auto& comm = env.comm;
  const bench::PhaseClock clock(comm);
  if (cfg.road_hazard_file.empty()) {
    say(env, fmt::format("stage 2/3: flood, {:.0f} s of storm x {}", cfg.flood.duration_s,
                         cfg.flood.rain_scale));
    auto r = profile.region("stormday::flood");
    apps::RunEnv flood_env{comm, stage_dir(env, "flood"), env.progress};
    o.flood = run_flood_stage(*o.county, landcover_h5, cfg.flood, flood_env, profile);
    o.closures = o.flood->closures;
    o.files["flood_maps"] = "flood/maps.h5";
    o.files["road_hazard"] = "flood/road_hazard.h5";
    o.files["gauges"] = "flood/gauges.csv";
    o.files["warnings"] = "flood/warnings.json";
    if (comm.is_root()) o.gauges = read_gauges(*o.county, o.flood->maps_file);
  } else {
    read_road_hazard(cfg.road_hazard_file, &o.closures);
    o.files["road_hazard"] = cfg.road_hazard_file;
  }
  o.times.flood_s = clock.seconds();
}

// Stage 3: the trucks and villages. Small data: rank 0 plans while the others wait.
void route_around_closures(const StormdayConfig& cfg, const apps::RunEnv& env,
                           bench::Profile& profile, StormdayOutcome& o) {
  const bench::PhaseClock clock(env.comm);
  say(env, "stage 3/3: routing around closed roads");
  auto r = profile.region("stormday::routing");
  const std::string dir = stage_dir(env, "routing");
  if (env.comm.is_root()) {
    RoutingImpactConfig rc = cfg.routing;
    rc.simulation_end_s = cfg.flood.duration_s;
    o.routing = plan_routing_impact(*o.county, o.closures, rc);
    write_routing_impact(o.routing, *o.county, dir + "/routing_impact.h5");
    io::write_text_atomically(dir + "/routing_impact.json", to_json(o.routing).dump(1) + "\n");
    o.files["routing"] = "routing/routing_impact.h5";
  }
  o.times.routing_s = clock.seconds();
}

// stormday.json, written by rank 0; every rank gets the summary.
nlohmann::json write_summary(const StormdayOutcome& o, const apps::RunEnv& env) {
  std::string summary_text;
  if (env.comm.is_root()) {
    const auto summary = stormday_summary(o);
    summary_text = summary.dump();
    io::write_text_atomically(env.out_dir + "/stormday.json", summary.dump(1) + "\n");
  }
  return nlohmann::json::parse(env.comm.broadcast(summary_text));
}

// stormday.html, made from stormday.json by the report script on rank 0. Returns its time.
double write_report(const apps::RunEnv& env, bench::Profile& profile) {
  const bench::PhaseClock clock(env.comm);
  auto r = profile.region("stormday::report");
  std::string failed;
  if (env.comm.is_root()) {
    const int rc = apps::run_python_script("stormday.report",
                                           "apps/stormday/report/stormday_report.py", {env.out_dir},
                                           {{"numpy", "python3-numpy"},
                                            {"matplotlib", "python3-matplotlib"},
                                            {"h5py", "python3-h5py"}});
    if (rc != 0) failed = fmt::format("the report script failed (exit code {})", rc);
  }
  failed = env.comm.broadcast(failed);
  if (!failed.empty()) throw Error("stormday.report", failed);
  return clock.seconds();
}

bench::RunRecord stormday_record(const apps::Config& config, const StormdayConfig& cfg,
                                 const StormdayOutcome& o, double report_s,
                                 const bench::Profile& profile, const mpi::Comm& comm) {
  auto record = bench::workload_record({"stormday", cfg.scenario, config.effective()}, profile,
                                       o.times.end_to_end_s, comm);
  record.add_figure({"end_to_end_s", o.times.end_to_end_s, "s", false});
  record.add_figure({"landcover_s", o.times.landcover_s, "s", false});
  record.add_figure({"flood_s", o.times.flood_s, "s", false});
  record.add_figure({"routing_s", o.times.routing_s, "s", false});
  if (cfg.report) record.add_figure({"report_s", report_s, "s", false});
  if (o.flood) {
    const auto& f = o.flood->flood;
    record.add_figure({"flood_cell_updates_per_s",
                       bench::per_second(f.cell_updates, f.wall_seconds), "1/s", true});
  }
  if (o.landcover && o.landcover->starfm_seconds > 0)
    record.add_figure(
        {"starfm_pixels_per_s",
         bench::per_second(double(o.landcover->ny * o.landcover->nx), o.landcover->starfm_seconds),
         "1/s", true});
  return record;
}

std::string stage_times_line(const StageTimes& t, bool report) {
  return fmt::format(
      "stages: land cover {:.1f} s, flood {:.1f} s, routing {:.2f} s; end to end {:.1f} s{}",
      t.landcover_s, t.flood_s, t.routing_s, t.end_to_end_s,
      report ? "; report stormday.html" : "");
}

}  // namespace

apps::WorkloadRun run_stormday(const apps::Config& config, const apps::RunEnv& env) {
  const auto cfg = parse_stormday_config(config);
  bench::Profile profile;
  const bench::PhaseClock whole(env.comm);
  const County county = county_of(cfg, env);
  StormdayOutcome o = outcome_of(county, cfg);
  const std::string landcover_h5 = map_land_cover(cfg, env, profile, o);
  flood_the_county(cfg, landcover_h5, env, profile, o);
  route_around_closures(cfg, env, profile, o);
  o.times.end_to_end_s = whole.seconds();

  const auto summary = write_summary(o, env);
  const double report_s = cfg.report ? write_report(env, profile) : 0.0;
  auto record = stormday_record(config, cfg, o, report_s, profile, env.comm);
  record.set_results(stormday_results(summary));
  apps::WorkloadRun run{record, highlights(summary)};
  run.highlights.push_back(stage_times_line(o.times, cfg.report));
  return run;
}

}  // namespace karst::stormday
