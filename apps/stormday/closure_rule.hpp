#pragma once
//! When the flood closes a road. A segment is closed for a hazard window when, anywhere on it and
//! at any step of the window, the water is deeper than `depth_m` or the hazard rating reaches
//! `hazard_rating`. Consecutive closed windows merge into one closure from the start of the first
//! to the end of the last; a segment still closed in the last window stays closed (open-ended).
//!
//! Thresholds (docs/stormday.md): 0.3 m is the depth at which standing water stalls or floats a
//! car and the usual road-closure depth; HR >= 1.25 is the lower bound of FD2320's "danger for
//! most" class, which catches shallow but fast water (0.3 m at 2 m/s) that the depth rule misses.

#include "apps/stormday/closures.hpp"
#include "apps/stormday/road_hazard.hpp"

namespace karst::stormday {

struct ClosureRule {
  double depth_m = 0.3;         //!< closed when max depth > this, m
  double hazard_rating = 1.25;  //!< closed when max HR >= this (FD2320 "danger for most")
  bool closes(double depth, double rating) const {
    return depth > depth_m || rating >= hazard_rating;
  }
};

//! Closures of every segment from the windowed maxima. Throws karst::Error on ragged arrays.
SegmentClosures closures_from_hazard(const RoadHazard& hazard, const ClosureRule& rule);

}  // namespace karst::stormday
