#pragma once
//! What the satellites see of the county: its true land cover and synthetic 4-band (blue, green,
//! red, near infrared) surface reflectance images on the county grid, for the land-cover stage.
//!
//! The land cover is a pure function of map position, read off the flood scenario's terrain
//! (apps/flood/scenario_guizhou.hpp): the river channel is water, the town on the floodplain is
//! built-up, the valley floor and gentle lower slopes are terraced cropland, cone tops and steep
//! high ground are bare karst, the other hill slopes forest.
//!
//! Images: the last clear fine ("Landsat") image `days_before` days before the storm, and coarse
//! ("MODIS") images on that day and on the storm day: fine truth averaged over
//! coarse_ratio x coarse_ratio blocks plus a sensor bias and noise, resampled back to the fine
//! grid (as apps/fusion/scenario_fields.cpp does). Crops green up between the two dates, each
//! field on its own day. Every value is a pure function of (row, column, date, seed), so any
//! rank generates any rows and the images do not depend on the decomposition.

#include "apps/stormday/county.hpp"
#include "base/mpi/comm.hpp"

#include <array>
#include <string>

namespace karst::stormday {

//! The true surface classes of the county. The class *table* (landcover_classes.hpp) is
//! configurable; these are what the synthetic land is made of, matched to table rows by name.
enum class Cover : int { water = 0, bare_karst = 1, built_up = 2, forest = 3, cropland = 4 };
inline constexpr int kCoverCount = 5;
//! "water", "bare_karst", "built_up", "forest", "cropland": the default table's names.
const char* cover_name(Cover c);

//! The true cover at map point (x, y) (m, the county frame). `dx` (the grid spacing, m) widens
//! the 50 m river channel to at least one cell at coarse grids, so the river stays visible.
Cover true_cover(double x, double y, double dx);

//! Reflectance of blue, green, red, NIR.
using Spectrum = std::array<double, 4>;
//! A class's mean spectrum on the storm day, without texture or noise (crops half green):
//! what a pixel of pure `c` looks like, for tests of the class table.
Spectrum nominal_spectrum(Cover c);

//! Local map frame of the county (metres east and north of the catchment's south-west corner).
inline constexpr const char* kCountyCrs =
    "LOCAL_CS[\"karst stormday county\",UNIT[\"metre\",1],AXIS[\"Easting\",EAST],"
    "AXIS[\"Northing\",NORTH]]";
//! The storm day: 2026-06-24 (Guizhou's early-summer rain season), days since 1970-01-01.
inline constexpr long long kStormDay = 20628;

struct ImagerySettings {
  unsigned seed = 2026;
  int days_before = 8;  //!< the last clear fine image: one Landsat 8/9 revisit before the storm
};

//! Where the images went; specs ("<file>:<dataset>") are what io::open_multiband takes.
struct CountyImagery {
  std::string path;  //!< <dir>/imagery.h5
  std::string fine_d1, coarse_d1, coarse_d0, truth_d0;
  long long day1 = 0, day0 = 0;  //!< days since 1970-01-01
  int coarse_ratio = 1;          //!< fine cells per coarse cell, along each side
};

//! The largest of 16, 8, 4, 2, 1 that divides both sides of the grid: 16 (a 30 m / 480 m
//! Landsat/MODIS-like ratio) whenever the grid allows.
int coarse_ratio(const CountyGrid& g);

//! Writes <dir>/imagery.h5 (int16, scale 1e-4, nodata -9999, georeferenced in the county
//! frame; datasets fine_d1, coarse_d1, coarse_d0, truth_d0, each bands x ny x nx). Collective;
//! each rank generates its own rows (and the coarse blocks they touch).
CountyImagery generate_county_imagery(const CountyGrid& g, const ImagerySettings& s,
                                      const std::string& dir, const mpi::Comm& comm, bool progress);

}  // namespace karst::stormday
