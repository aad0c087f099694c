#pragma once
//! Land cover from a surface-reflectance image: NDVI and brightness per pixel, the first row of a
//! class table whose NDVI and brightness ranges both contain them, and that class's Manning n and
//! infiltration rate. Used by `karst stormday` to turn a fused image into the roughness and
//! infiltration maps of the flood model.
//!
//!   NDVI       = (nir - red) / (nir + red)   (NaN when nir + red <= 0: no signal to ratio)
//!   brightness = (blue + green + red) / 3    (visible albedo: separates bright bare rock from
//!                                             darker roofs and roads at the same low NDVI)
//!
//! A negative reflectance (a fusion overshoot on a dark pixel) counts as 0, its physical floor,
//! so NDVI stays in [-1, 1].
//!
//! A pixel with a missing band (NaN: STARFM found no candidate) or that no row matches takes the
//! table's fallback class. Ranges are closed: min <= value <= max; the first matching row wins,
//! so shared edges go to the earlier row.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/common/kokkos_compat.hpp"
#include "kernels/fusion/image.hpp"

#include <stdexcept>

namespace karst::fusion {

//! Rows a table can hold: passed by value into the kernel, so it needs a fixed size.
inline constexpr int kMaxLandClasses = 32;

struct LandCoverRule {
  double ndvi_min = -1.0, ndvi_max = 1.0;
  double brightness_min = 0.0, brightness_max = 1.0;
  double manning = 0.0;                //!< s/m^(1/3)
  double infiltration_mm_per_h = 0.0;  //!< final (saturated) infiltration rate
};

//! Plain data, copied into the kernel.
struct LandCoverTable {
  int count = 0;
  int fallback = 0;  //!< row for missing pixels and pixels no row matches
  LandCoverRule rule[kMaxLandClasses];
};

//! Where the four bands sit in the image.
struct SpectralBands {
  int blue = 0, green = 1, red = 2, nir = 3;
};

//! max(v, 0) that keeps NaN (missing) as NaN.
KOKKOS_INLINE_FUNCTION double reflectance_floor(double v) {
  return v > 0.0 || !is_valid(v) ? v : 0.0;
}

KOKKOS_INLINE_FUNCTION double ndvi(double red, double nir) {
  red = reflectance_floor(red);
  nir = reflectance_floor(nir);
  const double s = nir + red;
  return s > 0.0 ? (nir - red) / s : math::quiet_nan();
}

KOKKOS_INLINE_FUNCTION double brightness(double blue, double green, double red) {
  return (reflectance_floor(blue) + reflectance_floor(green) + reflectance_floor(red)) *
         (1.0 / 3.0);
}

//! The first row whose ranges hold (ndvi, brightness); the fallback for NaN or no match.
KOKKOS_INLINE_FUNCTION int classify_pixel(const LandCoverTable& t, double v, double b) {
  if (!is_valid(v) || !is_valid(b)) return t.fallback;
  for (int k = 0; k < t.count; ++k) {
    const LandCoverRule& r = t.rule[k];
    if (v >= r.ndvi_min && v <= r.ndvi_max && b >= r.brightness_min && b <= r.brightness_max)
      return k;
  }
  return t.fallback;
}

//! Output planes of land_cover().
enum LandCoverPlane : int {
  kNdviPlane = 0,
  kBrightnessPlane = 1,
  kClassPlane = 2,  //!< the row index in the table, as a double
  kManningPlane = 3,
  kInfilPlane = 4
};
inline constexpr int kLandCoverPlanes = 5;

//! Per pixel: NDVI (add, sub, div), brightness (2 adds, 1 mul); comparisons count 0. Reads the 4
//! bands, writes the 5 planes.
inline constexpr KernelCost kLandCoverCost{6.0, 9.0 * sizeof(double)};

//! `img` is (bands, rows, cols); `out` is (kLandCoverPlanes, rows, cols) with the planes above.
//! Every pixel of the image is classified.
inline void land_cover(const Image& img, const SpectralBands& bands, const LandCoverTable& table,
                       const Image& out) {
  const long long nb = img.extent(0), rows = img.extent(1), cols = img.extent(2);
  if (out.extent(0) != size_t(kLandCoverPlanes) || out.extent(1) != img.extent(1) ||
      out.extent(2) != img.extent(2))
    throw std::invalid_argument("land_cover: the output is not (5, rows, cols) of the image");
  for (int b : {bands.blue, bands.green, bands.red, bands.nir})
    if (b < 0 || b >= nb) throw std::invalid_argument("land_cover: band index outside the image");
  if (table.count < 1 || table.count > kMaxLandClasses || table.fallback < 0 ||
      table.fallback >= table.count)
    throw std::invalid_argument("land_cover: empty table or fallback outside it");
  if (rows <= 0 || cols <= 0) return;
  Kokkos::parallel_for(
      "fusion::land_cover", Policy1D(0, rows * cols), KOKKOS_LAMBDA(const long long n) {
        const long long i = n / cols, j = n % cols;
        const double red = img(bands.red, i, j), nir = img(bands.nir, i, j);
        const double v = ndvi(red, nir);
        const double b = brightness(img(bands.blue, i, j), img(bands.green, i, j), red);
        const int k = classify_pixel(table, v, b);
        out(kNdviPlane, i, j) = v;
        out(kBrightnessPlane, i, j) = b;
        out(kClassPlane, i, j) = double(k);
        out(kManningPlane, i, j) = table.rule[k].manning;
        out(kInfilPlane, i, j) = table.rule[k].infiltration_mm_per_h;
      });
}

}  // namespace karst::fusion
