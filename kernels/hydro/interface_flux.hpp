#pragma once
//! Hydrostatic reconstruction (Audusse, Bouchut, Bristeau, Klein & Perthame, SIAM J. Sci.
//! Comput. 25, 2004) around the HLLC flux. Depths are rebuilt at the interface against the higher
//! of the two beds, which keeps lake-at-rest states exactly at rest and depths non-negative, and
//! the pressure difference this removes is returned to each side as a source term.

#include "kernels/hydro/riemann_hllc.hpp"

namespace karst::hydro {

template <class Real>
struct InterfaceFluxOf {
  FluxOf<Real> flux;    //!< numerical flux through the interface
  Real pressure_left;   //!< g/2 (hL^2 - hL*^2): added to the left cell's normal momentum flux
  Real pressure_right;  //!< g/2 (hR^2 - hR*^2): added to the right cell's (as seen from it)
};
using InterfaceFlux = InterfaceFluxOf<double>;

//! The depth rebuilt against the higher bed, hL + zL - zstar. In FP32 a bed of a few hundred
//! metres leaves a depth only 3e-5 m of resolution in that sum, so there the bed step is taken
//! first: zstar - zL is exact for neighbouring beds within a factor 2 of each other (Sterbenz),
//! and the depth keeps its own precision. FP64 keeps the order it always had (bitwise results).
template <class Real>
KOKKOS_FORCEINLINE_FUNCTION Real depth_at_face(Real h, Real z, Real zstar) {
  if constexpr (sizeof(Real) == sizeof(double)) {
    return math::max(Real(0), h + z - zstar);
  } else {
    return math::max(Real(0), h - (zstar - z));
  }
}

//! One-cell state as the interface sees it: depth, velocities along and across the normal, bed.
template <class Real>
KOKKOS_FORCEINLINE_FUNCTION InterfaceFluxOf<Real> well_balanced_flux(Real hL, Real unL, Real utL,
                                                                     Real zL, Real hR, Real unR,
                                                                     Real utR, Real zR, Real g) {
  const Real zstar = math::max(zL, zR);
  const Real hLs = depth_at_face(hL, zL, zstar);
  const Real hRs = depth_at_face(hR, zR, zstar);
  InterfaceFluxOf<Real> r;
  r.flux = hllc_flux(hLs, unL, utL, hRs, unR, utR, g);
  r.pressure_left = Real(0.5) * g * (hL * hL - hLs * hLs);
  r.pressure_right = Real(0.5) * g * (hR * hR - hRs * hRs);
  return r;
}

//! hllc_flux plus the reconstruction: 1 max-free add for each h*, 2x4 for the pressures.
inline constexpr double kInterfaceFlops = kHllcFlops + 4.0 + 8.0;

//! Velocity from momentum, zero on dry cells so that division by a vanishing depth never happens.
template <class Real>
KOKKOS_FORCEINLINE_FUNCTION Real velocity(Real h, Real q) {
  return h > Real(kDryDepth) ? q / h : Real(0);
}

}  // namespace karst::hydro
