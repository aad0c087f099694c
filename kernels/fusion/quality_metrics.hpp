#pragma once
//! Image quality against a truth image: RMSE, bias and CC per band, SSIM per band, ERGAS and
//! SAM over bands. The kernels only accumulate sums over the rows a strip owns; sums from
//! strips and ranks add up (MetricSums::operator+=, then an MPI sum of to_vector()), and
//! finish_metrics turns the total into metrics. A pixel counts in a band when both images are
//! valid there; SAM needs every band valid; an SSIM window counts when its 7x7 pixels are all
//! inside the scene and all valid.

#include "kernels/common/kokkos_compat.hpp"
#include "kernels/fusion/image.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace karst::fusion {

inline constexpr int kSsimRadius = 3;  //!< 7x7 window, as in Wang et al. (2004)'s Gaussian 11x11
                                       //!< replaced by a uniform window that tiles exactly

//! The running sums of one band.
struct BandSums {
  double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sse = 0;
  double ssim_sum = 0, ssim_n = 0;
  static constexpr int kCount = 9;
  KOKKOS_INLINE_FUNCTION void operator+=(const BandSums& o) {
    n += o.n, sx += o.sx, sy += o.sy, sxx += o.sxx, syy += o.syy, sxy += o.sxy, sse += o.sse;
    ssim_sum += o.ssim_sum, ssim_n += o.ssim_n;
  }
  KOKKOS_INLINE_FUNCTION void operator+=(const volatile BandSums& o) volatile {
    n += o.n, sx += o.sx, sy += o.sy, sxx += o.sxx, syy += o.syy, sxy += o.sxy, sse += o.sse;
    ssim_sum += o.ssim_sum, ssim_n += o.ssim_n;
  }
};

//! Sums for every band plus SAM's; a fixed size per band count so that a rank without rows can
//! still take part in the MPI sum with zeros.
struct MetricSums {
  std::vector<BandSums> band;
  double sam_sum = 0, sam_n = 0;

  MetricSums() = default;
  explicit MetricSums(int bands) : band(size_t(bands)) {}

  MetricSums& operator+=(const MetricSums& o) {
    if (o.band.size() != band.size())
      throw std::invalid_argument("MetricSums: adding sums of different band counts");
    for (size_t b = 0; b < band.size(); ++b) band[b] += o.band[b];
    sam_sum += o.sam_sum, sam_n += o.sam_n;
    return *this;
  }
  std::vector<double> to_vector() const {
    std::vector<double> v;
    for (const auto& s : band)
      v.insert(v.end(), {s.n, s.sx, s.sy, s.sxx, s.syy, s.sxy, s.sse, s.ssim_sum, s.ssim_n});
    v.push_back(sam_sum);
    v.push_back(sam_n);
    return v;
  }
  static MetricSums from_vector(const std::vector<double>& v) {
    if (v.size() < 2 || (v.size() - 2) % BandSums::kCount != 0)
      throw std::invalid_argument("MetricSums: vector of the wrong length");
    MetricSums m(int((v.size() - 2) / BandSums::kCount));
    for (size_t b = 0; b < m.band.size(); ++b) {
      const double* p = v.data() + b * BandSums::kCount;
      m.band[b] = BandSums{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]};
    }
    m.sam_sum = v[v.size() - 2];
    m.sam_n = v.back();
    return m;
  }
};

struct QualityMetrics {
  std::vector<double> rmse, bias, cc, ssim;  //!< per band; bias = mean(pred - truth)
  double ergas = NAN;                        //!< 100 (h/l) sqrt(mean_b (RMSE_b / mean truth_b)^2)
  double sam_deg = NAN;                      //!< mean spectral angle, degrees
  long long pixels = 0;                      //!< pixels compared in band 1
};

namespace detail {

//! SAM's sums: angle per pixel with every band valid and both spectra non-zero.
struct SamSums {
  double sum = 0, n = 0;
  KOKKOS_INLINE_FUNCTION void operator+=(const SamSums& o) { sum += o.sum, n += o.n; }
  KOKKOS_INLINE_FUNCTION void operator+=(const volatile SamSums& o) volatile {
    sum += o.sum, n += o.n;
  }
};

//! SSIM of one 7x7 window centred at (i, j) of band b (uniform weights, sample covariance).
//! Returns false when any pixel of the window is invalid.
KOKKOS_INLINE_FUNCTION bool ssim_window(const Image& x, const Image& y, int b, long long i,
                                        long long j, double c1, double c2, double& ssim) {
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (long long ii = i - kSsimRadius; ii <= i + kSsimRadius; ++ii)
    for (long long jj = j - kSsimRadius; jj <= j + kSsimRadius; ++jj) {
      const double a = x(b, ii, jj), c = y(b, ii, jj);
      if (!(a == a) || !(c == c)) return false;
      sx += a, sy += c, sxx += a * a, syy += c * c, sxy += a * c;
    }
  constexpr double n = double((2 * kSsimRadius + 1) * (2 * kSsimRadius + 1));
  const double mx = sx / n, my = sy / n;
  const double vx = (sxx - n * mx * mx) / (n - 1), vy = (syy - n * my * my) / (n - 1);
  const double cxy = (sxy - n * mx * my) / (n - 1);
  ssim = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
  return true;
}

}  // namespace detail

//! Sums of `pred` against `truth` over the owned rows of a strip (both bands x rows x cols on
//! the same strip). SSIM windows reach 3 rows and columns out: the strip must hold those rows
//! where they exist in the scene, and `pred` must be computed there.
inline MetricSums accumulate_metrics(const Image& pred, const Image& truth, const StripRows& rows,
                                     long long cols, double data_range) {
  const int bands = static_cast<int>(truth.extent(0));
  if (pred.extent(0) != truth.extent(0) || pred.extent(1) != truth.extent(1) ||
      pred.extent(2) != truth.extent(2) || (long long)truth.extent(2) != cols)
    throw std::invalid_argument("accumulate_metrics: prediction and truth differ in shape");
  MetricSums out(bands);
  const long long r0 = rows.own_begin, nr = rows.owned();
  if (nr <= 0 || cols <= 0) return out;
  const long long local_rows = truth.extent(1);
  // Owned rows whose SSIM window lies inside the scene; it must also lie inside the strip.
  const long long g_lo = kSsimRadius, g_hi = rows.scene_rows - kSsimRadius;  // [g_lo, g_hi)
  const long long s0 = math::max(r0, g_lo - rows.first_global);
  const long long s1 = math::min(rows.own_end, g_hi - rows.first_global);
  if (s1 > s0 && (s0 - kSsimRadius < 0 || s1 + kSsimRadius > local_rows))
    throw std::invalid_argument("accumulate_metrics: the strip lacks SSIM's 3-row halo");
  const double c1 = (0.01 * data_range) * (0.01 * data_range);
  const double c2 = (0.03 * data_range) * (0.03 * data_range);
  for (int b = 0; b < bands; ++b) {
    BandSums s;
    Kokkos::parallel_reduce(
        "fusion::metric_sums", Policy1D(0, nr * cols),
        KOKKOS_LAMBDA(const long long n, BandSums& acc) {
          const long long i = r0 + n / cols, j = n % cols;
          const double x = pred(b, i, j), y = truth(b, i, j);
          if (!(x == x) || !(y == y)) return;
          acc.n += 1, acc.sx += x, acc.sy += y, acc.sxx += x * x, acc.syy += y * y;
          acc.sxy += x * y, acc.sse += (x - y) * (x - y);
        },
        s);
    const long long wc = cols - 2 * kSsimRadius;
    if (s1 > s0 && wc > 0) {
      BandSums w;
      Kokkos::parallel_reduce(
          "fusion::metric_ssim", Policy1D(0, (s1 - s0) * wc),
          KOKKOS_LAMBDA(const long long n, BandSums& acc) {
            const long long i = s0 + n / wc, j = kSsimRadius + n % wc;
            double v = 0;
            if (detail::ssim_window(pred, truth, b, i, j, c1, c2, v))
              acc.ssim_sum += v, acc.ssim_n += 1;
          },
          w);
      s.ssim_sum = w.ssim_sum;
      s.ssim_n = w.ssim_n;
    }
    out.band[size_t(b)] = s;
  }
  detail::SamSums sam;
  Kokkos::parallel_reduce(
      "fusion::metric_sam", Policy1D(0, nr * cols),
      KOKKOS_LAMBDA(const long long n, detail::SamSums& acc) {
        const long long i = r0 + n / cols, j = n % cols;
        double xy = 0, xx = 0, yy = 0;
        for (int b = 0; b < bands; ++b) {
          const double x = pred(b, i, j), y = truth(b, i, j);
          if (!(x == x) || !(y == y)) return;
          xy += x * y, xx += x * x, yy += y * y;
        }
        if (!(xx > 0) || !(yy > 0)) return;
        const double c = xy / math::sqrt(xx * yy);
        acc.sum += math::acos(c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c));
        acc.n += 1;
      },
      sam);
  out.sam_sum = sam.sum;
  out.sam_n = sam.n;
  return out;
}

//! Metrics from summed sums. `ratio` is ERGAS's h/l: fine over coarse pixel size.
inline QualityMetrics finish_metrics(const MetricSums& s, double ratio) {
  QualityMetrics m;
  double ergas2 = 0;
  bool ergas_ok = !s.band.empty();
  for (const auto& b : s.band) {
    const double n = b.n;
    m.rmse.push_back(n > 0 ? std::sqrt(b.sse / n) : NAN);
    m.bias.push_back(n > 0 ? (b.sx - b.sy) / n : NAN);
    const double vx = n * b.sxx - b.sx * b.sx, vy = n * b.syy - b.sy * b.sy;
    m.cc.push_back(n > 1 && vx > 0 && vy > 0 ? (n * b.sxy - b.sx * b.sy) / std::sqrt(vx * vy)
                                             : NAN);
    m.ssim.push_back(b.ssim_n > 0 ? b.ssim_sum / b.ssim_n : NAN);
    const double mu = n > 0 ? b.sy / n : 0.0;
    if (n > 0 && mu != 0.0)
      ergas2 += (b.sse / n) / (mu * mu);
    else
      ergas_ok = false;
  }
  if (ergas_ok) m.ergas = 100.0 * ratio * std::sqrt(ergas2 / double(s.band.size()));
  if (s.sam_n > 0) m.sam_deg = s.sam_sum / s.sam_n * 180.0 / M_PI;
  m.pixels = s.band.empty() ? 0 : static_cast<long long>(s.band[0].n);
  return m;
}

}  // namespace karst::fusion
