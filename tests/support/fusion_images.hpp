#pragma once
//! Moving test images (test::RefImage, band-major host vectors) to and from Kokkos views.

#include "kernels/fusion/image.hpp"
#include "support/starfm_reference.hpp"

namespace test {

inline karst::fusion::Image to_device(const RefImage& r) {
  karst::fusion::Image img("img", r.bands, r.rows, r.cols);
  auto h = Kokkos::create_mirror_view(img);
  for (int b = 0; b < r.bands; ++b)
    for (int i = 0; i < r.rows; ++i)
      for (int j = 0; j < r.cols; ++j) h(b, i, j) = r(b, i, j);
  Kokkos::deep_copy(img, h);
  return img;
}

inline RefImage to_host(const karst::fusion::Image& img) {
  RefImage r(int(img.extent(0)), int(img.extent(1)), int(img.extent(2)));
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), img);
  for (int b = 0; b < r.bands; ++b)
    for (int i = 0; i < r.rows; ++i)
      for (int j = 0; j < r.cols; ++j) r(b, i, j) = h(b, i, j);
  return r;
}

//! Rows [r0, r1) of every band.
inline RefImage rows_of(const RefImage& a, int r0, int r1) {
  RefImage r(a.bands, r1 - r0, a.cols);
  for (int b = 0; b < a.bands; ++b)
    for (int i = r0; i < r1; ++i)
      for (int j = 0; j < a.cols; ++j) r(b, i - r0, j) = a(b, i, j);
  return r;
}

}  // namespace test
