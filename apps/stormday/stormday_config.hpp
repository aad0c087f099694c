#pragma once
//! `karst stormday` configuration: the county and each stage's keys (docs/user-guide.md lists
//! them). Each stage parses its own keys; this collects them and then rejects any other key under
//! `stormday.`, so a typo anywhere in the section is an error.

#include "apps/common/config.hpp"
#include "apps/stormday/flood_stage.hpp"
#include "apps/stormday/landcover_stage.hpp"
#include "apps/stormday/routing_impact.hpp"

#include <string>

namespace karst::stormday {

struct StormdayConfig {
  std::string scenario = "guizhou-county";
  double size = 0.25;  //!< the county grid: 1024 x size cells per side (dx = 10 m / size)
  unsigned seed = 2026;
  //! Stages swapped for data from elsewhere: a county (roads, villages, farms, markets) instead
  //! of the built-in one, a land-cover file instead of stage 1, a road-hazard file (closures)
  //! instead of stage 2. Empty: the stage runs.
  std::string county_file, landcover_file, road_hazard_file;
  bool report = true;  //!< write stormday.html (needs python3-matplotlib and python3-h5py)
  LandcoverConfig landcover;
  FloodStageConfig flood;
  RoutingImpactConfig routing;
};

//! The one place the `stormday` section is read: the county's keys here, each stage's through its
//! own parser, then reject_unknown("stormday") once for the whole section.
StormdayConfig parse_stormday_config(const apps::Config& config);

}  // namespace karst::stormday
