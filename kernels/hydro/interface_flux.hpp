#pragma once
//! Hydrostatic reconstruction (Audusse, Bouchut, Bristeau, Klein & Perthame, SIAM J. Sci.
//! Comput. 25, 2004) around the HLLC flux. Depths are rebuilt at the interface against the higher
//! of the two beds, which keeps lake-at-rest states exactly at rest and depths non-negative, and
//! the pressure difference this removes is returned to each side as a source term.

#include "kernels/hydro/riemann_hllc.hpp"

namespace karst::hydro {

struct InterfaceFlux {
  Flux flux;              //!< numerical flux through the interface
  double pressure_left;   //!< g/2 (hL^2 - hL*^2): added to the left cell's normal momentum flux
  double pressure_right;  //!< g/2 (hR^2 - hR*^2): added to the right cell's (as seen from it)
};

//! One-cell state as the interface sees it: depth, velocities along and across the normal, bed.
KOKKOS_FORCEINLINE_FUNCTION InterfaceFlux well_balanced_flux(double hL, double unL, double utL,
                                                             double zL, double hR, double unR,
                                                             double utR, double zR, double g) {
  const double zstar = math::max(zL, zR);
  const double hLs = math::max(0.0, hL + zL - zstar);
  const double hRs = math::max(0.0, hR + zR - zstar);
  InterfaceFlux r;
  r.flux = hllc_flux(hLs, unL, utL, hRs, unR, utR, g);
  r.pressure_left = 0.5 * g * (hL * hL - hLs * hLs);
  r.pressure_right = 0.5 * g * (hR * hR - hRs * hRs);
  return r;
}

//! hllc_flux plus the reconstruction: 1 max-free add for each h*, 2x4 for the pressures.
inline constexpr double kInterfaceFlops = kHllcFlops + 4.0 + 8.0;

//! Velocity from momentum, zero on dry cells so that division by a vanishing depth never happens.
KOKKOS_FORCEINLINE_FUNCTION double velocity(double h, double q) {
  return h > kDryDepth ? q / h : 0.0;
}

}  // namespace karst::hydro
