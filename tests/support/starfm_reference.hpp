#pragma once
//! A plain serial STARFM, written from docs/fusion.md without sharing code with the kernels:
//! the reference the Kokkos kernels are tested against. Images are band-major std::vectors.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace test {

struct RefImage {
  int bands = 0, rows = 0, cols = 0;
  std::vector<double> v;
  RefImage() = default;
  RefImage(int b, int r, int c, double fill = 0.0)
      : bands(b), rows(r), cols(c), v(size_t(b) * r * c, fill) {}
  double& operator()(int b, int i, int j) { return v[(size_t(b) * rows + i) * cols + j]; }
  double operator()(int b, int i, int j) const { return v[(size_t(b) * rows + i) * cols + j]; }
};

struct RefStarfmParams {
  int radius = 15;
  double num_classes = 4, dn = 10000, fine_unc = 50, coarse_unc = 50, a = 0, fill = -9999;
};

// |a - b| in DN, snapped to a whole DN within 0.01 DN (as the kernels, issue 20).
inline double dn_diff(double a, double b, double dn) {
  const double d = std::abs(a - b) * dn, whole = std::floor(d + 0.5);
  return std::abs(d - whole) < 0.01 ? whole : d;
}

inline RefImage reference_starfm(const std::vector<RefImage>& fine,
                                 const std::vector<RefImage>& coarse, const RefImage& coarse0,
                                 const std::vector<std::vector<double>>& sigma,
                                 const RefStarfmParams& p) {
  const int pairs = static_cast<int>(fine.size());
  RefImage out(coarse0.bands, coarse0.rows, coarse0.cols);
  const double a = p.a > 0 ? p.a : p.radius;
  const double u_msr = std::sqrt(2.0) * p.coarse_unc;
  const double u_lsr = std::sqrt(p.coarse_unc * p.coarse_unc + p.fine_unc * p.fine_unc);
  const double u_all = std::sqrt(3 * p.coarse_unc * p.coarse_unc + p.fine_unc * p.fine_unc);
  auto valid = [](double x) { return !std::isnan(x); };
  for (int b = 0; b < out.bands; ++b)
    for (int i = 0; i < out.rows; ++i)
      for (int j = 0; j < out.cols; ++j) {
        double min_s = std::numeric_limits<double>::infinity(), min_t = min_s;
        std::vector<bool> centre_ok(pairs);
        for (int k = 0; k < pairs; ++k) {
          const double l = fine[k](b, i, j), m = coarse[k](b, i, j), m0 = coarse0(b, i, j);
          centre_ok[k] = valid(l) && valid(m) && valid(m0);
          if (!centre_ok[k]) continue;
          min_s = std::min(min_s, dn_diff(m, l, p.dn));
          min_t = std::min(min_t, dn_diff(m, m0, p.dn));
        }
        double wsum = 0, vsum = 0;
        for (int k = 0; k < pairs; ++k) {
          if (!centre_ok[k]) continue;
          const double slice = std::floor(sigma[k][b] * p.dn * 2.0 / p.num_classes + 0.5);  // DN
          const double lc = fine[k](b, i, j);
          for (int ii = std::max(0, i - p.radius); ii <= std::min(out.rows - 1, i + p.radius); ++ii)
            for (int jj = std::max(0, j - p.radius); jj <= std::min(out.cols - 1, j + p.radius);
                 ++jj) {
              const double l = fine[k](b, ii, jj), m = coarse[k](b, ii, jj),
                           m0 = coarse0(b, ii, jj);
              if (!valid(l) || !valid(m) || !valid(m0)) continue;
              if (!(dn_diff(l, lc, p.dn) < slice)) continue;
              const double s = dn_diff(m, l, p.dn), t = dn_diff(m, m0, p.dn);
              if (s > min_s + u_lsr && t > min_t + u_msr) continue;
              const double tdis = pairs == 2 ? (s + 1) * (t + 1) : (s + 1);
              const double d = std::sqrt(double((ii - i) * (ii - i) + (jj - j) * (jj - j)));
              const double w = tdis < u_all ? 1.0 : 1.0 / (tdis * (1.0 + d / a));
              wsum += w;
              vsum += w * (m0 + l - m);
            }
        }
        out(b, i, j) = wsum > 0 ? vsum / wsum : p.fill;
      }
  return out;
}

}  // namespace test
