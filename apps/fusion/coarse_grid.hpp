#pragma once
//! Coarse (MODIS-like) images on their own grid: a coarse image whose grid is not the fine
//! image's (another size, origin, cell size or CRS) is warped onto the fine grid with GDAL from
//! the two files' georeferencing (fusion.coarse_resampling: area average by default, or
//! bilinear), so the user need not resample it by hand. One on the fine grid is read as it is.

#include "io/raster/multiband.hpp"

#include <memory>
#include <string>

namespace karst::fusion {

//! True when `a` lies on `b`'s grid: same rows and columns, and the same geotransform and CRS
//! where both have one (an image without georeferencing but of the same size is taken as on it).
bool on_same_grid(const io::MultibandInfo& a, const io::MultibandInfo& b);

//! The coarse image `spec` on the grid of `fine`. Throws naming the file when the coarse image
//! is on another grid and has no georeferencing, the fine image has none, the coarse image is
//! HDF5 (GDAL cannot read Karst's HDF5 georeferencing), or the two do not overlap.
std::unique_ptr<io::MultibandReader> open_coarse_on_fine_grid(const std::string& spec,
                                                              const io::MultibandInfo& fine,
                                                              io::Resampling resampling);

}  // namespace karst::fusion
