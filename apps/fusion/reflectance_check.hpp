#pragma once
//! Issue 20, defect 1: every image of a fusion run must be reflectance once scaled. A DN image
//! with no scale (values in the hundreds or thousands) mixed with reflectance images, or an
//! image scaled twice (values around 1e-5), ran silently before; this pass refuses it, naming
//! the file and the key that would give its scale.

#include "base/mpi/block_range.hpp"
#include "bench/profile.hpp"
#include "io/raster/multiband.hpp"

#include <string>
#include <vector>

namespace karst::fusion {

//! The plausible range of reflectance: Landsat Collection 2 reaches -0.2 (its offset), MODIS
//! 1.6 (its valid maximum 16000 x 1e-4); bright snow and specular glint stay below.
inline constexpr double kReflectanceMin = -0.2, kReflectanceMax = 1.6;
//! More valid values than this fraction outside the range: not reflectance (saturated or odd
//! pixels in real scenes are far fewer; DN or radiance are nearly all outside).
inline constexpr double kMaxOutsideFraction = 0.01;
//! An image whose every value is smaller than this in magnitude is reflectance scaled twice
//! (no land scene is below 0.5 % reflectance everywhere in every band).
inline constexpr double kMinLargest = 0.005;

//! An image and the config key that names it, for the message.
struct NamedImage {
  const io::MultibandReader* reader;
  std::string key;
};

//! Counts of one image's values over some rows: valid ones, those outside the range, the
//! largest magnitude. Pure, so the rule is tested without files.
struct ReflectanceCounts {
  double valid = 0, outside = 0, largest = 0;
  void add(const double* v, size_t n);
};

//! The rule on counts reduced over the whole image: "" when plausible, else why not (one line,
//! naming `key`; the caller names the file).
std::string implausible_reflectance(const ReflectanceCounts& c, const io::MultibandInfo& info,
                                    const std::string& key);

//! Collective: reads this rank's rows `own` of every image (strips of `tile_rows`), reduces the
//! counts over ranks and throws the same karst::Error on every rank for the first implausible
//! image (in the order given).
void check_reflectance(const std::vector<NamedImage>& images, const mpi::BlockRange& own,
                       long long tile_rows, const mpi::Comm& comm, bench::Profile& profile);

}  // namespace karst::fusion
