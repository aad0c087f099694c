#pragma once
//! `road_hazard.h5`: the flood stage's record of every road segment (schema in docs/stormday.md).
//!
//!   window_end_s       float64 [W]     s    end of each hazard window
//!   max_depth_m        float64 [W, S]  m    max depth over the segment's cells and the window
//!   max_speed_m_per_s  float64 [W, S]  m/s  max speed, likewise
//!   max_hazard_rating  float64 [W, S]  1    max FD2320 hazard rating, likewise
//!   road_cells         float64 [S]     1    cells watched per segment
//!   bridged_cells      float64 [S]     1    cells left out as permanent water (under bridges)
//!   /closures          JSON group: depth_m, hazard_rating, window_s (attributes) and
//!                      segments/<s>: [[begin_s, end_s or null], ...]
//!
//! Root attributes: closure_depth_m, closure_hazard_rating, window_s, rain_scale, duration_s.

#include "apps/stormday/closure_rule.hpp"
#include "apps/stormday/closures.hpp"
#include "apps/stormday/road_hazard.hpp"
#include "base/mpi/comm.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace karst::stormday {

//! The closures as JSON: per segment, a list of [begin_s, end_s], end null when open-ended.
nlohmann::json closures_json(const SegmentClosures& closures);
SegmentClosures closures_from_json(const nlohmann::json& doc);

struct RoadHazardFileInfo {
  ClosureRule rule;
  double rain_scale = 1.0;
  double duration_s = 0.0;
};

//! Collective over `comm`: rank 0 writes `path` (via `<path>.tmp`, renamed when complete); the
//! others wait for it.
void write_road_hazard(const std::string& path, const RoadHazard& hazard,
                       const SegmentClosures& closures, const RoadHazardFileInfo& info,
                       const mpi::Comm& comm);

//! Reads the file back (any rank, independently): the record and its closures.
RoadHazard read_road_hazard(const std::string& path, SegmentClosures* closures = nullptr);

}  // namespace karst::stormday
