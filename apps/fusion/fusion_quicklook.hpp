#pragma once
//! `quicklook.png`: one picture per run to look at rather than read. Side by side, the STARFM
//! prediction, the truth and the absolute error (when a truth image is given; the prediction
//! alone otherwise), the first two in true colour (or false colour / grey, by the bands there
//! are: choose_display), with one stretch for both so that they compare, the error on a
//! black-red-yellow-white ramp. Written through io::write_png_rgb, as flood's max_depth.png.

#include "apps/fusion/fusion_inputs.hpp"
#include "apps/fusion/fusion_job.hpp"
#include "base/mpi/comm.hpp"
#include "io/raster/multiband_info.hpp"

#include <array>
#include <string>

namespace karst::fusion {

//! How the image maps to the panels' pixels. Large images are reduced (each pixel the mean over
//! cells_per_pixel x cells_per_pixel pixels, at most kMaxPanelPixels on the long side); small
//! ones are enlarged (each pixel pixels_per_cell x pixels_per_cell) to about kMinPanelPixels.
struct QuicklookPanels {
  static constexpr int kMaxPanelPixels = 512, kMinPanelPixels = 256;
  static constexpr int kGap = 8, kTitle = 20;  //!< around panels; title band above them
  long long cells_per_pixel = 1;
  int pixels_per_cell = 1;
  int grid_rows = 0, grid_cols = 0;  //!< the reduced image
  int panel_width = 0, panel_height = 0, panels = 0;
  int width = 0, height = 0;  //!< the whole picture

  static QuicklookPanels of(long long rows, long long cols, int panels);
  int panel_x(int p) const { return kGap + p * (panel_width + kGap); }
  int panel_y() const { return kGap + kTitle; }
};

//! Which bands become red, green and blue (from 0), and a name for the record.
struct Display {
  std::array<long long, 3> bands{};
  std::string name;
};

//! By band names (any case) first: red, green, blue -> true colour; else nir, red, green -> false
//! colour (vegetation red). Unnamed: bands 3, 2, 1 as red, green, blue with 3 or more bands (blue,
//! green, red first, as the built-in scene and Landsat 4-7 order them), band 1 as grey with
//! fewer.
Display choose_display(const io::MultibandInfo& info);

//! Collective, after prediction.h5 (`h5_path`) is committed: rank 0 writes `png_path`.
//! Returns a note ("" when written): what was skipped and why. Throws on every rank when the
//! PNG cannot be written.
std::string write_fusion_quicklook(const FusionJob& job, const FusionInputs& inputs,
                                   const std::string& h5_path, const std::string& png_path,
                                   const mpi::Comm& comm);

}  // namespace karst::fusion
