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
#include "bench/system_info.hpp"
#include "io/hdf5/field_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace karst::stormday {

namespace {

using Clock = std::chrono::steady_clock;

// Wall time of a phase on the slowest rank: the stage is done when every rank is.
class StageClock {
 public:
  explicit StageClock(const mpi::Comm& comm) : comm_(comm) {
    comm_.barrier();
    start_ = Clock::now();
  }
  double seconds() const {
    return comm_.allreduce_max(std::chrono::duration<double>(Clock::now() - start_).count());
  }

 private:
  const mpi::Comm& comm_;
  Clock::time_point start_;
};

void say(const apps::RunEnv& env, const std::string& line) {
  if (env.progress && env.comm.is_root()) std::cerr << "stormday: " << line << "\n";
}

std::string stage_dir(const apps::RunEnv& env, const std::string& name) {
  const std::string dir = env.out_dir + "/" + name;
  if (env.comm.is_root()) apps::make_directories(dir);
  env.comm.barrier();
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

}  // namespace

apps::WorkloadRun run_stormday(const apps::Config& config, const apps::RunEnv& env) {
  const auto cfg = parse_stormday_config(config);
  const auto& comm = env.comm;
  bench::Profile profile;
  StageClock whole(comm);

  const County county =
      cfg.county_file.empty() ? guizhou_county(cfg.size, cfg.seed) : read_county(cfg.county_file);
  // The flood model is the largest stage per rank (the land-cover stage holds its rows' bands and
  // maps, 11 values a cell, against the model's 16); refuse a county that cannot fit before
  // stage 1 writes its images.
  apps::require_memory(cfg.county_file.empty() ? "stormday.size" : "stormday.county_file",
                       flood::flood_memory_need(county.grid.ny, county.grid.nx, comm.size()), comm);
  StormdayOutcome o;
  o.county = &county;
  o.classes = cfg.landcover.classes;
  o.flood_config = cfg.flood;
  o.files = {{"county", "county.h5"}};
  if (comm.is_root()) write_county(county, env.out_dir + "/county.h5");
  say(env, fmt::format("county {}: {} x {} cells of {:.0f} m, {} road segments, {} trucks, {} "
                       "villages",
                       county.name, county.grid.ny, county.grid.nx, county.grid.dx,
                       county.segments.size(), county.farms.size(), county.villages.size()));

  // Stage 1: today's land cover from the fused image.
  std::string landcover_h5 = cfg.landcover_file;
  {
    StageClock clock(comm);
    if (landcover_h5.empty()) {
      say(env, "stage 1/3: land cover (STARFM, NDVI, classes, roughness, infiltration)");
      auto r = profile.region("stormday::landcover");
      o.landcover = run_landcover_stage(county, cfg.landcover, comm, stage_dir(env, "landcover"),
                                        profile, env.progress);
      landcover_h5 = o.landcover->path;
      o.files["landcover"] = "landcover/landcover.h5";
      o.files["fusion"] = "landcover/fusion.h5";
    } else {
      o.files["landcover"] = landcover_h5;
    }
    o.times.landcover_s = clock.seconds();
  }

  // Stage 2: the storm over that land; flooded roads close.
  {
    StageClock clock(comm);
    if (cfg.road_hazard_file.empty()) {
      say(env, fmt::format("stage 2/3: flood, {:.0f} s of storm x {}", cfg.flood.duration_s,
                           cfg.flood.rain_scale));
      auto r = profile.region("stormday::flood");
      apps::RunEnv flood_env{comm, stage_dir(env, "flood"), env.progress};
      o.flood = run_flood_stage(county, landcover_h5, cfg.flood, flood_env, profile);
      o.closures = o.flood->closures;
      o.files["flood_maps"] = "flood/maps.h5";
      o.files["road_hazard"] = "flood/road_hazard.h5";
      o.files["gauges"] = "flood/gauges.csv";
      o.files["warnings"] = "flood/warnings.json";
      if (comm.is_root()) o.gauges = read_gauges(county, o.flood->maps_file);
    } else {
      read_road_hazard(cfg.road_hazard_file, &o.closures);
      o.files["road_hazard"] = cfg.road_hazard_file;
    }
    o.times.flood_s = clock.seconds();
  }

  // Stage 3: the trucks and villages. Small data: rank 0 plans while the others wait.
  {
    StageClock clock(comm);
    say(env, "stage 3/3: routing around closed roads");
    auto r = profile.region("stormday::routing");
    const std::string dir = stage_dir(env, "routing");
    if (comm.is_root()) {
      RoutingImpactConfig rc = cfg.routing;
      rc.simulation_end_s = cfg.flood.duration_s;
      o.routing = plan_routing_impact(county, o.closures, rc);
      write_routing_impact(o.routing, county, dir + "/routing_impact.h5");
      io::write_text_atomically(dir + "/routing_impact.json", to_json(o.routing).dump(1) + "\n");
      o.files["routing"] = "routing/routing_impact.h5";
    }
    o.times.routing_s = clock.seconds();
  }
  o.times.end_to_end_s = whole.seconds();

  // The summary, then the report made from it.
  std::string summary_text;
  if (comm.is_root()) {
    const auto summary = stormday_summary(o);
    summary_text = summary.dump();
    io::write_text_atomically(env.out_dir + "/stormday.json", summary.dump(1) + "\n");
  }
  const auto summary = nlohmann::json::parse(comm.broadcast(summary_text));
  double report_s = 0.0;
  if (cfg.report) {
    StageClock clock(comm);
    auto r = profile.region("stormday::report");
    std::string failed;
    if (comm.is_root()) {
      const int rc = apps::run_python_script(
          "stormday.report", "apps/stormday/report/stormday_report.py", {env.out_dir},
          {{"numpy", "python3-numpy"},
           {"matplotlib", "python3-matplotlib"},
           {"h5py", "python3-h5py"}});
      if (rc != 0) failed = fmt::format("the report script failed (exit code {})", rc);
    }
    failed = comm.broadcast(failed);
    if (!failed.empty()) throw Error("stormday.report", failed);
    report_s = clock.seconds();
  }

  bench::RunRecord record("stormday", cfg.scenario, bench::collect_system_info(comm),
                          config.effective());
  record.set_measurements(profile.reduce(comm), o.times.end_to_end_s);
  record.add_figure({"end_to_end_s", o.times.end_to_end_s, "s", false});
  record.add_figure({"landcover_s", o.times.landcover_s, "s", false});
  record.add_figure({"flood_s", o.times.flood_s, "s", false});
  record.add_figure({"routing_s", o.times.routing_s, "s", false});
  if (cfg.report) record.add_figure({"report_s", report_s, "s", false});
  if (o.flood) {
    const auto& f = o.flood->flood;
    record.add_figure({"flood_cell_updates_per_s",
                       f.wall_seconds > 0 ? f.cell_updates / f.wall_seconds : 0.0, "1/s", true});
  }
  if (o.landcover && o.landcover->starfm_seconds > 0)
    record.add_figure({"starfm_pixels_per_s",
                       double(o.landcover->ny * o.landcover->nx) / o.landcover->starfm_seconds,
                       "1/s", true});
  record.set_results(stormday_results(summary));
  apps::WorkloadRun run{record, highlights(summary)};
  run.highlights.push_back(fmt::format(
      "stages: land cover {:.1f} s, flood {:.1f} s, routing {:.2f} s; end to end {:.1f} s{}",
      o.times.landcover_s, o.times.flood_s, o.times.routing_s, o.times.end_to_end_s,
      cfg.report ? "; report stormday.html" : ""));
  return run;
}

}  // namespace karst::stormday
