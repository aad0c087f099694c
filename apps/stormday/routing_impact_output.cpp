// The routing stage's outputs: the JSON report part and the HDF5 file (docs/stormday-routing.md).
#include "apps/stormday/routing_impact.hpp"

#include "io/hdf5/field_io.hpp"
#include "io/hdf5/json_h5.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace karst::stormday {

namespace {

// JSON has no infinity: an arrival that never happens, or a time that does not exist, is null.
nlohmann::json seconds_or_null(double t) {
  return std::isfinite(t) ? nlohmann::json(t) : nullptr;
}

nlohmann::json route_json(const TimedRoute& r, const std::vector<std::string>& markets) {
  auto segments = nlohmann::json::array(), directions = nlohmann::json::array(),
       enter = nlohmann::json::array();
  for (const auto& s : r.steps) {
    segments.push_back(s.segment);
    directions.push_back(s.forward ? 1 : -1);
    enter.push_back(s.enter_s);
  }
  return {{"reached", r.reached},
          {"market", r.reached ? nlohmann::json(markets[size_t(r.market)]) : nullptr},
          {"departure_s", r.departure_s},
          {"arrival_s", seconds_or_null(r.arrival_s)},
          {"distance_m", r.distance_m},
          {"drive_s", r.drive_s},
          {"wait_s", r.wait_s},
          {"segments", segments},
          {"directions", directions},
          {"enter_s", enter}};
}

nlohmann::json truck_json(const TruckImpact& t, const std::vector<std::string>& markets) {
  return {{"farm", t.truck.name},
          {"node", t.truck.node},
          {"produce", t.truck.produce},
          {"tonnes", t.truck.tonnes},
          {"departure_s", t.truck.departure_s},
          {"deadline_h", t.truck.deadline_h},
          {"changed", t.changed},
          {"extra_distance_m", t.extra_distance_m},
          {"extra_time_s", t.extra_time_s},
          {"dry_delivery", delivery_name(t.dry_delivery)},
          {"storm_delivery", delivery_name(t.storm_delivery)},
          {"dry", route_json(t.dry, markets)},
          {"storm", route_json(t.storm, markets)}};
}

nlohmann::json village_json(const VillageImpact& v) {
  auto intervals = nlohmann::json::array();
  for (const auto& [b, e] : v.cut_off.intervals) intervals.push_back({b, e});
  return {{"village", v.place.name},
          {"node", v.place.node},
          {"population", v.place.population},
          {"dry_market_s", v.dry_market_s >= 0 ? nlohmann::json(v.dry_market_s) : nullptr},
          {"cut_off", intervals},
          {"cut_off_s", v.cut_off.total_s},
          {"first_cut_off_s", v.cut_off.first_s >= 0 ? nlohmann::json(v.cut_off.first_s) : nullptr},
          {"cut_off_at_horizon", v.cut_off.at_horizon},
          {"cut_off_permanently", v.cut_off.permanent}};
}

nlohmann::json totals_json(const RoutingImpactTotals& t) {
  return {{"trucks", t.trucks},
          {"rerouted", t.rerouted},
          {"delayed", t.delayed},
          {"late", t.late},
          {"unreachable", t.unreachable},
          {"extra_km", t.extra_km},
          {"extra_hours", t.extra_hours},
          {"tonnes", t.tonnes},
          {"tonnes_late", t.tonnes_late},
          {"tonnes_unreachable", t.tonnes_unreachable},
          {"tonnes_lost", t.tonnes_lost},
          {"villages", t.villages},
          {"villages_cut_off", t.villages_cut_off},
          {"villages_cut_off_at_horizon", t.villages_cut_off_at_horizon},
          {"villages_cut_off_permanently", t.villages_cut_off_permanently},
          {"village_cut_off_hours", t.village_cut_off_hours},
          {"population_cut_off", t.population_cut_off},
          {"closed_segments", t.closed_segments},
          {"closures", t.closures}};
}

// Per-route steps as one flat table: route r's steps are [first[r], first[r + 1]).
struct StepTable {
  std::vector<double> first{0}, segment, direction, enter_s, leave_s;
  void add(const TimedRoute& r) {
    for (const auto& s : r.steps) {
      segment.push_back(s.segment);
      direction.push_back(s.forward ? 1 : -1);
      enter_s.push_back(s.enter_s);
      leave_s.push_back(s.leave_s);
    }
    first.push_back(double(segment.size()));
  }
};

double or_minus_one(const TimedRoute& r, double value) {
  return r.reached ? value : -1.0;
}

// The file's datasets: flat columns of doubles, each with its units.
class ColumnWriter {
 public:
  ColumnWriter(io::H5File& file, std::string path_h5) : file_(file), path_(std::move(path_h5)) {}

  void operator()(const std::string& name, const std::vector<double>& v, const char* units) {
    if (!v.empty()) {
      io::write_block(file_, name, io::Block::whole({v.size()}), v.data(), {units, {}, {}});
      return;
    }
    // An empty table is still there, with no elements, so that every reader finds every dataset
    // (an MPI-IO write of nothing fails, so it is created and not written).
    const auto slash = name.rfind('/');
    if (slash != std::string::npos) io::ensure_group(file_.id(), name.substr(0, slash));
    const hsize_t none = 0;
    io::H5Handle space(H5Screate_simple(1, &none, nullptr), H5Sclose);
    io::H5Handle ds(H5Dcreate2(file_.id(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                               H5P_DEFAULT, H5P_DEFAULT),
                    H5Dclose);
    io::h5_check(ds.get(), path_ + ":" + name, "creating an empty dataset");
    if (*units) io::write_string_attribute(ds.get(), "units", units);
  }

 private:
  io::H5File& file_;
  std::string path_;
};

// trucks/: one row per truck; -1 where a plan reaches no market.
void write_trucks(ColumnWriter& write, const RoutingImpact& impact) {
  std::vector<double> node, departure, deadline, tonnes, changed, dry_delivery, storm_delivery;
  std::vector<double> dry_arrival, storm_arrival, dry_distance, storm_distance, storm_wait;
  std::vector<double> dry_market, storm_market;
  for (const auto& t : impact.trucks) {
    node.push_back(t.truck.node);
    departure.push_back(t.truck.departure_s);
    deadline.push_back(t.truck.deadline_h * 3600.0);
    tonnes.push_back(t.truck.tonnes);
    changed.push_back(t.changed);
    dry_delivery.push_back(double(t.dry_delivery));
    storm_delivery.push_back(double(t.storm_delivery));
    dry_arrival.push_back(or_minus_one(t.dry, t.dry.arrival_s));
    storm_arrival.push_back(or_minus_one(t.storm, t.storm.arrival_s));
    dry_distance.push_back(or_minus_one(t.dry, t.dry.distance_m));
    storm_distance.push_back(or_minus_one(t.storm, t.storm.distance_m));
    storm_wait.push_back(or_minus_one(t.storm, t.storm.wait_s));
    dry_market.push_back(t.dry.market);
    storm_market.push_back(t.storm.market);
  }
  write("trucks/node", node, "");
  write("trucks/departure_s", departure, "s");
  write("trucks/deadline_s", deadline, "s");
  write("trucks/tonnes", tonnes, "t");
  write("trucks/changed", changed, "");
  write("trucks/dry_delivery", dry_delivery, "");
  write("trucks/storm_delivery", storm_delivery, "");
  write("trucks/dry_arrival_s", dry_arrival, "s");
  write("trucks/storm_arrival_s", storm_arrival, "s");
  write("trucks/dry_distance_m", dry_distance, "m");
  write("trucks/storm_distance_m", storm_distance, "m");
  write("trucks/storm_wait_s", storm_wait, "s");
  write("trucks/dry_market", dry_market, "");
  write("trucks/storm_market", storm_market, "");
}

// routes/dry/ and routes/storm/: every truck's steps. Returns the two step tables.
std::pair<StepTable, StepTable> write_routes(ColumnWriter& write, const RoutingImpact& impact) {
  StepTable dry_steps, storm_steps;
  for (const auto& t : impact.trucks) {
    dry_steps.add(t.dry);
    storm_steps.add(t.storm);
  }
  for (auto [name, steps] : {std::pair{"dry", &dry_steps}, std::pair{"storm", &storm_steps}}) {
    const std::string g = std::string("routes/") + name + "/";
    write(g + "first_step", steps->first, "");
    write(g + "segment", steps->segment, "");
    write(g + "direction", steps->direction, "");
    write(g + "enter_s", steps->enter_s, "s");
    write(g + "leave_s", steps->leave_s, "s");
  }
  return {std::move(dry_steps), std::move(storm_steps)};
}

// villages/: one row per village; its cut-off intervals as one flat table.
void write_villages(ColumnWriter& write, const RoutingImpact& impact) {
  std::vector<double> vnode, vdry, vtotal, vfirst, vhorizon, vpermanent, first_interval{0}, begin,
      end;
  for (const auto& v : impact.villages) {
    vnode.push_back(v.place.node);
    vdry.push_back(double(v.dry_market_s));
    vtotal.push_back(v.cut_off.total_s);
    vfirst.push_back(v.cut_off.first_s);
    vhorizon.push_back(v.cut_off.at_horizon);
    vpermanent.push_back(v.cut_off.permanent);
    for (const auto& [b, e] : v.cut_off.intervals) begin.push_back(b), end.push_back(e);
    first_interval.push_back(double(begin.size()));
  }
  write("villages/node", vnode, "");
  write("villages/dry_market_s", vdry, "s");
  write("villages/cut_off_s", vtotal, "s");
  write("villages/first_cut_off_s", vfirst, "s");
  write("villages/cut_off_at_horizon", vhorizon, "");
  write("villages/cut_off_permanently", vpermanent, "");
  write("villages/first_interval", first_interval, "");
  write("villages/interval_begin_s", begin, "s");
  write("villages/interval_end_s", end, "s");
}

// Per segment: how many trucks drive it on each plan (what the closures moved where).
void write_segment_use(ColumnWriter& write, const County& county, const StepTable& dry_steps,
                       const StepTable& storm_steps) {
  std::vector<double> dry_use(county.segments.size(), 0.0), storm_use(county.segments.size(), 0.0);
  for (double s : dry_steps.segment) dry_use[size_t(s)] += 1;
  for (double s : storm_steps.segment) storm_use[size_t(s)] += 1;
  write("segments/dry_trucks", dry_use, "");
  write("segments/storm_trucks", storm_use, "");
}

}  // namespace

nlohmann::json summary_json(const RoutingImpact& impact) {
  auto produce = nlohmann::json::array();
  for (const auto& p : impact.produce)
    produce.push_back({{"produce", p.produce},
                       {"trucks", p.trucks},
                       {"tonnes", p.tonnes},
                       {"tonnes_on_time_dry", p.tonnes_on_time_dry},
                       {"tonnes_late", p.tonnes_late},
                       {"tonnes_unreachable", p.tonnes_unreachable},
                       {"tonnes_lost", p.tonnes_lost}});
  return {{"allow_waiting", impact.config.allow_waiting},
          {"horizon_s", impact.horizon_s},
          {"totals", totals_json(impact.totals)},
          {"produce", produce}};
}

nlohmann::json to_json(const RoutingImpact& impact) {
  auto doc = summary_json(impact);
  auto trucks = nlohmann::json::array(), villages = nlohmann::json::array();
  for (const auto& t : impact.trucks) trucks.push_back(truck_json(t, impact.markets));
  for (const auto& v : impact.villages) villages.push_back(village_json(v));
  doc["markets"] = impact.markets;
  doc["trucks"] = std::move(trucks);
  doc["villages"] = std::move(villages);
  return doc;
}

void write_routing_impact(const RoutingImpact& impact, const County& county,
                          const std::string& path_h5) {
  auto file = io::H5File::create(path_h5, mpi::Comm::self());
  ColumnWriter write(file, path_h5);
  write_trucks(write, impact);
  const auto [dry_steps, storm_steps] = write_routes(write, impact);
  write_villages(write, impact);
  write_segment_use(write, county, dry_steps, storm_steps);
  write("nodes/dry_market_s",
        std::vector<double>(impact.dry_market_s.begin(), impact.dry_market_s.end()), "s");

  auto summary = summary_json(impact);
  summary["markets"] = impact.markets;
  summary["delivery_codes"] = {"on_time", "late", "unreachable"};
  io::write_json_group(file.id(), "/summary", summary);
  file.commit();
}

}  // namespace karst::stormday
