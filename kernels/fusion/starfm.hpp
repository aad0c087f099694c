#pragma once
//! STARFM (Gao, Masek, Schwaller & Hall 2006): predicts a fine image at t0 from one or two
//! fine/coarse pairs at tk and the coarse image at t0, all on the fine grid.
//!
//! For every output pixel and band, over a (2r+1)^2 window and every pair k:
//!   - a candidate is spectrally similar when |L_k - L_k(centre)| < slice_k, where slice_k is
//!     2 sigma_k / num_classes in whole digital numbers (DN), sigma_k over the valid scene;
//!   - every difference is taken in DN and snapped to the whole DN when within kDnTolerance of
//!     one, so that inputs stored as DN and as scaled reflectance (DN x 1e-4, with rounding
//!     noise) decide every threshold tie alike (issue 20);
//!   - S = |M_k - L_k| and T = |M_k - M_0| in DN; a candidate is rejected when *both* exceed the
//!     centre's smallest value over pairs plus the sensor uncertainty (the official code's test);
//!   - its weight is 1/((T+1)(S+1)(1+d/A)) with two pairs and 1/((S+1)(1+d/A)) with one (as
//!     the official code does), or the maximum weight 1 when (T+1)(S+1) is below the combined
//!     uncertainty; d/A comes from a precomputed table;
//!   - the prediction is sum W (M_0 + L_k - M_k) / sum W, or the fill value without candidates.
//! Missing data are NaN and never become candidates. docs/fusion.md has the derivation and
//! every place where Karst follows the official code rather than the paper.
//!
//! Two kernels compute the same bits: a flat one (a thread per output value, windows read
//! through the caches, every candidate's terms computed from the inputs) and a hierarchical one
//! (a team per tile; the terms of each pixel of the tile plus halo computed once and staged in
//! scratch memory), the faster and the apps' default. `StarfmKernel` picks; tests hold both to
//! the serial reference and to each other.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/common/kokkos_compat.hpp"
#include "kernels/fusion/image.hpp"

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace karst::fusion {

inline constexpr int kMaxPairs = 2;

struct StarfmParams {
  int radius = 15;                 //!< window half-width: a 31 px window
  double num_classes = 4.0;        //!< similar-pixel slice = 2 sigma / num_classes
  double dn_per_unit = 10000.0;    //!< DN per physical unit (reflectance scale 0.0001)
  double fine_uncertainty = 50.0;  //!< DN, the official sample parameter files' value
  double coarse_uncertainty = 50.0;
  double distance_scale = 0.0;  //!< A in pixels; 0 means the window half-width
  double fill_value = -9999.0;
};

enum class StarfmKernel { flat, team };

//! Work the kernel actually did, counted by the kernel itself (FLOPs are booked from these).
struct StarfmCounts {
  long long outputs = 0;   //!< output values computed (pixels x bands)
  long long centres = 0;   //!< (output, pair) combinations with a valid centre
  long long tested = 0;    //!< window positions inside the scene, over pairs
  long long similar = 0;   //!< valid and spectrally similar
  long long accepted = 0;  //!< passed the uncertainty filter: weighted
  long long filled = 0;    //!< outputs with no candidate (fill value)
  KOKKOS_INLINE_FUNCTION void operator+=(const StarfmCounts& o) {
    outputs += o.outputs, centres += o.centres, tested += o.tested;
    similar += o.similar, accepted += o.accepted, filled += o.filled;
  }
};

//! FLOPs per counted event (add, sub, mul, div 1 each; fabs and compares 0). See
//! docs/methodology.md. The terms of a window pixel that no centre changes (S, T, (T+1)(S+1),
//! M_0 + L - M) are booked once per output value and pair, the least the algorithm needs: the
//! team kernel computes them once per pixel of a tile and its halo, the flat kernel once per
//! candidate, and neither extra is booked. A candidate then costs one subtraction to test and,
//! when accepted, five more.
struct StarfmFlops {
  static constexpr double per_pixel_terms(int pairs) {
    // S, T: sub and DN scaling each (4); (T+1)(S+1): 3 (two pairs) or S+1: 1; M_0 + L - M: 2.
    return pairs == 2 ? 9.0 : 7.0;
  }
  static constexpr double per_output(int pairs) {
    return 1.0 + pairs * per_pixel_terms(pairs);  // sum WV / sum W, and the pixel's terms
  }
  static constexpr double per_centre = 4.0;   // S_c, T_c: sub and DN scaling each
  static constexpr double per_tested = 1.0;   // L - L_c for the similarity test
  static constexpr double per_similar = 0.0;  // S and T are pixel terms
  // q (1+d/A) and its reciprocal: 2; sum W: 1; W*V accumulated: 2.
  static constexpr double per_accepted = 5.0;
  static double total(const StarfmCounts& c, int pairs) {
    return per_output(pairs) * double(c.outputs) + per_centre * double(c.centres) +
           per_tested * double(c.tested) + per_similar * double(c.similar) +
           per_accepted * double(c.accepted);
  }
};

//! Compulsory traffic per output value: the 2k+1 inputs once (windows hit in cache), the output
//! written once. FLOPs are not per output (they depend on the data): see StarfmFlops.
inline KernelCost starfm_bytes_cost(int pairs) {
  return KernelCost{0.0, double(2 * pairs + 1 + 1) * sizeof(double)};
}

//! The inputs for one strip: fine[k], coarse[k] at tk, coarse0 at t0, all bands x rows x cols.
struct StarfmInputs {
  int pairs = 1;
  Image fine[kMaxPairs];
  Image coarse[kMaxPairs];
  Image coarse0;
};

//! Host-computed constants the kernels read: slices (pairs x bands, whole DN), the similarity
//! bounds (pairs x bands, see detail::similar_bound) and the 1+d/A table ((2r+1)^2 entries).
struct StarfmTables {
  Kokkos::View<double**, MemSpace> slice;
  Kokkos::View<double**, MemSpace> similar;
  Kokkos::View<double*, MemSpace> distance;
};

namespace detail {

//! How far from a whole DN a difference may lie and still count as that whole DN.
// 0.01 DN: float32 reflectance holds a DN to ~6e-4 DN (half an ulp at 1.0 is 6e-8), a scaled
// int16 to ~1e-12 DN; 0.01 DN is negligible beside the sensors' 50 DN uncertainty.
inline constexpr double kDnTolerance = 0.01;

//! |a - b| in DN (`dn` DN per stored unit), snapped to the nearest whole DN when within
//! kDnTolerance of it. Images stored as scaled integers (reflectance = DN x 1e-4) differ from
//! the same images stored as DN by rounding noise (1e-12 DN in double, 1e-3 DN in float32);
//! unsnapped, that noise decides ties such as (S+1)(T+1) = 100 = the combined uncertainty
//! (99.99999999999227 -> weight 1 instead of 0.0045). Non-integer data move by at most
//! kDnTolerance. NaN stays NaN.
KOKKOS_INLINE_FUNCTION double dn_diff(double a, double b, double dn) {
  const double d = math::fabs(a - b) * dn;
  const double whole = math::floor(d + 0.5);
  return math::fabs(d - whole) < kDnTolerance ? whole : d;
}

//! Everything one output value needs before its window: the centre's values per pair and the
//! filter thresholds. Shared by both kernels so they cannot drift apart.
struct StarfmCentre {
  double lc[kMaxPairs];
  double max_s, max_t;  // filter thresholds in DN
  int valid_centres;
};

struct StarfmConstants {
  int pairs, radius, width;
  double dn, r_lsr_unc, r_msr_unc, combined_unc, fill;
};

inline StarfmConstants make_constants(const StarfmParams& p, int pairs) {
  StarfmConstants c{};
  c.pairs = pairs;
  c.radius = p.radius;
  c.width = 2 * p.radius + 1;
  c.dn = p.dn_per_unit;
  // Differences of two independent measurements: uncertainties add in quadrature.
  c.r_msr_unc = std::sqrt(2.0) * p.coarse_uncertainty;
  c.r_lsr_unc = std::sqrt(p.coarse_uncertainty * p.coarse_uncertainty +
                          p.fine_uncertainty * p.fine_uncertainty);
  // From the uncertainties themselves (3 cu^2 + fu^2), not the rounded square roots above: with
  // the default 50 DN it is exactly 100, a value (S+1)(T+1) reaches.
  c.combined_unc = std::sqrt(3.0 * p.coarse_uncertainty * p.coarse_uncertainty +
                             p.fine_uncertainty * p.fine_uncertainty);
  c.fill = p.fill_value;
  return c;
}

//! The largest x >= 0 with dn_diff(x, 0, dn) < slice, or -1 when there is none: for a whole-DN
//! slice, |L - L_c| <= x decides exactly what dn_diff(L, L_c, dn) < slice decides, in one
//! comparison instead of a snap to the whole DN. The snapped difference is below a whole slice
//! exactly when d = |L - L_c| dn is below slice - kDnTolerance (a d within the tolerance under
//! the slice snaps up to it), and d grows monotonically with |L - L_c|, so the set of similar
//! |L - L_c| is an interval [0, x]; x is found among all doubles by bisection on their bits
//! (non-negative doubles order like their bit patterns). Tests check it against dn_diff.
inline double similar_bound(double slice, double dn) {
  const auto similar = [&](double x) { return dn_diff(x, 0.0, dn) < slice; };
  if (!similar(0.0)) return -1.0;
  const auto bits = [](double x) {
    std::uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
  };
  const auto value = [](std::uint64_t u) {
    double x;
    std::memcpy(&x, &u, sizeof x);
    return x;
  };
  std::uint64_t lo = bits(0.0), hi = bits(std::numeric_limits<double>::infinity());
  if (similar(value(hi))) return value(hi);
  while (hi - lo > 1) {  // similar(lo), !similar(hi)
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (similar(value(mid)) ? lo : hi) = mid;
  }
  return value(lo);
}

//! What one window pixel of pair k contributes to any centre, computed once per pixel and pair
//! (the team kernel stages them in scratch) or per candidate (the flat kernel).
struct StarfmPixel {
  double l;     //!< L, or NaN when M or M_0 is missing: never similar
  double s, t;  //!< S = |M - L| and T = |M - M_0| in DN (dn_diff)
  double q;     //!< (T+1)(S+1) with two pairs, S+1 with one; 0 below the combined uncertainty
  double v;     //!< M_0 + L - M, the candidate's prediction
};

KOKKOS_INLINE_FUNCTION StarfmPixel starfm_pixel(const StarfmConstants& c, double l, double m,
                                                double m0) {
  StarfmPixel px;
  px.l = (m == m) & (m0 == m0) ? l : math::quiet_nan();
  px.s = dn_diff(m, l, c.dn);
  px.t = dn_diff(m, m0, c.dn);
  const double tdis = c.pairs == 2 ? (px.t + 1.0) * (px.s + 1.0) : (px.s + 1.0);
  px.q = tdis < c.combined_unc ? 0.0 : tdis;
  px.v = m0 + l - m;
  return px;
}

//! One centre's view of one pair: its L, the similarity bound and the filter thresholds.
struct StarfmCentrePair {
  double lc, bound, max_s, max_t;
};

//! One candidate's terms: its weight and weighted value (0 unless accepted), whether it is
//! similar and whether it is accepted. The pixel's terms may be NaN: every comparison with NaN
//! is false. Everything is computed, then selected: no branches, so a row of candidates
//! vectorises (whether a window pixel is similar is close to a coin toss for a branch
//! predictor). The weight is 1/(q (1+d/A)), at most 1: q = 0 (below the combined uncertainty)
//! gives 1/0 = inf and so the maximum weight 1; otherwise q (1+d/A) >= 1 and the minimum
//! changes nothing, so w is bit for bit 1/((T+1)(S+1)(1+d/A)) or 1.
KOKKOS_INLINE_FUNCTION void starfm_terms(const StarfmCentrePair& cp, const StarfmPixel& px,
                                         double dist, double& w_out, double& wv_out,
                                         int& similar_out, int& accepted_out) {
  const bool similar = math::fabs(px.l - cp.lc) <= cp.bound;
  const bool keep = similar & !((px.s > cp.max_s) & (px.t > cp.max_t));
  const double r = 1.0 / (px.q * dist);
  const double w = r < 1.0 ? r : 1.0;
  const double wv = w * px.v;
  w_out = keep ? w : 0.0;
  wv_out = keep ? wv : 0.0;
  similar_out = similar;
  accepted_out = keep;
}

//! A window row of pixels computed from the inputs as they are read (flat kernel).
struct StarfmInputRow {
  const StarfmConstants& c;
  const double *l, *m, *m0;
  KOKKOS_INLINE_FUNCTION StarfmPixel operator()(int u) const {
    return starfm_pixel(c, l[u], m[u], m0[u]);
  }
};

//! A window row of pixels whose terms were staged before (team kernel: one array per term).
struct StarfmStagedRow {
  const double *l, *s, *t, *q, *v;
  KOKKOS_INLINE_FUNCTION StarfmPixel operator()(int u) const {
    return StarfmPixel{l[u], s[u], t[u], q[u], v[u]};
  }
};

// GCC on x86-64 only: the barrier below names an SSE/AVX register ("x"), and other compilers take
// the plain loop (the same terms; the compiler may contract its products into FMAs).
#if !defined(__CUDA_ARCH__) && !defined(__HIP_DEVICE_COMPILE__) && defined(__GNUC__) && \
    !defined(__clang__) && defined(__x86_64__)
#define KARST_STARFM_HOST_SIMD 1
//! Host code for a chunk of `len` staged candidates (len <= 32, read in groups of four, so up to
//! 3 entries past the row), written with GCC's vector extensions: four candidates per vector,
//! lane r of each group going to partial sum r, so the partial sums are one vector register and
//! the terms are computed in the order and with the operations of starfm_terms, lane by lane
//! (IEEE arithmetic is the same per lane as in scalar code). Lanes past the row are masked out.
inline void starfm_chunk_simd(const StarfmCentrePair& cp, const double* pl, const double* ps,
                              const double* pt, const double* pq, const double* pv,
                              const double* pd, int len, double pw_out[4], double pv_out[4],
                              long long& sims, long long& accs) {
  typedef double v4d __attribute__((vector_size(32)));
  typedef long long v4l __attribute__((vector_size(32)));
  const auto load = [](const double* x) {
    v4d r;
    std::memcpy(&r, x, sizeof r);
    return r;
  };
  const v4d lc = {cp.lc, cp.lc, cp.lc, cp.lc}, bound = {cp.bound, cp.bound, cp.bound, cp.bound};
  const v4d max_s = {cp.max_s, cp.max_s, cp.max_s, cp.max_s};
  const v4d max_t = {cp.max_t, cp.max_t, cp.max_t, cp.max_t};
  const v4d one = {1.0, 1.0, 1.0, 1.0}, zero = {0.0, 0.0, 0.0, 0.0};
  const v4l abs_mask = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL, 0x7fffffffffffffffLL,
                        0x7fffffffffffffffLL};
  const v4l lane = {0, 1, 2, 3};
  const v4l lenv = {len, len, len, len};
  v4d pw = zero, pvs = zero;
  v4l nsim = {0, 0, 0, 0}, nacc = {0, 0, 0, 0};
  for (int u = 0; u < len; u += 4) {
    const v4l uv = {u, u, u, u};
    const v4l in = (lane + uv) < lenv;
    const v4d d = (v4d)((v4l)(load(pl + u) - lc) & abs_mask);  // |L - L_c|
    const v4l similar = (d <= bound) & in;
    const v4l keep = similar & ~((load(ps + u) > max_s) & (load(pt + u) > max_t));
    const v4d r = one / (load(pq + u) * load(pd + u));
    const v4d w = r < one ? r : one;
    v4d wv = w * load(pv + u);
    // Opaque to the optimiser: the product must not be fused with the sum below (an FMA would
    // round once where starfm_terms rounds twice).
    __asm__("" : "+x"(wv));
    pw += keep ? w : zero;
    pvs += keep ? wv : zero;
    nsim -= similar;  // true is -1
    nacc -= keep;
  }
  for (int r = 0; r < 4; ++r) pw_out[r] = pw[r], pv_out[r] = pvs[r];
  sims = (nsim[0] + nsim[1]) + (nsim[2] + nsim[3]);
  accs = (nacc[0] + nacc[1]) + (nacc[2] + nacc[3]);
}
#endif

//! Adds `n` consecutive candidates of one window row (`px(u)`, u < n, their terms; `dist` the
//! first 1 + d/A) to the running sums. Candidates go in chunks of kChunk; within a chunk
//! candidate u goes to partial sum u % 4 and the partials are combined as (0+1)+(2+3): four
//! independent addition chains instead of one, in an order fixed by the window alone, so a
//! prediction never depends on which rank, strip, kernel or thread computes it. Device code adds
//! each term as it goes (no arrays in thread-local memory); host code computes a chunk's terms
//! in one vectorisable loop first, or, for staged terms that may be read past the row
//! (`Padded`: the team kernel's scratch and the distance table have kPad spare entries), four
//! at a time in vector registers (starfm_chunk_simd). All add the same terms in the same order.
inline constexpr int kPad = 8;

template <bool Padded, class Pixels>
KOKKOS_INLINE_FUNCTION void starfm_row(const StarfmCentrePair& cp, const Pixels& px,
                                       const double* dist, int n, double& wsum, double& vsum,
                                       long long& similar, long long& accepted) {
  constexpr int kChunk = 32;
  for (int q0 = 0; q0 < n; q0 += kChunk) {
    const int len = n - q0 < kChunk ? n - q0 : kChunk;
    double pw[4] = {0.0, 0.0, 0.0, 0.0}, pv[4] = {0.0, 0.0, 0.0, 0.0};
    long long sims = 0, accs = 0;
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
    for (int u = 0; u < len; ++u) {
      double w, wv;
      int sim, acc;
      starfm_terms(cp, px(q0 + u), dist[q0 + u], w, wv, sim, acc);
      pw[u & 3] += w, pv[u & 3] += wv, sims += sim, accs += acc;
    }
#else
#if defined(KARST_STARFM_HOST_SIMD)
    if constexpr (Padded && std::is_same<Pixels, StarfmStagedRow>::value) {
      starfm_chunk_simd(cp, px.l + q0, px.s + q0, px.t + q0, px.q + q0, px.v + q0, dist + q0, len,
                        pw, pv, sims, accs);
    } else
#endif
    {
      double w[kChunk], wv[kChunk];
      int sim[kChunk], acc[kChunk];
      // Padded to whole groups of four with zero terms (adding +0.0 leaves a partial sum, never
      // -0.0, as it is), so that the partial sums need no u % 4 indexing through memory.
      const int end = (len + 3) / 4 * 4;
      for (int u = 0; u < len; ++u)
        starfm_terms(cp, px(q0 + u), dist[q0 + u], w[u], wv[u], sim[u], acc[u]);
      for (int u = len; u < end; ++u) w[u] = wv[u] = 0.0, sim[u] = acc[u] = 0;
      for (int u = 0; u < end; u += 4)
        for (int r = 0; r < 4; ++r) pw[r] += w[u + r], pv[r] += wv[u + r];
      for (int u = 0; u < end; ++u) sims += sim[u], accs += acc[u];
    }
#endif
    wsum += (pw[0] + pw[1]) + (pw[2] + pw[3]);
    vsum += (pv[0] + pv[1]) + (pv[2] + pv[3]);
    similar += sims, accepted += accs;
  }
}

}  // namespace detail

//! slice[k][b] = round(2 sigma[k][b] dn / num_classes), the official integer-DN slice, in DN.
inline StarfmTables make_starfm_tables(const StarfmParams& p,
                                       const std::vector<std::vector<double>>& sigma) {
  const int w = 2 * p.radius + 1;
  const double a = p.distance_scale > 0 ? p.distance_scale : double(p.radius > 0 ? p.radius : 1);
  StarfmTables t;
  const int pairs = static_cast<int>(sigma.size());
  const int bands = pairs > 0 ? static_cast<int>(sigma[0].size()) : 0;
  t.slice = Kokkos::View<double**, MemSpace>("fusion::slice", pairs, bands);
  t.similar = Kokkos::View<double**, MemSpace>("fusion::similar", pairs, bands);
  // kPad entries past the table: padded rows (detail::starfm_row) read and discard them.
  t.distance = Kokkos::View<double*, MemSpace>("fusion::distance", w * w + detail::kPad);
  auto slice_h = Kokkos::create_mirror_view(t.slice);
  auto similar_h = Kokkos::create_mirror_view(t.similar);
  auto dist_h = Kokkos::create_mirror_view(t.distance);
  for (int k = 0; k < pairs; ++k)
    for (int b = 0; b < bands; ++b) {
      slice_h(k, b) =
          double(static_cast<long long>(sigma[k][b] * p.dn_per_unit * 2.0 / p.num_classes + 0.5));
      similar_h(k, b) = detail::similar_bound(slice_h(k, b), p.dn_per_unit);
    }
  for (int dy = -p.radius; dy <= p.radius; ++dy)
    for (int dx = -p.radius; dx <= p.radius; ++dx)
      dist_h((dy + p.radius) * w + dx + p.radius) = 1.0 + std::sqrt(double(dy * dy + dx * dx)) / a;
  Kokkos::deep_copy(t.slice, slice_h);
  Kokkos::deep_copy(t.similar, similar_h);
  Kokkos::deep_copy(t.distance, dist_h);
  return t;
}

//! Flat kernel: one thread per output value (band, row, col) over rows [row_begin, row_end).
struct StarfmFlat {
  using value_type = StarfmCounts;
  StarfmInputs in;
  StarfmTables tables;
  detail::StarfmConstants c;
  Image out;
  long long row_begin, rows, cols;

  KOKKOS_INLINE_FUNCTION void operator()(const long long n, value_type& acc) const {
    const int b = static_cast<int>(n / (rows * cols));
    const long long i = row_begin + (n / cols) % rows;
    const long long j = n % cols;
    detail::StarfmCentre ctr{};
    double min_s = 1e300, min_t = 1e300;
    const double m0c = in.coarse0(b, i, j);
    for (int k = 0; k < c.pairs; ++k) {
      ctr.lc[k] = in.fine[k](b, i, j);
      const double mk = in.coarse[k](b, i, j);
      const bool ok = ctr.lc[k] == ctr.lc[k] && mk == mk && m0c == m0c;
      if (!ok) {
        ctr.lc[k] = math::quiet_nan();  // no candidates from k
        continue;
      }
      ++ctr.valid_centres;
      min_s = math::min(min_s, detail::dn_diff(mk, ctr.lc[k], c.dn));
      min_t = math::min(min_t, detail::dn_diff(mk, m0c, c.dn));
    }
    ctr.max_s = min_s + c.r_lsr_unc;
    ctr.max_t = min_t + c.r_msr_unc;
    double wsum = 0.0, vsum = 0.0;
    long long tested = 0, similar = 0, accepted = 0;
    const long long nrows = in.coarse0.extent(1);
    const long long i0 = math::max(0LL, i - c.radius), i1 = math::min(nrows - 1, i + c.radius);
    const long long j0 = math::max(0LL, j - c.radius), j1 = math::min(cols - 1, j + c.radius);
    for (int k = 0; k < c.pairs; ++k) {
      const detail::StarfmCentrePair cp{ctr.lc[k], tables.similar(k, b), ctr.max_s, ctr.max_t};
      tested += (i1 - i0 + 1) * (j1 - j0 + 1);
      if (!(cp.lc == cp.lc)) continue;
      for (long long ii = i0; ii <= i1; ++ii) {
        const int drow = static_cast<int>(ii - i + c.radius) * c.width + c.radius;
        const detail::StarfmInputRow px{c, &in.fine[k](b, ii, j0), &in.coarse[k](b, ii, j0),
                                        &in.coarse0(b, ii, j0)};
        detail::starfm_row<false>(cp, px, &tables.distance(drow + int(j0 - j)), int(j1 - j0 + 1),
                                  wsum, vsum, similar, accepted);
      }
    }
    out(b, i, j) = wsum > 0.0 ? vsum / wsum : c.fill;
    acc.outputs += 1;
    acc.centres += ctr.valid_centres;
    acc.tested += tested;
    acc.similar += similar;
    acc.accepted += accepted;
    acc.filled += wsum > 0.0 ? 0 : 1;
  }
  KOKKOS_INLINE_FUNCTION void init(value_type& v) const { v = StarfmCounts{}; }
  KOKKOS_INLINE_FUNCTION void join(value_type& dst, const value_type& src) const { dst += src; }
  // Kokkos 3.x joins through volatile references.
  KOKKOS_INLINE_FUNCTION void join(volatile value_type& dst, const volatile value_type& src) const {
    dst.outputs += src.outputs, dst.centres += src.centres, dst.tested += src.tested;
    dst.similar += src.similar, dst.accepted += src.accepted, dst.filled += src.filled;
  }
};

//! Hierarchical kernel: a team per (band, tile of tile x tile outputs). For each pair the
//! terms of every pixel of the tile plus its window halo (StarfmPixel: L, S, T, the weight's
//! (T+1)(S+1) and M_0 + L - M) are computed once and staged in scratch memory, then every
//! thread of the team reads its windows from there: per candidate only the similarity test, the
//! filter and the weight remain. Per-output state (thresholds, running sums, counters) also
//! lives in scratch, so a thread may own several outputs (CPU teams of one, tiles of
//! kHostTile^2) or exactly one (GPU teams of kDeviceTile^2).
struct StarfmTeam {
  static constexpr int kDeviceTile = 8;
  static constexpr int kHostTile = 32;
  // Per-output scratch slots, each tile^2 doubles.
  enum Slot { kMaxS, kMaxT, kLc0, kLc1, kWsum, kVsum, kCentres, kSimilar, kAccepted, kSlots };
  // Per-pixel scratch arrays, each h^2 doubles (h = tile + 2 radius).
  enum Term { kL, kS, kT, kQ, kV, kTerms };
  using value_type = StarfmCounts;
  using Team = Kokkos::TeamPolicy<ExecSpace>::member_type;
  using Scratch = Kokkos::View<double*, ExecSpace::scratch_memory_space,
                               Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
  StarfmInputs in;
  StarfmTables tables;
  detail::StarfmConstants c;
  Image out;
  long long row_begin, rows, cols;
  int tile;
  long long tiles_y, tiles_x;
  int scratch_level;

  static size_t scratch_bytes(int radius, int tile) {
    const int h = tile + 2 * radius;
    return kTerms * Scratch::shmem_size(h * h + detail::kPad) +
           Scratch::shmem_size(kSlots * tile * tile);
  }

  KOKKOS_INLINE_FUNCTION void operator()(const Team& team, value_type& acc) const {
    const long long league = team.league_rank();
    const int b = static_cast<int>(league / (tiles_y * tiles_x));
    const long long ty = (league / tiles_x) % tiles_y, tx = league % tiles_x;
    const long long ti0 = row_begin + ty * tile, tj0 = tx * tile;
    const long long row_end = row_begin + rows;
    const long long nrows = in.coarse0.extent(1);
    const int h = tile + 2 * c.radius, t2 = tile * tile;
    Scratch terms[kTerms];
    for (int x = 0; x < kTerms; ++x)
      terms[x] = Scratch(team.team_scratch(scratch_level), h * h + detail::kPad);
    Scratch state(team.team_scratch(scratch_level), kSlots * t2);
    auto at = [&](Slot s, int p) -> double& { return state(int(s) * t2 + p); };

    // Centres first: the filter thresholds are minima over all pairs.
    Kokkos::parallel_for(Kokkos::TeamThreadRange(team, t2), [&](const int p) {
      const long long i = ti0 + p / tile, j = tj0 + p % tile;
      double lc[kMaxPairs] = {math::quiet_nan(), math::quiet_nan()};
      double min_s = 1e300, min_t = 1e300, centres = 0.0;
      if (i < row_end && j < cols) {
        const double m0c = in.coarse0(b, i, j);
        for (int k = 0; k < c.pairs; ++k) {
          const double l = in.fine[k](b, i, j), mk = in.coarse[k](b, i, j);
          if (!(l == l && mk == mk && m0c == m0c)) continue;
          lc[k] = l;
          centres += 1.0;
          min_s = math::min(min_s, detail::dn_diff(mk, l, c.dn));
          min_t = math::min(min_t, detail::dn_diff(mk, m0c, c.dn));
        }
      }
      at(kMaxS, p) = min_s + c.r_lsr_unc;
      at(kMaxT, p) = min_t + c.r_msr_unc;
      at(kLc0, p) = lc[0];
      at(kLc1, p) = lc[1];
      at(kWsum, p) = at(kVsum, p) = 0.0;
      at(kCentres, p) = centres;
      at(kSimilar, p) = at(kAccepted, p) = 0.0;
    });

    for (int k = 0; k < c.pairs; ++k) {
      team.team_barrier();
      // The pixel terms of the tile and halo rows inside the scene (outside it nothing reads).
      const long long r0 = math::max(0LL, ti0 - c.radius);
      const long long r1 = math::min(nrows, ti0 + tile + c.radius);
      const long long c0 = math::max(0LL, tj0 - c.radius);
      const long long c1 = math::min(cols, tj0 + tile + c.radius);
      const int hw = static_cast<int>(c1 - c0);
      Kokkos::parallel_for(Kokkos::TeamThreadRange(team, int(r1 - r0) * hw), [&](const int e) {
        const long long i = r0 + e / hw, j = c0 + e % hw;
        const int q = int(i - ti0 + c.radius) * h + int(j - tj0 + c.radius);
        const auto px = detail::starfm_pixel(c, in.fine[k](b, i, j), in.coarse[k](b, i, j),
                                             in.coarse0(b, i, j));
        terms[kL](q) = px.l, terms[kS](q) = px.s, terms[kT](q) = px.t;
        terms[kQ](q) = px.q, terms[kV](q) = px.v;
      });
      team.team_barrier();
      const double bound = tables.similar(k, b);
      Kokkos::parallel_for(Kokkos::TeamThreadRange(team, t2), [&](const int p) {
        const long long i = ti0 + p / tile, j = tj0 + p % tile;
        const detail::StarfmCentrePair cp{at(k == 0 ? kLc0 : kLc1, p), bound, at(kMaxS, p),
                                          at(kMaxT, p)};
        if (i >= row_end || j >= cols || !(cp.lc == cp.lc)) return;
        double wsum = at(kWsum, p), vsum = at(kVsum, p);
        const long long i0 = math::max(0LL, i - c.radius);
        const long long i1 = math::min(nrows - 1, i + c.radius);
        const long long j0 = math::max(0LL, j - c.radius);
        const long long j1 = math::min(cols - 1, j + c.radius);
        long long similar = 0, accepted = 0;
        for (long long ii = i0; ii <= i1; ++ii) {
          const int q = static_cast<int>(ii - ti0 + c.radius) * h + int(j0 - tj0 + c.radius);
          const int drow = static_cast<int>(ii - i + c.radius) * c.width + c.radius;
          const detail::StarfmStagedRow px{&terms[kL](q), &terms[kS](q), &terms[kT](q),
                                           &terms[kQ](q), &terms[kV](q)};
          detail::starfm_row<true>(cp, px, &tables.distance(drow + int(j0 - j)), int(j1 - j0 + 1),
                                   wsum, vsum, similar, accepted);
        }
        at(kWsum, p) = wsum;
        at(kVsum, p) = vsum;
        at(kSimilar, p) += double(similar);
        at(kAccepted, p) += double(accepted);
      });
    }
    team.team_barrier();
    Kokkos::parallel_for(Kokkos::TeamThreadRange(team, t2), [&](const int p) {
      const long long i = ti0 + p / tile, j = tj0 + p % tile;
      if (i >= row_end || j >= cols) return;
      const double wsum = at(kWsum, p);
      out(b, i, j) = wsum > 0.0 ? at(kVsum, p) / wsum : c.fill;
    });
    team.team_barrier();
    // Counters from the per-output slots; window positions inside the scene are geometry.
    Kokkos::single(Kokkos::PerTeam(team), [&]() {
      for (int p = 0; p < t2; ++p) {
        const long long i = ti0 + p / tile, j = tj0 + p % tile;
        if (i >= row_end || j >= cols) continue;
        const long long di = math::min(nrows - 1, i + c.radius) - math::max(0LL, i - c.radius);
        const long long dj = math::min(cols - 1, j + c.radius) - math::max(0LL, j - c.radius);
        acc.outputs += 1;
        acc.tested += c.pairs * (di + 1) * (dj + 1);
        acc.centres += static_cast<long long>(at(kCentres, p));
        acc.similar += static_cast<long long>(at(kSimilar, p));
        acc.accepted += static_cast<long long>(at(kAccepted, p));
        acc.filled += at(kWsum, p) > 0.0 ? 0 : 1;
      }
    });
  }
  KOKKOS_INLINE_FUNCTION void init(value_type& v) const { v = StarfmCounts{}; }
  KOKKOS_INLINE_FUNCTION void join(value_type& dst, const value_type& src) const { dst += src; }
  KOKKOS_INLINE_FUNCTION void join(volatile value_type& dst, const volatile value_type& src) const {
    dst.outputs += src.outputs, dst.centres += src.centres, dst.tested += src.tested;
    dst.similar += src.similar, dst.accepted += src.accepted, dst.filled += src.filled;
  }
};

//! Predicts rows [row_begin, row_end) of `out` (local strip rows). The strip must hold every
//! scene row within `radius` of those rows. `sigma[k][b]` is the valid-scene standard
//! deviation of fine[k] band b (a global statistic: the caller reduces it over ranks).
inline StarfmCounts starfm(const StarfmInputs& in, const StarfmParams& p,
                           const StarfmTables& tables, const Image& out, long long row_begin,
                           long long row_end, StarfmKernel kernel = StarfmKernel::flat) {
  StarfmCounts counts;
  const long long bands = in.coarse0.extent(0), cols = in.coarse0.extent(2);
  const long long rows = row_end - row_begin;
  if (rows <= 0 || cols <= 0 || bands <= 0) return counts;
  const auto c = detail::make_constants(p, in.pairs);
  if (kernel == StarfmKernel::flat) {
    StarfmFlat f{in, tables, c, out, row_begin, rows, cols};
    Kokkos::parallel_reduce("fusion::starfm_flat", Policy1D(0, bands * rows * cols), f, counts);
  } else {
    // One thread per output on GPUs; a single thread per team where threads are cores, with
    // larger tiles so that the halo's terms are a small part of the work.
    constexpr bool host = std::is_same<ExecSpace::memory_space, Kokkos::HostSpace>::value;
    const int tile = host ? StarfmTeam::kHostTile : StarfmTeam::kDeviceTile;
    const long long ty = (rows + tile - 1) / tile, tx = (cols + tile - 1) / tile;
    using TeamPolicy = Kokkos::TeamPolicy<ExecSpace, Kokkos::Schedule<Kokkos::Dynamic>>;
    const size_t bytes = StarfmTeam::scratch_bytes(p.radius, tile);
    // Level 0 (GPU shared memory) when the tile, halo and state fit; otherwise level 1.
    const int level = !host && bytes <= size_t(TeamPolicy::scratch_size_max(0)) ? 0 : 1;
    StarfmTeam f{in, tables, c, out, row_begin, rows, cols, tile, ty, tx, level};
    TeamPolicy policy(static_cast<int>(bands * ty * tx), host ? 1 : tile * tile);
    policy.set_scratch_size(level, Kokkos::PerTeam(bytes));
    Kokkos::parallel_reduce("fusion::starfm_team", policy, f, counts);
  }
  return counts;
}

}  // namespace karst::fusion
