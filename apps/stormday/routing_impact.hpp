#pragma once
//! Stage 3 of `karst stormday`: what the flood's road closures do to the county's trucks and
//! villages. Every farm's truck is routed twice from its farm at its departure time to the market
//! it reaches first: on dry roads and under the closures (timed_routes.hpp). Villages are checked
//! for the times they have no open road to any market (market_access.hpp). Small data, host side,
//! no MPI: the caller runs it on rank 0 (docs/stormday-routing.md).

#include "apps/common/config.hpp"
#include "apps/stormday/closures.hpp"
#include "apps/stormday/county.hpp"
#include "apps/stormday/market_access.hpp"
#include "apps/stormday/timed_routes.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace karst::stormday {

struct RoutingImpactConfig {
  bool allow_waiting = true;      //!< trucks may wait at a node for a road to reopen
  double horizon_s = 0.0;         //!< cut-off analysis over [0, horizon_s); 0: automatic
  double simulation_end_s = 0.0;  //!< set by the caller (the flood's end): the automatic horizon
};

//! stormday.routing.allow_waiting (bool, default true) and stormday.routing.horizon_s (seconds,
//! >= 0, default 0 = automatic). Leaves simulation_end_s at 0 for the caller. Unknown keys are
//! rejected once for the whole section, by parse_stormday_config (stormday_config.hpp).
RoutingImpactConfig parse_routing_impact_config(const apps::Config& config);

//! The horizon the cut-off analysis runs to: horizon_s if set, else simulation_end_s if set, else
//! the last closure breakpoint (0 without closures).
double impact_horizon(const RoutingImpactConfig& config, const SegmentClosures& closures);

enum class Delivery { on_time, late, unreachable };
//! "on_time", "late", "unreachable".
const char* delivery_name(Delivery d);
//! on_time: arrival <= departure + deadline_h h; late: after it; unreachable: no market at all.
Delivery delivery_of(const TimedRoute& route, const FarmTruck& truck);

struct TruckImpact {
  int farm = 0;     //!< index into County::farms
  FarmTruck truck;  //!< a copy, so the report needs no county
  TimedRoute dry, storm;
  bool changed = false;           //!< the storm route's segment sequence differs from the dry one
  double extra_distance_m = 0.0;  //!< storm - dry; 0 when either is unreachable
  double extra_time_s = 0.0;      //!< storm arrival - dry arrival (>= 0); 0 when either is
  Delivery dry_delivery = Delivery::on_time, storm_delivery = Delivery::on_time;
};

//! One kind of produce: tonnes by what became of them under the storm.
struct ProduceImpact {
  std::string produce;
  int trucks = 0;
  double tonnes = 0.0;
  double tonnes_on_time_dry = 0.0;  //!< what dry roads would have delivered in time
  double tonnes_late = 0.0;         //!< storm: reaches a market after its deadline
  double tonnes_unreachable = 0.0;  //!< storm: reaches no market at all
  double tonnes_lost = 0.0;         //!< on time on dry roads, late or unreachable in the storm
};

struct VillageImpact {
  int village = 0;                 //!< index into County::villages
  Village place;                   //!< a copy
  std::int64_t dry_market_s = -1;  //!< dry time to the nearest market; -1: none reachable
  CutOff cut_off;
};

struct RoutingImpactTotals {
  int trucks = 0, rerouted = 0, delayed = 0, late = 0, unreachable = 0;
  double extra_km = 0.0;     //!< sum of extra_distance_m over rerouted trucks, km
  double extra_hours = 0.0;  //!< sum of extra_time_s over all trucks that still arrive, h
  double tonnes = 0.0, tonnes_late = 0.0, tonnes_unreachable = 0.0, tonnes_lost = 0.0;
  int villages = 0, villages_cut_off = 0, villages_cut_off_at_horizon = 0,
      villages_cut_off_permanently = 0;
  double village_cut_off_hours = 0.0;  //!< summed over villages
  double population_cut_off = 0.0;     //!< people in villages cut off at some time
  int closed_segments = 0, closures = 0;
};

struct RoutingImpact {
  RoutingImpactConfig config;
  double horizon_s = 0.0;                  //!< the cut-off analysis's, impact_horizon()
  std::vector<TruckImpact> trucks;         //!< one per farm, in County::farms order
  std::vector<ProduceImpact> produce;      //!< by produce name, sorted
  std::vector<VillageImpact> villages;     //!< one per village, in County::villages order
  std::vector<std::int64_t> dry_market_s;  //!< per node, dry_market_times()
  std::vector<std::string> markets;        //!< County::markets' names
  RoutingImpactTotals totals;
};

//! The whole stage. Deterministic: the same county and closures give the same result, and empty
//! closures (or lists with no closure) give storm routes identical to the dry ones.
RoutingImpact plan_routing_impact(const County& county, const SegmentClosures& closures,
                                  const RoutingImpactConfig& config);

//! The report's routing part (docs/stormday-routing.md has the schema). Routes list their segment
//! indices and directions; times are seconds, distances metres except the totals' km and hours.
nlohmann::json to_json(const RoutingImpact& impact);
//! The totals and configuration only: small, for summaries and the HDF5 file's /summary.
nlohmann::json summary_json(const RoutingImpact& impact);

//! Writes `path_h5` (via `<path_h5>.tmp`, renamed when complete) on this process alone
//! (MPI_COMM_SELF): flat per-truck, per-step, per-village and per-node tables and /summary.
//! `county` must be the one the impact was planned on (its segment kinds and node count).
void write_routing_impact(const RoutingImpact& impact, const County& county,
                          const std::string& path_h5);

}  // namespace karst::stormday
