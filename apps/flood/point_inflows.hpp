#pragma once
//! The point inflows of a run (flood.inflows) on one rank: the rank owning an inflow's cell adds
//! its hydrograph's volume there every step.

#include "apps/flood/decomposition.hpp"
#include "apps/flood/flood_setup.hpp"
#include "kernels/hydro/state.hpp"

#include <vector>

namespace karst::flood {

class PointInflows {
 public:
  PointInflows() = default;
  //! Collective. Throws naming the inflow when its cell is a wall (a DEM's nodata).
  template <class Real>
  PointInflows(const FloodSetup& setup, const Decomposition& decomp,
               const hydro::Field2DOf<Real>& bed);

  //! Adds Q(t) dt of every owned inflow to its cell; returns the volume added on this rank, m3,
  //! and raises `max_speed` to the wave speed of the cells that received water. The volume is
  //! that of the depths as the state holds them (rounded to Real), so the mass budget closes.
  template <class Real>
  double add(const hydro::FieldsOf<Real>& state, double t, double dt, double& max_speed) const;
  //! The first hydrograph breakpoint after t (infinity if none): steps stop there.
  double next_change(double t) const;
  int owned() const { return static_cast<int>(owned_.size()); }

 private:
  std::vector<PointInflow> inflows_;  //!< all of them: every rank stops at every breakpoint
  std::vector<int> owned_;            //!< indices into inflows_ of those whose cell is here
  double cell_area_ = 1.0, g_ = 9.81;
  Kokkos::View<int* [2], MemSpace> cells_;
  Kokkos::View<double*, MemSpace> depth_;
  Kokkos::View<double*, MemSpace>::HostMirror depth_host_;
};

}  // namespace karst::flood
