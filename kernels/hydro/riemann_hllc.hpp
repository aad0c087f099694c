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
template <class Real>
KOKKOS_FORCEINLINE_FUNCTION FluxOf<Real> hllc_flux(Real hL, Real unL, Real utL, Real hR, Real unR,
                                                   Real utR, Real g) {
  FluxOf<Real> f;
  const Real dry = Real(kDryDepth), half = Real(0.5), two = Real(2), zero = Real(0);
  if (hL <= dry && hR <= dry) return f;
  const Real cL = math::sqrt(g * hL), cR = math::sqrt(g * hR);
  Real sL, sR;
  if (hL <= dry) {
    sL = unR - two * cR;
    sR = unR + cR;
  } else if (hR <= dry) {
    sL = unL - cL;
    sR = unL + two * cL;
  } else {
    // Two-rarefaction estimate of the star state (Toro eq. 10.17-10.18).
    const Real ustar = half * (unL + unR) + cL - cR;
    const Real cstar = half * (cL + cR) + Real(0.25) * (unL - unR);
    sL = math::min(unL - cL, ustar - cstar);
    sR = math::max(unR + cR, ustar + cstar);
  }
  const Real qL = hL * unL, qR = hR * unR;
  const Real fhL = qL, fqL = qL * unL + half * g * hL * hL;
  const Real fhR = qR, fqR = qR * unR + half * g * hR * hR;
  if (sL >= zero) {
    f.h = fhL;
    f.qn = fqL;
  } else if (sR <= zero) {
    f.h = fhR;
    f.qn = fqR;
  } else {
    const Real inv = Real(1) / (sR - sL);
    f.h = (sR * fhL - sL * fhR + sL * sR * (hR - hL)) * inv;
    f.qn = (sR * fqL - sL * fqR + sL * sR * (qR - qL)) * inv;
  }
  // Contact wave speed; the tangential velocity jumps only across it.
  const Real denom = hR * (unR - sR) - hL * (unL - sL);
  const Real sM = math::fabs(denom) > tiny_denominator<Real>()
                      ? (sL * hR * (unR - sR) - sR * hL * (unL - sL)) / denom
                      : half * (sL + sR);
  f.qt = f.h * (sM >= zero ? utL : utR);
  return f;
}

//! FLOPs of one hllc_flux call on the wet-wet path (the common one), counted by hand:
//! 2 sqrt, 2x2 products for gh, star estimate 9, speeds 4, physical fluxes 12, HLL 2x7 + 2 +
//! 1 div, contact speed 11 + div, tangential 1.
inline constexpr double kHllcFlops = 60.0;

}  // namespace karst::hydro
