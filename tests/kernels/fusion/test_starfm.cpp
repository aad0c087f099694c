// STARFM kernels (flat and team) against a hand-computed case and a serial reference.
#include "kernels/fusion/starfm.hpp"
#include "support/fusion_images.hpp"
#include "support/starfm_reference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

namespace {

using karst::fusion::Image;
using karst::fusion::StarfmKernel;
using test::RefImage;
using test::to_device;
using test::to_host;

struct Run {
  RefImage out;
  karst::fusion::StarfmCounts counts;
};

Run run_kernel(const std::vector<RefImage>& fine, const std::vector<RefImage>& coarse,
               const RefImage& coarse0, const std::vector<std::vector<double>>& sigma,
               const karst::fusion::StarfmParams& p, StarfmKernel kernel, int row_begin = 0,
               int row_end = -1) {
  karst::fusion::StarfmInputs in;
  in.pairs = static_cast<int>(fine.size());
  for (int k = 0; k < in.pairs; ++k) {
    in.fine[k] = to_device(fine[k]);
    in.coarse[k] = to_device(coarse[k]);
  }
  in.coarse0 = to_device(coarse0);
  Image out("out", coarse0.bands, coarse0.rows, coarse0.cols);
  Kokkos::deep_copy(out, -1.0);
  const auto tables = karst::fusion::make_starfm_tables(p, sigma);
  Run r;
  r.counts = karst::fusion::starfm(in, p, tables, out, row_begin,
                                   row_end < 0 ? coarse0.rows : row_end, kernel);
  r.out = to_host(out);
  return r;
}

test::RefStarfmParams ref_params(const karst::fusion::StarfmParams& p) {
  test::RefStarfmParams r;
  r.radius = p.radius;
  r.num_classes = p.num_classes;
  r.dn = p.dn_per_unit;
  r.fine_unc = p.fine_uncertainty;
  r.coarse_unc = p.coarse_uncertainty;
  r.a = p.distance_scale;
  r.fill = p.fill_value;
  return r;
}

class StarfmKernels : public ::testing::TestWithParam<StarfmKernel> {};

// A 5x5 case worked by hand (DN units: dn_per_unit 1, uncertainties 0, A = 1, 3x3 window).
// L = 10 everywhere except L(1,2) = 11 and L(2,1) = 30; M = 12; M0 = 15 except M0(1,2) = 16.
// sigma(L) = sqrt(3321/25 - (271/25)^2) = 3.9159; slice = int(2 sigma / 4 + 0.5) = 2, so
// L(2,1) = 30 is not similar. Centre: S = 2, T = 3, so nothing is filtered out
// ((1,2) has S = 1, T = 4: rejection needs both above the centre's).
// One pair: w = 1/((S+1)(1+d)). Corners: 1/(3(1+sqrt2)); (1,2): 1/(2*2), value 16+11-12 = 15;
// centre 1/3; (2,3), (3,2): 1/6; every value but (1,2)'s is 15+10-12 = 13.
TEST_P(StarfmKernels, HandComputedFiveByFive) {
  RefImage l(1, 5, 5, 10.0), m(1, 5, 5, 12.0), m0(1, 5, 5, 15.0);
  l(0, 1, 2) = 11.0;
  l(0, 2, 1) = 30.0;
  m0(0, 1, 2) = 16.0;
  const double sigma = std::sqrt(3321.0 / 25.0 - (271.0 / 25.0) * (271.0 / 25.0));
  karst::fusion::StarfmParams p;
  p.radius = 1;
  p.dn_per_unit = 1.0;
  p.fine_uncertainty = p.coarse_uncertainty = 0.0;
  p.distance_scale = 1.0;
  const auto r = run_kernel({l}, {m}, m0, {{sigma}}, p, GetParam());
  const double corner = 1.0 / (3.0 * (1.0 + std::sqrt(2.0)));
  const double wsum = 4 * corner + 0.25 + 1.0 / 3.0 + 2.0 / 6.0;
  const double expected = (13.0 * (wsum - 0.25) + 15.0 * 0.25) / wsum;
  EXPECT_NEAR(r.out(0, 2, 2), expected, 1e-12);
  EXPECT_NEAR(expected, 13.340379, 1e-6);  // the number worked out by hand
}

// Random scenes with clouds and nodata, one and two pairs: kernel == serial reference.
TEST_P(StarfmKernels, MatchesSerialReference) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.02, 0.5), noise(-0.01, 0.01);
  std::bernoulli_distribution hole(0.03);
  const int bands = 2, rows = 23, cols = 29;
  for (int pairs = 1; pairs <= 2; ++pairs) {
    std::vector<RefImage> fine, coarse;
    RefImage m0(bands, rows, cols);
    for (auto& x : m0.v) x = u(rng);
    std::vector<std::vector<double>> sigma;
    for (int k = 0; k < pairs; ++k) {
      RefImage l(bands, rows, cols), m(bands, rows, cols);
      for (size_t n = 0; n < l.v.size(); ++n) {
        // Quantised to whole DN as real int16 inputs are, so the slice test has ties.
        l.v[n] = std::round(u(rng) * 1e3) / 1e3;
        m.v[n] = l.v[n] + noise(rng);
        if (hole(rng)) l.v[n] = NAN;
        if (hole(rng)) m.v[n] = NAN;
      }
      sigma.push_back({0.12, 0.08});
      fine.push_back(l);
      coarse.push_back(m);
    }
    m0(1, 11, 14) = NAN;
    karst::fusion::StarfmParams p;
    p.radius = 4;
    const auto ref = test::reference_starfm(fine, coarse, m0, sigma, ref_params(p));
    const auto r = run_kernel(fine, coarse, m0, sigma, p, GetParam());
    int compared = 0;
    for (size_t n = 0; n < ref.v.size(); ++n) {
      EXPECT_NEAR(r.out.v[n], ref.v[n], 1e-12 * std::abs(ref.v[n])) << "pairs " << pairs;
      compared += ref.v[n] != p.fill_value;
    }
    EXPECT_GT(compared, int(ref.v.size()) * 9 / 10);
    EXPECT_EQ(r.counts.outputs, bands * rows * cols);
    EXPECT_GT(r.counts.accepted, 0);
    EXPECT_LE(r.counts.accepted, r.counts.similar);
    EXPECT_LE(r.counts.similar, r.counts.tested);
  }
}

// Rows [5, 12) only: the others are untouched and the computed ones match the full run.
TEST_P(StarfmKernels, RowRangeAndCountsAgreeWithFullRun) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.05, 0.4);
  RefImage l(1, 17, 13), m(1, 17, 13), m0(1, 17, 13);
  for (auto* img : {&l, &m, &m0})
    for (auto& x : img->v) x = u(rng);
  karst::fusion::StarfmParams p;
  p.radius = 3;
  const auto full = run_kernel({l}, {m}, m0, {{0.1}}, p, GetParam());
  const auto part = run_kernel({l}, {m}, m0, {{0.1}}, p, GetParam(), 5, 12);
  for (int i = 0; i < 17; ++i)
    for (int j = 0; j < 13; ++j)
      EXPECT_EQ(part.out(0, i, j), i >= 5 && i < 12 ? full.out(0, i, j) : -1.0);
  EXPECT_EQ(part.counts.outputs, 7 * 13);
  // Geometry alone fixes `tested` for an interior row: (2r+1) rows x clipped columns.
  long long cols_in_windows = 0;
  for (int j = 0; j < 13; ++j) cols_in_windows += std::min(12, j + 3) - std::max(0, j - 3) + 1;
  EXPECT_EQ(part.counts.tested, 7 * 7 * cols_in_windows);
}

// A window with no valid M0 anywhere: no candidate, so the fill value.
TEST_P(StarfmKernels, AllNodataWindowGivesFill) {
  RefImage l(1, 9, 9, 0.2), m(1, 9, 9, 0.21), m0(1, 9, 9, NAN);
  m0(0, 0, 0) = 0.3;  // valid, but outside the centre's 3x3 window
  karst::fusion::StarfmParams p;
  p.radius = 1;
  p.fill_value = -7777.0;
  const auto r = run_kernel({l}, {m}, m0, {{0.05}}, p, GetParam());
  EXPECT_EQ(r.out(0, 4, 4), -7777.0);
  EXPECT_NEAR(r.out(0, 0, 0), 0.3 + 0.2 - 0.21, 1e-15);  // its own window has one candidate
  EXPECT_EQ(r.counts.filled, 80);
}

// Issue 20, defect 2: the same integer-DN scene stored as DN (dn_per_unit 1) and as reflectance
// (DN x 1e-4, dn_per_unit 1e4, as a reader applying scale_factor 1e-4 gives it) must predict the
// same image. The scene is built so that ties are common: |L - Lc| equal to the slice (5 DN), and
// (S+1)(T+1) equal to the combined uncertainty (100 DN with the default 50/50).
TEST_P(StarfmKernels, DnAndReflectanceStorageGiveTheSamePrediction) {
  std::mt19937 rng(20);
  std::uniform_int_distribution<int> base(1000, 1030), ds(0, 9), sign(0, 1);
  const int bands = 1, rows = 19, cols = 21, pairs = 2;
  const int offsets[] = {0, 1, 4, 9, 19, 24, 49, 99};  // S or T with (S+1)(T+1) = 100 partners
  std::uniform_int_distribution<int> pick(0, 7);
  std::vector<RefImage> fine_dn, coarse_dn, fine_r, coarse_r;
  RefImage m0_dn(bands, rows, cols), m0_r(bands, rows, cols);
  for (auto& x : m0_dn.v) x = base(rng) + ds(rng);
  for (int k = 0; k < pairs; ++k) {
    RefImage l(bands, rows, cols), m(bands, rows, cols);
    for (size_t n = 0; n < l.v.size(); ++n) {
      m.v[n] = m0_dn.v[n] + (sign(rng) ? 1 : -1) * offsets[pick(rng)];
      l.v[n] = m.v[n] + (sign(rng) ? 1 : -1) * offsets[pick(rng)];
    }
    fine_dn.push_back(l);
    coarse_dn.push_back(m);
  }
  const auto scaled = [](const RefImage& dn) {
    RefImage r = dn;
    for (auto& x : r.v) x = double(float(x * 1e-4));  // float32 reflectance, as a file holds it
    return r;
  };
  for (int k = 0; k < pairs; ++k) {
    fine_r.push_back(scaled(fine_dn[size_t(k)]));
    coarse_r.push_back(scaled(coarse_dn[size_t(k)]));
  }
  m0_r = scaled(m0_dn);
  karst::fusion::StarfmParams p_dn, p_r;
  p_dn.radius = p_r.radius = 3;
  p_dn.dn_per_unit = 1.0;
  p_r.dn_per_unit = 1e4;
  // sigma 10.2 DN: slice = round(2 * 10.2 / 4) = 5 DN either way.
  const auto dn = run_kernel(fine_dn, coarse_dn, m0_dn, {{10.2}, {10.2}}, p_dn, GetParam());
  const auto r = run_kernel(fine_r, coarse_r, m0_r, {{10.2e-4}, {10.2e-4}}, p_r, GetParam());
  EXPECT_EQ(dn.counts.similar, r.counts.similar);
  EXPECT_EQ(dn.counts.accepted, r.counts.accepted);
  double worst = 0;
  int off = 0;
  for (size_t n = 0; n < dn.out.v.size(); ++n) {
    const double diff = std::abs(dn.out.v[n] * 1e-4 - r.out.v[n]);
    worst = std::max(worst, diff);
    off += diff > 1e-6;
  }
  // float32 storage of reflectance: values agree to ~1e-8 reflectance (1e-4 DN).
  EXPECT_LT(worst, 1e-7) << off << " of " << dn.out.v.size() << " values differ by > 1e-6";
}

// The similarity test compares |L - L_c| with a precomputed bound instead of snapping the
// difference to the whole DN: both must decide alike, at the bound and next to it included.
TEST(StarfmSimilarBound, DecidesAsTheSnappedDifference) {
  using karst::fusion::detail::dn_diff;
  using karst::fusion::detail::similar_bound;
  std::mt19937 rng(5);
  for (const double dn : {1.0, 1e4, 0.5, 3.0}) {
    for (const double slice : {0.0, 1.0, 2.0, 5.0, 97.0, 400.0, 1613.0}) {
      const double bound = similar_bound(slice, dn);
      const auto same = [&](double x) {
        return (std::abs(x) <= bound) == (dn_diff(x, 0.0, dn) < slice);
      };
      if (slice == 0.0) {
        EXPECT_LT(bound, 0.0);
      }
      double x = bound > 0 ? bound : 0.0;
      for (int s = 0; s < 64; ++s) x = std::nextafter(x, 0.0);
      for (int s = 0; s < 128; ++s, x = std::nextafter(x, 1e300))
        EXPECT_TRUE(same(x)) << "dn " << dn << " slice " << slice << " x " << x;
      // Differences of whole DN (ties with the slice) and of noisy float32 reflectances.
      std::uniform_int_distribution<int> whole(0, int(2 * slice) + 3);
      std::uniform_real_distribution<double> noise(-2e-3, 2e-3);
      for (int s = 0; s < 2000; ++s) {
        const double a = 1000.0 + whole(rng), b = 1000.0;
        EXPECT_TRUE(same(a / dn - b / dn));
        EXPECT_TRUE(same(double(float(a * 1e-4)) - double(float(b * 1e-4))) || dn != 1e4);
        EXPECT_TRUE(same((a + noise(rng)) / dn - b / dn));
      }
    }
  }
}

// Flat and team kernels add the same terms in the same order: the same bits, with windows of
// one chunk (31 px, the default), of two (35 px) and narrower than the vector width (3 px),
// cut by the scene's edges, clouds and nodata.
TEST(StarfmKernelsAgree, FlatAndTeamGiveTheSameBits) {
  std::mt19937 rng(31);
  std::uniform_real_distribution<double> u(0.02, 0.5), noise(-0.01, 0.01);
  std::bernoulli_distribution hole(0.03);
  const int bands = 2, rows = 45, cols = 71;
  for (const int radius : {15, 17, 1}) {
    for (int pairs = 1; pairs <= 2; ++pairs) {
      std::vector<RefImage> fine, coarse;
      RefImage m0(bands, rows, cols);
      for (auto& x : m0.v) x = std::round(u(rng) * 1e4) / 1e4;
      std::vector<std::vector<double>> sigma;
      for (int k = 0; k < pairs; ++k) {
        RefImage l(bands, rows, cols), m(bands, rows, cols);
        for (size_t n = 0; n < l.v.size(); ++n) {
          l.v[n] = std::round(u(rng) * 1e4) / 1e4;
          m.v[n] = std::round((l.v[n] + noise(rng)) * 1e4) / 1e4;
          if (hole(rng)) l.v[n] = NAN;
          if (hole(rng)) m.v[n] = NAN;
        }
        sigma.push_back({0.02, 0.05});
        fine.push_back(l);
        coarse.push_back(m);
      }
      karst::fusion::StarfmParams p;
      p.radius = radius;
      const auto flat = run_kernel(fine, coarse, m0, sigma, p, StarfmKernel::flat);
      const auto team = run_kernel(fine, coarse, m0, sigma, p, StarfmKernel::team);
      long long differ = 0;
      for (size_t n = 0; n < flat.out.v.size(); ++n)
        differ += std::memcmp(&flat.out.v[n], &team.out.v[n], sizeof(double)) != 0;
      EXPECT_EQ(differ, 0) << "radius " << radius << ", " << pairs << " pair(s)";
      EXPECT_EQ(flat.counts.similar, team.counts.similar);
      EXPECT_EQ(flat.counts.accepted, team.counts.accepted);
      EXPECT_EQ(flat.counts.tested, team.counts.tested);
      EXPECT_EQ(flat.counts.centres, team.counts.centres);
      EXPECT_EQ(flat.counts.filled, team.counts.filled);
      EXPECT_GT(flat.counts.accepted, 0);
      if (radius == 15 && pairs == 2) {
        const auto ref = test::reference_starfm(fine, coarse, m0, sigma, ref_params(p));
        for (size_t n = 0; n < ref.v.size(); ++n)
          EXPECT_NEAR(team.out.v[n], ref.v[n], 1e-12 * std::abs(ref.v[n]));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fusion, StarfmKernels,
                         ::testing::Values(StarfmKernel::flat, StarfmKernel::team),
                         [](const auto& info) {
                           return info.param == StarfmKernel::flat ? "flat" : "team";
                         });

}  // namespace
