#pragma once
//! Pansharpening: multispectral bands (already resampled to the pan grid) sharpened with the
//! panchromatic band. Both methods touch each input once and do a few FLOPs per value, so they
//! are the bandwidth-bound counterparts of the compute-bound STARFM.
//!
//! - Weighted Brovey, as GDAL's VRTPansharpenedDataset does it: pseudo-pan P = sum_b w_b MS_b,
//!   out_b = MS_b * pan / P, and 0 where P is 0 (GDAL's choice, kept for comparability).
//! - High-pass filter fusion (Chavez et al. 1991): out_b = MS_b + g (pan - box_r(pan)), with
//!   box_r the mean of the valid pan pixels of the (2r+1)^2 window clipped at the scene edge.
//! A pixel with any invalid input (NaN) is NaN in every band.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/common/kokkos_compat.hpp"
#include "kernels/fusion/image.hpp"

#include <stdexcept>
#include <vector>

namespace karst::fusion {

//! Per pixel: pseudo-pan (b mul, b-1 add), one division, b multiplies; reads b+1 values and
//! writes b.
inline KernelCost brovey_cost(int bands) {
  return KernelCost{3.0 * bands, (2.0 * bands + 1.0) * sizeof(double)};
}

//! Per pixel: the box sum ((2r+1)^2 - 1 adds), its mean (1 div), the detail (1 sub), and per
//! band a multiply-add (2). Edge pixels do fewer adds; the interior count is booked for all.
//! Traffic: pan and the b bands read once (the window hits cache), b bands written.
inline KernelCost hpf_cost(int bands, int radius) {
  const double w = double(2 * radius + 1) * double(2 * radius + 1);
  return KernelCost{w - 1.0 + 2.0 + 2.0 * bands, (2.0 * bands + 1.0) * sizeof(double)};
}

namespace detail {
inline void check_pansharpen_shapes(const Image& ms, const Band& pan, const Image& out,
                                    const StripRows& rows) {
  if (pan.extent(0) != ms.extent(1) || pan.extent(1) != ms.extent(2) ||
      out.extent(0) != ms.extent(0) || out.extent(1) != ms.extent(1) ||
      out.extent(2) != ms.extent(2))
    throw std::invalid_argument("pansharpen: pan, multispectral and output grids differ");
  if (rows.own_begin < 0 || rows.own_end > (long long)ms.extent(1))
    throw std::invalid_argument("pansharpen: rows outside the strip");
}
}  // namespace detail

//! Writes rows [rows.own_begin, rows.own_end) of `out`.
inline void brovey(const Image& ms, const Band& pan, const std::vector<double>& weights,
                   const Image& out, const StripRows& rows) {
  detail::check_pansharpen_shapes(ms, pan, out, rows);
  const int bands = static_cast<int>(ms.extent(0));
  if (static_cast<int>(weights.size()) != bands)
    throw std::invalid_argument("brovey: one weight per multispectral band needed");
  const long long cols = ms.extent(2), r0 = rows.own_begin, nr = rows.owned();
  if (nr <= 0 || cols <= 0) return;
  Kokkos::View<double*, MemSpace> w("fusion::brovey_weights", bands);
  auto w_h = Kokkos::create_mirror_view(w);
  for (int b = 0; b < bands; ++b) w_h(b) = weights[size_t(b)];
  Kokkos::deep_copy(w, w_h);
  Kokkos::parallel_for(
      "fusion::brovey", Policy1D(0, nr * cols), KOKKOS_LAMBDA(const long long n) {
        const long long i = r0 + n / cols, j = n % cols;
        const double p = pan(i, j);
        double pseudo = 0.0;
        bool ok = p == p;
        for (int b = 0; b < bands; ++b) {
          const double v = ms(b, i, j);
          ok = ok && v == v;
          pseudo += w(b) * v;
        }
        const double factor = pseudo != 0.0 ? p / pseudo : 0.0;
        for (int b = 0; b < bands; ++b)
          out(b, i, j) = ok ? ms(b, i, j) * factor : math::quiet_nan();
      });
}

//! Writes rows [rows.own_begin, rows.own_end) of `out`. The strip must hold every scene row
//! within `radius` of those rows.
inline void hpf(const Image& ms, const Band& pan, int radius, double gain, const Image& out,
                const StripRows& rows) {
  detail::check_pansharpen_shapes(ms, pan, out, rows);
  const int bands = static_cast<int>(ms.extent(0));
  const long long cols = ms.extent(2), r0 = rows.own_begin, nr = rows.owned();
  const long long local = ms.extent(1);
  if (nr <= 0 || cols <= 0) return;
  // Window rows are clipped at the scene edge; inside the scene they must be in the strip.
  const long long need_lo = math::max(0LL, rows.first_global + r0 - radius) - rows.first_global;
  const long long need_hi =
      math::min(rows.scene_rows, rows.first_global + rows.own_end + radius) - rows.first_global;
  if (need_lo < 0 || need_hi > local)
    throw std::invalid_argument("hpf: the strip lacks the filter's halo rows");
  const long long lo_row = -rows.first_global, hi_row = rows.scene_rows - rows.first_global;
  Kokkos::parallel_for(
      "fusion::hpf", Policy1D(0, nr * cols), KOKKOS_LAMBDA(const long long n) {
        const long long i = r0 + n / cols, j = n % cols;
        const long long i0 = math::max(lo_row, i - radius), i1 = math::min(hi_row - 1, i + radius);
        const long long j0 = math::max(0LL, j - radius), j1 = math::min(cols - 1, j + radius);
        double sum = 0.0, count = 0.0;
        for (long long ii = i0; ii <= i1; ++ii)
          for (long long jj = j0; jj <= j1; ++jj) {
            const double v = pan(ii, jj);
            if (v == v) sum += v, count += 1.0;
          }
        const double p = pan(i, j);
        const double detail = p - sum / count;  // count >= 1 whenever p is valid
        bool ok = p == p;
        for (int b = 0; b < bands; ++b) ok = ok && ms(b, i, j) == ms(b, i, j);
        for (int b = 0; b < bands; ++b)
          out(b, i, j) = ok ? ms(b, i, j) + gain * detail : math::quiet_nan();
      });
}

}  // namespace karst::fusion
