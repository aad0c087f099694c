#pragma once
//! HLLC approximate Riemann solver for the 2D shallow-water equations, in the frame of the
//! interface normal (Toro, "Shock-capturing methods for free-surface shallow flows", 2001).
//! The tangential momentum is carried by the contact wave, so it is upwinded exactly.

#include "kernels/common/kokkos_compat.hpp"

namespace karst::hydro {

//! Depths below this (metres) are dry: no velocity is computed from them, which keeps a thin
//! film at a wet/dry front from setting an absurd time step.
inline constexpr double kDryDepth = 1e-6;

struct Flux {
  double h = 0.0;   //!< mass flux, m2/s
  double qn = 0.0;  //!< normal momentum flux, m3/s2
  double qt = 0.0;  //!< tangential momentum flux, m3/s2
};

//! Flux through an interface with left state (hL, unL, utL) and right state (hR, unR, utR);
//! un is the velocity along the normal, ut along the interface. Dry states are handled with the
//! exact dry-bed wave speeds (the update stays positive for CFL <= 3/8: docs/flood.md).
KOKKOS_FORCEINLINE_FUNCTION Flux hllc_flux(double hL, double unL, double utL, double hR, double unR,
                                           double utR, double g) {
  Flux f;
  if (hL <= kDryDepth && hR <= kDryDepth) return f;
  const double cL = math::sqrt(g * hL), cR = math::sqrt(g * hR);
  double sL, sR;
  if (hL <= kDryDepth) {
    sL = unR - 2.0 * cR;
    sR = unR + cR;
  } else if (hR <= kDryDepth) {
    sL = unL - cL;
    sR = unL + 2.0 * cL;
  } else {
    // Two-rarefaction estimate of the star state (Toro eq. 10.17-10.18).
    const double ustar = 0.5 * (unL + unR) + cL - cR;
    const double cstar = 0.5 * (cL + cR) + 0.25 * (unL - unR);
    sL = math::min(unL - cL, ustar - cstar);
    sR = math::max(unR + cR, ustar + cstar);
  }
  const double qL = hL * unL, qR = hR * unR;
  const double fhL = qL, fqL = qL * unL + 0.5 * g * hL * hL;
  const double fhR = qR, fqR = qR * unR + 0.5 * g * hR * hR;
  if (sL >= 0.0) {
    f.h = fhL;
    f.qn = fqL;
  } else if (sR <= 0.0) {
    f.h = fhR;
    f.qn = fqR;
  } else {
    const double inv = 1.0 / (sR - sL);
    f.h = (sR * fhL - sL * fhR + sL * sR * (hR - hL)) * inv;
    f.qn = (sR * fqL - sL * fqR + sL * sR * (qR - qL)) * inv;
  }
  // Contact wave speed; the tangential velocity jumps only across it.
  const double denom = hR * (unR - sR) - hL * (unL - sL);
  const double sM = math::fabs(denom) > 1e-300
                        ? (sL * hR * (unR - sR) - sR * hL * (unL - sL)) / denom
                        : 0.5 * (sL + sR);
  f.qt = f.h * (sM >= 0.0 ? utL : utR);
  return f;
}

//! FLOPs of one hllc_flux call on the wet-wet path (the common one), counted by hand:
//! 2 sqrt, 2x2 products for gh, star estimate 9, speeds 4, physical fluxes 12, HLL 2x7 + 2 +
//! 1 div, contact speed 11 + div, tangential 1.
inline constexpr double kHllcFlops = 60.0;

}  // namespace karst::hydro
