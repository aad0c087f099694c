#pragma once
//! `max_depth.png`: a picture of the run to look at rather than read. Max depth on a colour ramp
//! over a grey hillshade of the terrain (dry cells), the gauges as discs coloured by the highest
//! warning level they reached, and a legend on the right.

#include "apps/common/picture.hpp"
#include "apps/flood/flood_model.hpp"

#include <string>

namespace karst::flood {

using apps::Picture;
using apps::Rgb;

//! How the grid maps to pixels. Large grids are reduced (each pixel the maximum over
//! cells_per_pixel x cells_per_pixel cells, at most kMaxMapPixels on the long side); small
//! ones are enlarged (each cell pixels_per_cell x pixels_per_cell pixels) to about
//! kMinMapPixels so that they can be seen.
struct QuicklookLayout {
  static constexpr int kMaxMapPixels = 2000, kMinMapPixels = 800;
  static constexpr int kLegendWidth = 200, kLegendHeight = 360;
  long long cells_per_pixel = 1;
  int pixels_per_cell = 1;
  int grid_rows = 0, grid_cols = 0;  //!< the reduced grid
  int map_width = 0, map_height = 0;
  int width = 0, height = 0;  //!< the whole picture: map, then the legend to its right

  static QuicklookLayout of(long long ny, long long nx);
  //! Pixel of the centre of global cell (i, j) on the map.
  int pixel_x(long long j) const;
  int pixel_y(long long i) const;
};

//! The marker colour of a warning level: -1 (none reached) white, 0 blue, 1 yellow, 2 orange,
//! 3 red.
Rgb warning_colour(int level);

//! Collective: rank 0 writes the picture to `path` (atomically). No rank holds the grid: each
//! reduces its block to its pixels, and rank 0 gathers the reduced picture.
void write_quicklook(const FloodModel& m, const std::string& path);

}  // namespace karst::flood
