#pragma once
//! One image of a fusion run as the methods need it (issue 20): in reflectance whatever the file
//! stores (its own scale/offset, else the configuration's), and for a fine image with the pixels
//! its mask or QA band rules out as missing (NaN), so they never enter a STARFM window.

#include "apps/fusion/fusion_job.hpp"
#include "io/raster/multiband.hpp"

#include <memory>
#include <string>
#include <vector>

namespace karst::fusion {

//! The bit mask of a list of QA bits (0..15); throws naming `key` for a bit outside that range.
unsigned qa_bit_mask(const std::vector<int>& bits, const std::string& key);

//! Whether a QA value masks its pixel: any of `bit_mask`'s bits set. NaN (the QA file's nodata)
//! masks too, as does a value that is not a whole number in [0, 65535] (not a QA word).
bool qa_masked(double qa, unsigned bit_mask);

//! Opens `file`, the image the config key `key` names ("fusion.pairs[0].fine"), with the
//! options `job.image_options[key]` gives it; with `onto_grid`, a file on another grid is warped
//! onto that one first (coarse_grid.hpp). Throws naming both when the configured scale or
//! offset contradicts the file's, and naming the mask/QA file when it does not fit the image.
std::unique_ptr<io::MultibandReader> open_fusion_image(
    const std::string& file, const std::string& key, const FusionJob& job,
    const io::MultibandInfo* onto_grid = nullptr);

}  // namespace karst::fusion
