#pragma once
//! HLLC approximate Riemann solver for the 2D shallow-water equations, in the frame of the
//! interface normal (Toro, "Shock-capturing methods for free-surface shallow flows", 2001).
//! The tangential momentum is carried by the contact wave, so it is upwinded exactly.

#include "kernels/common/kokkos_compat.hpp"

namespace karst::hydro {

//! Depths below this (metres) are dry: no velocity is computed from them, which keeps a thin
//! film at a wet/dry front from setting an absurd time step.
inline constexpr double kDryDepth = 1e-6;

//! Real is the arithmetic of the whole update: double, or float in the FP32 mode
//! (flood.precision, docs/flood.md).
template <class Real>
struct FluxOf {
  Real h = 0;   //!< mass flux, m2/s
  Real qn = 0;  //!< normal momentum flux, m3/s2
  Real qt = 0;  //!< tangential momentum flux, m3/s2
};
using Flux = FluxOf<double>;

//! Below this |denominator| the contact speed falls back to the HLL mean: a magnitude no wave
//! reaches, yet far from the type's underflow, where a quotient would overflow.
template <class Real>
KOKKOS_INLINE_FUNCTION constexpr Real tiny_denominator() {
  return sizeof(Real) == sizeof(double) ? Real(1e-300) : Real(1e-30);
}

//! Flux through an interface with left state (hL, unL, utL) and right state (hR, unR, utR);
//! un is the velocity along the normal, ut along the interface. Dry states are handled with the
//! exact dry-bed wave speeds (the update stays positive for CFL <= 3/8: docs/flood.md).
//!
//! Written without branches: every case is computed and the right one selected, so that a loop
//! over faces vectorises (the row sweep's). Each selected value is the same arithmetic as in the
//! branching form it replaced (2026-12-06), so the fluxes are bitwise the same; values computed
//! for a case not taken (a division by zero between two dry cells, say) are never selected.
template <class Real>
KOKKOS_FORCEINLINE_FUNCTION FluxOf<Real> hllc_flux(Real hL, Real unL, Real utL, Real hR, Real unR,
                                                   Real utR, Real g) {
  const Real dry = Real(kDryDepth), half = Real(0.5), two = Real(2), zero = Real(0);
  const bool left_dry = hL <= dry, right_dry = hR <= dry;
  const Real cL = math::sqrt(g * hL), cR = math::sqrt(g * hR);
  // Two-rarefaction estimate of the star state (Toro eq. 10.17-10.18), both sides wet.
  const Real ustar = half * (unL + unR) + cL - cR;
  const Real cstar = half * (cL + cR) + Real(0.25) * (unL - unR);
  const Real sL = left_dry    ? unR - two * cR
                  : right_dry ? unL - cL
                              : math::min(unL - cL, ustar - cstar);
  const Real sR = left_dry    ? unR + cR
                  : right_dry ? unL + two * cL
                              : math::max(unR + cR, ustar + cstar);
  const Real qL = hL * unL, qR = hR * unR;
  const Real fhL = qL, fqL = qL * unL + half * g * hL * hL;
  const Real fhR = qR, fqR = qR * unR + half * g * hR * hR;
  const Real inv = Real(1) / (sR - sL);
  const Real hll_h = (sR * fhL - sL * fhR + sL * sR * (hR - hL)) * inv;
  const Real hll_q = (sR * fqL - sL * fqR + sL * sR * (qR - qL)) * inv;
  const Real fh = sL >= zero ? fhL : (sR <= zero ? fhR : hll_h);
  const Real fq = sL >= zero ? fqL : (sR <= zero ? fqR : hll_q);
  // The tangential velocity jumps only across the contact wave, of speed sM = num / denom; only
  // the sign of sM matters, and it is that of the quotient, so no division: +1 or -1 by the signs
  // of num and denom, +1 when num is zero (the quotient is +-0). (The quotient and the signs differ
  // only where it would underflow to -0 -- |sM| below 5e-324 m/s -- or for NaN.) Plain selects,
  // each on one comparison, not boolean algebra, which GCC would not vectorise.
  const Real one = Real(1);
  const Real denom = hR * (unR - sR) - hL * (unL - sL);
  const Real num = sL * hR * (unR - sR) - sR * hL * (unL - sL);
  const Real denom_sign = denom > zero ? one : -one;
  const Real sM_sign = num == zero ? one : (num > zero ? denom_sign : -denom_sign);
  const Real sM = math::fabs(denom) > tiny_denominator<Real>() ? sM_sign : half * (sL + sR);
  const bool both_dry = math::max(hL, hR) <= dry;
  FluxOf<Real> f;
  f.h = both_dry ? zero : fh;
  f.qn = both_dry ? zero : fq;
  f.qt = both_dry ? zero : fh * (sM >= zero ? utL : utR);
  return f;
}

//! FLOPs of one hllc_flux call on the wet-wet path (the common one), counted by hand:
//! 2 sqrt, 2x2 products for gh, star estimate 9, speeds 4, physical fluxes 12, HLL 2x7 + 2 +
//! 1 div, contact speed 11, tangential 1. Until 2026-12-06 the contact speed was divided out
//! (one more: 60); now only its sign is taken.
inline constexpr double kHllcFlops = 59.0;

}  // namespace karst::hydro
