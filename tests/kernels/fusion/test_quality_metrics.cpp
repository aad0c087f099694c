// Quality metrics against hand-computed values and a serial SSIM, and strip invariance.
#include "kernels/fusion/quality_metrics.hpp"
#include "support/fusion_images.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using karst::fusion::accumulate_metrics;
using karst::fusion::finish_metrics;
using karst::fusion::MetricSums;
using karst::fusion::StripRows;
using test::RefImage;
using test::to_device;

StripRows whole(const RefImage& a) {
  return StripRows{0, 0, a.rows, a.rows};
}

karst::fusion::QualityMetrics metrics(const RefImage& pred, const RefImage& truth,
                                      double ratio = 0.25, double range = 1.0) {
  return finish_metrics(
      accumulate_metrics(to_device(pred), to_device(truth), whole(truth), truth.cols, range),
      ratio);
}

RefImage row(std::initializer_list<double> v) {
  RefImage r(1, 1, int(v.size()));
  int j = 0;
  for (double x : v) r(0, 0, j++) = x;
  return r;
}

TEST(QualityMetrics, HandComputedOneBand) {
  // pred 1 2 3 4 against truth 1 2 3 6: SSE 4, means 2.5 and 3, centred cross sum 8, squares 5
  // and 14.
  const auto m = metrics(row({1, 2, 3, 4}), row({1, 2, 3, 6}));
  EXPECT_DOUBLE_EQ(m.rmse[0], 1.0);
  EXPECT_DOUBLE_EQ(m.bias[0], -0.5);
  EXPECT_NEAR(m.cc[0], 8.0 / std::sqrt(70.0), 1e-14);
  EXPECT_NEAR(m.ergas, 100.0 * 0.25 * (1.0 / 3.0), 1e-12);  // RMSE / mean truth = 1/3
  EXPECT_EQ(m.pixels, 4);
  EXPECT_TRUE(std::isnan(m.ssim[0]));  // no 7x7 window fits in one row
  EXPECT_DOUBLE_EQ(m.sam_deg, 0.0);    // one band: every spectrum is parallel
}

TEST(QualityMetrics, InvalidPixelsAreLeftOut) {
  const double nan = std::nan("");
  const auto m = metrics(row({1, 2, nan, 4, 7}), row({1, 2, 3, 6, nan}));
  EXPECT_EQ(m.pixels, 3);
  EXPECT_DOUBLE_EQ(m.rmse[0], std::sqrt(4.0 / 3.0));
  EXPECT_DOUBLE_EQ(m.bias[0], -2.0 / 3.0);
}

TEST(QualityMetrics, SpectralAngleAndErgasOverBands) {
  // Pixel 1: (1, 0) vs (1, 1): 45 degrees. Pixel 2: (1, 1) vs (2, 2): parallel, 0 degrees.
  RefImage p(2, 1, 2), t(2, 1, 2);
  p(0, 0, 0) = 1, p(1, 0, 0) = 0, t(0, 0, 0) = 1, t(1, 0, 0) = 1;
  p(0, 0, 1) = 1, p(1, 0, 1) = 1, t(0, 0, 1) = 2, t(1, 0, 1) = 2;
  const auto m = metrics(p, t, 0.5);
  EXPECT_NEAR(m.sam_deg, 22.5, 1e-12);
  // Band 1: errors 0, -1: RMSE^2 = 1/2, mean 1.5. Band 2: errors -1, -1: RMSE^2 = 1, mean 1.5.
  const double e = std::sqrt((0.5 / 2.25 + 1.0 / 2.25) / 2.0);
  EXPECT_NEAR(m.ergas, 100.0 * 0.5 * e, 1e-12);
  EXPECT_DOUBLE_EQ(m.rmse[0], std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(m.rmse[1], 1.0);
}

TEST(QualityMetrics, SsimOfConstantImagesIsTheLuminanceTerm) {
  RefImage p(1, 7, 7, 0.4), t(1, 7, 7, 0.5);
  const double c1 = 1e-4;
  const auto m = metrics(p, t);
  EXPECT_NEAR(m.ssim[0], (2 * 0.4 * 0.5 + c1) / (0.16 + 0.25 + c1), 1e-12);
  EXPECT_DOUBLE_EQ(metrics(t, t).ssim[0], 1.0);
}

//! SSIM straight from its definition, window by window.
double serial_ssim(const RefImage& x, const RefImage& y, int b, double range) {
  const double c1 = std::pow(0.01 * range, 2), c2 = std::pow(0.03 * range, 2);
  double sum = 0;
  int count = 0;
  for (int i = 3; i + 3 < x.rows; ++i)
    for (int j = 3; j + 3 < x.cols; ++j) {
      std::vector<double> a, c;
      for (int ii = i - 3; ii <= i + 3; ++ii)
        for (int jj = j - 3; jj <= j + 3; ++jj)
          a.push_back(x(b, ii, jj)), c.push_back(y(b, ii, jj));
      bool ok = true;
      for (size_t n = 0; n < a.size(); ++n) ok = ok && !std::isnan(a[n]) && !std::isnan(c[n]);
      if (!ok) continue;
      double ma = 0, mc = 0;
      for (size_t n = 0; n < a.size(); ++n) ma += a[n] / 49, mc += c[n] / 49;
      double va = 0, vc = 0, cov = 0;
      for (size_t n = 0; n < a.size(); ++n) {
        va += (a[n] - ma) * (a[n] - ma) / 48;
        vc += (c[n] - mc) * (c[n] - mc) / 48;
        cov += (a[n] - ma) * (c[n] - mc) / 48;
      }
      sum += (2 * ma * mc + c1) * (2 * cov + c2) / ((ma * ma + mc * mc + c1) * (va + vc + c2));
      ++count;
    }
  return sum / count;
}

RefImage random_pair_member(unsigned seed, int bands, int rows, int cols) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 0.6);
  RefImage r(bands, rows, cols);
  for (double& v : r.v) v = u(rng);
  return r;
}

TEST(QualityMetrics, SsimMatchesSerialDefinitionWithGaps) {
  auto t = random_pair_member(1, 2, 19, 23);
  auto p = t;
  std::mt19937 rng(2);
  std::normal_distribution<double> noise(0.0, 0.05);
  for (double& v : p.v) v += noise(rng);
  p(0, 9, 11) = std::nan("");  // removes every window over it, in band 1 only
  t(1, 2, 2) = std::nan("");
  const auto m = metrics(p, t, 0.25, 0.6);
  EXPECT_NEAR(m.ssim[0], serial_ssim(p, t, 0, 0.6), 1e-12);
  EXPECT_NEAR(m.ssim[1], serial_ssim(p, t, 1, 0.6), 1e-12);
  EXPECT_LT(m.ssim[0], 0.99);
}

TEST(QualityMetrics, StripsAddUpToTheWholeScene) {
  const auto t = random_pair_member(3, 3, 40, 17);
  const auto p = random_pair_member(4, 3, 40, 17);
  const auto ref = metrics(p, t);
  // Strips of 9 owned rows with a halo of 3, clipped at the scene edge.
  MetricSums sum(3);
  for (int s = 0; s < t.rows; s += 9) {
    const int e = std::min(t.rows, s + 9), lo = std::max(0, s - 3), hi = std::min(t.rows, e + 3);
    const StripRows rows{lo, s - lo, e - lo, t.rows};
    sum += accumulate_metrics(to_device(test::rows_of(p, lo, hi)),
                              to_device(test::rows_of(t, lo, hi)), rows, t.cols, 1.0);
  }
  const auto m = finish_metrics(MetricSums::from_vector(sum.to_vector()), 0.25);
  EXPECT_EQ(m.pixels, ref.pixels);
  for (int b = 0; b < 3; ++b) {
    EXPECT_NEAR(m.rmse[b], ref.rmse[b], 1e-13);
    EXPECT_NEAR(m.cc[b], ref.cc[b], 1e-12);
    EXPECT_NEAR(m.ssim[b], ref.ssim[b], 1e-12);
  }
  EXPECT_NEAR(m.sam_deg, ref.sam_deg, 1e-10);
  EXPECT_NEAR(m.ergas, ref.ergas, 1e-10);
}

TEST(QualityMetrics, StripWithoutSsimHaloIsRefused) {
  const auto t = random_pair_member(5, 1, 20, 10);
  const StripRows rows{5, 0, 5, 20};  // owns global rows 5..9 but holds no rows above them
  EXPECT_THROW(accumulate_metrics(to_device(test::rows_of(t, 5, 13)),
                                  to_device(test::rows_of(t, 5, 13)), rows, t.cols, 1.0),
               std::invalid_argument);
}

TEST(QualityMetrics, SumsKeepTheirShape) {
  MetricSums a(2), b(3);
  EXPECT_THROW(a += b, std::invalid_argument);
  EXPECT_EQ(a.to_vector().size(), 2u * 9u + 2u);
  EXPECT_THROW(MetricSums::from_vector(std::vector<double>(5)), std::invalid_argument);
}

}  // namespace
