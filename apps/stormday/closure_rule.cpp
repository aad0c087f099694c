#include "apps/stormday/closure_rule.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <limits>

namespace karst::stormday {

SegmentClosures closures_from_hazard(const RoadHazard& hazard, const ClosureRule& rule) {
  const size_t windows = hazard.window_end_s.size(), segments = hazard.road_cells.size();
  for (const auto* a : {&hazard.max_depth_m, &hazard.max_hazard_rating}) {
    if (a->size() != windows)
      throw Error("stormday: road hazard",
                  fmt::format("{} windows of maxima but {} window ends", a->size(), windows));
    for (size_t w = 0; w < windows; ++w)
      if ((*a)[w].size() != segments)
        throw Error("stormday: road hazard",
                    fmt::format("window {} has {} segments, not {}", w, (*a)[w].size(), segments));
  }
  SegmentClosures out(segments);
  for (size_t s = 0; s < segments; ++s) {
    bool open_run = false;  // a closure is being extended window by window
    for (size_t w = 0; w < windows; ++w) {
      const double begin = w == 0 ? 0.0 : hazard.window_end_s[w - 1];
      if (rule.closes(hazard.max_depth_m[w][s], hazard.max_hazard_rating[w][s])) {
        if (!open_run) out[s].push_back(Closure{begin, hazard.window_end_s[w]});
        out[s].back().end_s = hazard.window_end_s[w];
        open_run = true;
      } else {
        open_run = false;
      }
    }
    // Still closed when the simulation ends: nobody knows when it reopens.
    if (open_run) out[s].back().end_s = std::numeric_limits<double>::infinity();
  }
  return out;
}

}  // namespace karst::stormday
