// Pansharpening kernels against hand-computed values and their defining properties.
#include "kernels/fusion/pansharpen.hpp"
#include "support/fusion_images.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using karst::fusion::Band;
using karst::fusion::Image;
using karst::fusion::StripRows;
using test::RefImage;
using test::to_device;
using test::to_host;

Band pan_band(const RefImage& pan) {
  return Kokkos::subview(to_device(pan), 0, Kokkos::ALL, Kokkos::ALL);
}

RefImage run_brovey(const RefImage& ms, const RefImage& pan, const std::vector<double>& w) {
  Image out("out", ms.bands, ms.rows, ms.cols);
  karst::fusion::brovey(to_device(ms), pan_band(pan), w, out, StripRows{0, 0, ms.rows, ms.rows});
  return to_host(out);
}

RefImage run_hpf(const RefImage& ms, const RefImage& pan, int radius, double gain, StripRows rows) {
  Image out("out", ms.bands, ms.rows, ms.cols);
  Kokkos::deep_copy(out, -1.0);
  karst::fusion::hpf(to_device(ms), pan_band(pan), radius, gain, out, rows);
  return to_host(out);
}

RefImage random_image(unsigned seed, int bands, int rows, int cols) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.01, 0.6);
  RefImage r(bands, rows, cols);
  for (double& v : r.v) v = u(rng);
  return r;
}

TEST(Brovey, HandComputedPixel) {
  RefImage ms(2, 1, 1), pan(1, 1, 1);
  ms(0, 0, 0) = 0.2, ms(1, 0, 0) = 0.4, pan(0, 0, 0) = 0.6;  // pseudo-pan 0.3: factor 2
  const auto out = run_brovey(ms, pan, {0.5, 0.5});
  EXPECT_DOUBLE_EQ(out(0, 0, 0), 0.4);
  EXPECT_DOUBLE_EQ(out(1, 0, 0), 0.8);
}

TEST(Brovey, PseudoPanOfTheResultIsThePan) {
  const auto ms = random_image(1, 4, 9, 13);
  const auto pan = random_image(2, 1, 9, 13);
  const std::vector<double> w = {0.1, 0.2, 0.3, 0.4};
  const auto out = run_brovey(ms, pan, w);
  for (int i = 0; i < 9; ++i)
    for (int j = 0; j < 13; ++j) {
      double p = 0;
      for (int b = 0; b < 4; ++b) p += w[b] * out(b, i, j);
      EXPECT_NEAR(p, pan(0, i, j), 1e-14);
    }
}

TEST(Brovey, ZeroPseudoPanAndInvalidInputs) {
  RefImage ms(2, 1, 3), pan(1, 1, 3, 0.5);
  ms(0, 0, 1) = std::nan("");
  ms(1, 0, 1) = 0.3;
  ms(0, 0, 2) = 0.2, ms(1, 0, 2) = 0.2;
  pan(0, 0, 2) = std::nan("");
  const auto out = run_brovey(ms, pan, {0.5, 0.5});
  EXPECT_EQ(out(0, 0, 0), 0.0);  // pseudo-pan 0: GDAL writes 0
  EXPECT_EQ(out(1, 0, 0), 0.0);
  for (int j = 1; j < 3; ++j)
    for (int b = 0; b < 2; ++b) EXPECT_TRUE(std::isnan(out(b, 0, j))) << b << "," << j;
  EXPECT_THROW(run_brovey(ms, pan, {1.0}), std::invalid_argument);
}

TEST(Hpf, SpikeGivesHandComputedDetail) {
  RefImage ms(1, 3, 3, 0.1), pan(1, 3, 3, 0.0);
  pan(0, 1, 1) = 9.0;
  const auto out = run_hpf(ms, pan, 1, 0.5, StripRows{0, 0, 3, 3});
  EXPECT_DOUBLE_EQ(out(0, 1, 1), 0.1 + 0.5 * (9.0 - 1.0));      // 3x3 mean 1
  EXPECT_DOUBLE_EQ(out(0, 0, 0), 0.1 + 0.5 * (0.0 - 2.25));     // corner: 2x2 mean 9/4
  EXPECT_DOUBLE_EQ(out(0, 0, 1), 0.1 + 0.5 * (0.0 - 9.0 / 6));  // edge: 2x3 mean 9/6
}

TEST(Hpf, FlatAndLinearPanAddNoDetailInside) {
  const auto ms = random_image(3, 3, 12, 14);
  RefImage pan(1, 12, 14);
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 14; ++j) pan(0, i, j) = 0.01 * i + 0.02 * j + 0.3;
  const int r = 2;
  const auto out = run_hpf(ms, pan, r, 1.0, StripRows{0, 0, 12, 12});
  for (int b = 0; b < 3; ++b)
    for (int i = r; i < 12 - r; ++i)
      for (int j = r; j < 14 - r; ++j) EXPECT_NEAR(out(b, i, j), ms(b, i, j), 1e-14);
  // At the edge the clipped window's mean is off-centre, so detail appears there.
  EXPECT_GT(std::abs(out(0, 0, 0) - ms(0, 0, 0)), 0.01);
}

TEST(Hpf, StripsGiveBitwiseTheWholeSceneResult) {
  const auto ms = random_image(4, 2, 30, 11);
  const auto pan = random_image(5, 1, 30, 11);
  const int r = 3;
  const auto whole = run_hpf(ms, pan, r, 1.3, StripRows{0, 0, 30, 30});
  for (int s = 0; s < 30; s += 7) {
    const int e = std::min(30, s + 7), lo = std::max(0, s - r), hi = std::min(30, e + r);
    const auto out = run_hpf(test::rows_of(ms, lo, hi), test::rows_of(pan, lo, hi), r, 1.3,
                             StripRows{lo, s - lo, e - lo, 30});
    for (int b = 0; b < 2; ++b)
      for (int i = s; i < e; ++i)
        for (int j = 0; j < 11; ++j) ASSERT_EQ(out(b, i - lo, j), whole(b, i, j));
  }
}

TEST(Hpf, StripWithoutHaloIsRefused) {
  const auto ms = random_image(6, 1, 20, 5);
  const auto pan = random_image(7, 1, 20, 5);
  EXPECT_THROW(
      run_hpf(test::rows_of(ms, 5, 12), test::rows_of(pan, 5, 12), 2, 1.0, StripRows{5, 0, 5, 20}),
      std::invalid_argument);
}

TEST(PansharpenCost, CountsPerPixel) {
  EXPECT_DOUBLE_EQ(karst::fusion::brovey_cost(4).flops_per_item, 12.0);
  EXPECT_DOUBLE_EQ(karst::fusion::brovey_cost(4).bytes_per_item, 9.0 * 8);
  EXPECT_DOUBLE_EQ(karst::fusion::hpf_cost(4, 1).flops_per_item, 8.0 + 2.0 + 8.0);
}

}  // namespace
