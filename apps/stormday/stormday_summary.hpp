#pragma once
//! `stormday.json`: every figure of a storm day in one document (schema `karst-stormday/1`,
//! docs/stormday.md). The HTML report shows nothing that is not in it, and the run record's
//! results are its small part (no road geometry, no per-truck routes).

#include "apps/stormday/county.hpp"
#include "apps/stormday/flood_stage.hpp"
#include "apps/stormday/landcover_stage.hpp"
#include "apps/stormday/routing_impact.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace karst::stormday {

//! Wall seconds of each stage (slowest rank) and of the three together, county included. The
//! report is made from the summary, so its own time is only in the run record.
struct StageTimes {
  double landcover_s = 0.0, flood_s = 0.0, routing_s = 0.0, end_to_end_s = 0.0;
};

//! Gauge depths over time, as the flood stage wrote them to maps.h5.
struct GaugeRecord {
  std::vector<std::string> names;
  std::vector<std::vector<double>> thresholds_m;  //!< per gauge: blue, yellow, orange, red
  std::vector<double> time_s;
  std::vector<std::vector<double>> depth_m;  //!< [time][gauge]
};

//! What the run did, stage by stage; a stage swapped for a file has no result.
struct StormdayOutcome {
  const County* county = nullptr;
  std::optional<LandcoverResult> landcover;
  ClassTable classes;
  std::optional<FloodStageResult> flood;
  FloodStageConfig flood_config;
  GaugeRecord gauges;
  SegmentClosures closures;
  RoutingImpact routing;
  StageTimes times;
  //! Relative to the run directory: county, landcover, flood_maps, road_hazard, routing.
  nlohmann::json files;
};

nlohmann::json stormday_summary(const StormdayOutcome& outcome);

//! The part of the summary that goes into the run record's results: totals, no geometry.
nlohmann::json stormday_results(const nlohmann::json& summary);

}  // namespace karst::stormday
