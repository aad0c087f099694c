#include "apps/stormday/stormday_config.hpp"

#include "base/error.hpp"

namespace karst::stormday {

StormdayConfig parse_stormday_config(const apps::Config& c) {
  StormdayConfig s;
  s.scenario = c.get_choice("stormday.scenario", s.scenario, {"guizhou-county", "county-file"});
  // Below 0.25 (cells over 40 m) the valley roads lie within two cells of the river, so even base
  // flow would "flood" them: the grid cannot tell the road from the river bank.
  s.size = c.get_double_in("stormday.size", s.size, 0.25, 16);
  s.seed = static_cast<unsigned>(c.get_int_in("stormday.seed", s.seed, 0, 4294967295LL));
  s.county_file = c.get_path("stormday.county_file");
  if (s.scenario == "county-file" && s.county_file.empty())
    throw Error("stormday.county_file", "scenario county-file needs a county file (county.h5)");
  if (!s.county_file.empty()) s.scenario = "county-file";
  s.landcover_file = c.get_path("stormday.landcover_file");
  s.road_hazard_file = c.get_path("stormday.road_hazard_file");
  s.report = c.get_bool("stormday.report", s.report);
  s.landcover = parse_landcover_config(c);
  s.flood = parse_flood_stage_config(c);
  s.routing = parse_routing_impact_config(c);
  c.reject_unknown("stormday");
  return s;
}

}  // namespace karst::stormday
