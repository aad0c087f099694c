#pragma once
//! The land of the Guizhou scenarios: a synthetic karst catchment of the kind that produces
//! Guizhou's mountain torrents. A river valley meanders west to east between cone-karst hills
//! (fengcong), sinkholes (dolines) pock the slopes, and a town sits on the flat floodplain near
//! the outlet. The flood's `guizhou-karst` scenario and the storm day's county stand on it.
//!
//! Everything is a function of map coordinates (m; x east from the west edge, y north from the
//! south edge), so each workload samples it at its own resolution and on its own block.

#include <string>
#include <vector>

namespace karst::geography {

inline constexpr double kSide = 10240.0;  //!< m: the catchment is square
inline constexpr double kTownX = 8600.0;  //!< m from the west edge: the town on the floodplain
inline constexpr double kChannelHalfWidth = 25.0;  //!< m: the river channel either side of river_y

//! The river's centre line: y of the channel at x.
double river_y(double x);
//! Bed elevation, m.
double elevation(double x, double y);
//! Manning's n of the land-cover zones (channel, town streets, terraced fields, forest),
//! s/m^(1/3).
double manning(double x, double y);
//! Depth of the river's base flow, m: 1.5 m below the valley floor at the channel's centre,
//! zero outside the channel.
double base_flow_depth(double x, double y);

//! A named place where a gauge stands.
struct GaugeSite {
  std::string name;
  double x = 0, y = 0;  //!< map coordinates, m
};
//! The catchment's river gauges. Riverside gauges stand on the bank, outside the channel's
//! cells for a grid of spacing `dx` (m), whatever the resolution.
std::vector<GaugeSite> gauge_sites(double dx);

}  // namespace karst::geography
