#include "apps/routing/hub_routes.hpp"

#include "base/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace karst::routing {

namespace {

// Plans travel between ranks as int64 words: integers as they are, doubles by their bits,
// strings as a length and one word per character.
class PlanWriter {
 public:
  explicit PlanWriter(std::vector<std::int64_t>& out) : out_(out) {}
  void put(std::int64_t v) { out_.push_back(v); }
  void put_double(double v) {
    std::int64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    out_.push_back(bits);
  }
  void put_string(const std::string& s) {
    put(std::int64_t(s.size()));
    for (char c : s) put(c);
  }

 private:
  std::vector<std::int64_t>& out_;
};

class PlanReader {
 public:
  explicit PlanReader(const std::vector<std::int64_t>& in) : in_(in) {}
  bool done() const { return at_ >= in_.size(); }
  std::int64_t get() {
    if (at_ >= in_.size()) throw Error("routing::hub_routes", "truncated plan message");
    return in_[at_++];
  }
  double get_double() {
    const std::int64_t bits = get();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  std::string get_string() {
    std::string s(size_t(get()), ' ');
    for (auto& c : s) c = static_cast<char>(get());
    return s;
  }

 private:
  const std::vector<std::int64_t>& in_;
  size_t at_ = 0;
};

// A plan with its index in the list of plans.
void encode(size_t index, const RoutePlan& p, PlanWriter& w) {
  w.put(std::int64_t(index));
  w.put(std::int64_t(p.routes.size()));
  for (const auto& r : p.routes) {
    w.put(std::int64_t(r.farms.size()));
    for (int f : r.farms) w.put(f);
    w.put(r.time_s);
    w.put_double(r.tonnes);
  }
  w.put(std::int64_t(p.unserved.size()));
  for (const auto& u : p.unserved) {
    w.put(u.farm);
    w.put_string(u.reason);
  }
  w.put(p.total_time_s);
  w.put_double(p.total_tonnes);
  w.put(p.one_truck_per_farm_s);
  w.put(p.savings_time_s);
  w.put(p.improving_moves);
}

RoutePlan decode(PlanReader& r, size_t& index) {
  index = size_t(r.get());
  RoutePlan p;
  p.routes.resize(size_t(r.get()));
  for (auto& route : p.routes) {
    route.farms.resize(size_t(r.get()));
    for (auto& f : route.farms) f = int(r.get());
    route.time_s = r.get();
    route.tonnes = r.get_double();
  }
  p.unserved.resize(size_t(r.get()));
  for (auto& u : p.unserved) {
    u.farm = int(r.get());
    u.reason = r.get_string();
  }
  p.total_time_s = r.get();
  p.total_tonnes = r.get_double();
  p.one_truck_per_farm_s = r.get();
  p.savings_time_s = r.get();
  p.improving_moves = int(r.get());
  return p;
}

// One route problem per hub with farms, in hub order: its farms in farm order, with the time each
// one's produce may spend on a truck.
struct HubProblems {
  std::vector<HubRoutePlan> plans;  // the plans to come, with their hubs and farms
  std::vector<HubFarms> hubs;       // the same hubs, for the leg times
};

HubProblems hub_problems(const RoadNetwork& net, const std::vector<long>& hub_of_farm,
                         const DistanceTable& to_hub, const DistanceTable& to_market) {
  const auto hub_to_market_s = min_over_sources(to_market);
  std::vector<std::vector<size_t>> farms_of(net.hubs.size());
  for (size_t f = 0; f < net.farms.size(); ++f)
    if (hub_of_farm[f] >= 0) farms_of[size_t(hub_of_farm[f])].push_back(f);
  HubProblems out;
  for (size_t h = 0; h < net.hubs.size(); ++h) {
    if (farms_of[h].empty()) continue;
    HubFarms in;
    in.hub_node = net.hubs[h].node;
    for (size_t f : farms_of[h]) {
      in.farm_nodes.push_back(net.farms[f].node);
      in.farm_to_hub_s.push_back(to_hub.at(h, f));
      // The deadline counts to the market; the truck's part ends at the hub.
      const double limit = net.farms[f].deadline_h * 3600.0 - double(hub_to_market_s[h]);
      in.time_limit_s.push_back(
          hub_to_market_s[h] >= kUnreachable ? -1 : Weight(std::llround(std::min(limit, 1e15))));
    }
    out.plans.push_back({h, farms_of[h], {}});
    out.hubs.push_back(std::move(in));
  }
  return out;
}

// Legs leave farms: the forward graph, where the tables use the reversed one.
CsrGraph forward_graph(const RoadNetwork& net, bench::Profile& profile) {
  auto region = profile.region("routing::build_csr");
  return build_csr(net.arcs.num_vertices, net.arcs.src, net.arcs.dst, net.arcs.weight);
}

// The plans of this rank's hubs (hub k on rank k mod size), encoded for the others.
std::vector<std::int64_t> plan_my_hubs(const RoadNetwork& net, HubProblems& problems,
                                       std::vector<std::vector<Weight>>& legs,
                                       const TruckSettings& trucks, const mpi::Comm& comm,
                                       bench::Profile& profile) {
  std::vector<std::int64_t> mine;
  PlanWriter writer(mine);
  auto region = profile.region("routing::route_planning");
  auto& plans = problems.plans;
  for (size_t k = comm.rank(); k < plans.size(); k += comm.size()) {
    RouteProblem problem;
    problem.travel_s = std::move(legs[k]);
    for (size_t f : plans[k].farms) problem.tonnes.push_back(net.farms[f].tonnes);
    problem.time_limit_s = problems.hubs[k].time_limit_s;
    problem.truck_capacity_t = trucks.capacity_t;
    problem.service_s = trucks.service_s;
    plans[k].plan = plan_vehicle_routes(problem);
    encode(k, plans[k].plan, writer);
  }
  return mine;
}

// Collective: every rank's plans into `plans` on every rank.
void share_plans(const std::vector<std::int64_t>& mine, std::vector<HubRoutePlan>& plans,
                 const mpi::Comm& comm) {
  const auto all = comm.allgatherv(mine);
  PlanReader reader(all);
  while (!reader.done()) {
    size_t k = 0;
    auto plan = decode(reader, k);
    if (k >= plans.size()) throw Error("routing::hub_routes", "plan message for an unknown hub");
    plans[k].plan = std::move(plan);
  }
}

}  // namespace

std::vector<HubRoutePlan> plan_hub_routes(
    const RoadNetwork& net, const std::vector<long>& hub_of_farm, const DistanceTable& to_hub,
    const DistanceTable& to_market, const TruckSettings& trucks, Weight delta,
    const mpi::Comm& comm, bench::Profile& profile, LegStats& stats) {
  auto problems = hub_problems(net, hub_of_farm, to_hub, to_market);
  // No farms (a bare DIMACS graph): no forward graph either.
  if (problems.plans.empty()) return std::move(problems.plans);
  const auto forward = forward_graph(net, profile);
  auto legs = route_legs(forward, problems.hubs, trucks.service_s, delta, comm, profile, stats);
  const auto mine = plan_my_hubs(net, problems, legs, trucks, comm, profile);
  share_plans(mine, problems.plans, comm);
  return std::move(problems.plans);
}

}  // namespace karst::routing
