#pragma once
//! Moving rows of a multiband image between a file and the device: the strips the fusion pipeline
//! (and the storm day's land-cover stage) work on, so no rank ever holds a whole scene.

#include "io/raster/multiband.hpp"
#include "kernels/fusion/image.hpp"

#include <vector>

namespace karst::fusion {

//! Rows [lo, hi) of every band of `r`, read from its file onto the device as one image.
fusion::Image load_rows(const io::MultibandReader& r, long long lo, long long hi,
                        const char* label);

//! Local rows [a, b) of a device image as a contiguous host buffer (band-major), for the writers.
std::vector<double> rows_to_host(const fusion::Image& img, long long a, long long b);

}  // namespace karst::fusion
