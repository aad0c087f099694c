#pragma once
//! Ghost cells on the edges of the whole domain: a closed wall (mirror: the normal momentum flips
//! sign), free outflow (zero gradient), or an inflow hydrograph on a segment of a side, imposed as
//! critical flow of the given unit discharge entering the domain.

#include "kernels/common/kokkos_compat.hpp"
#include "kernels/hydro/state.hpp"

namespace karst::hydro {

enum class Side { north = 0, south = 1, west = 2, east = 3 };
enum class EdgeKind { wall = 0, outflow = 1 };

//! One side of this rank's block that lies on the domain edge.
struct EdgeCondition {
  Side side = Side::north;
  EdgeKind kind = EdgeKind::wall;
  //! Inflow segment in this block's owned index along the side ([begin, end), 1-based);
  //! empty when begin >= end. unit_discharge in m2/s, positive into the domain.
  int inflow_begin = 0, inflow_end = 0;
  double unit_discharge = 0.0;
};

//! Fills one side's ghost row or column from the owned cells next to it.
template <class Real>
void fill_edge_ghosts(const FieldsOf<Real>& s, const Field2DOf<Real>& bed, const EdgeCondition& c,
                      int ny, int nx, double g) {
  const bool along_rows = c.side == Side::north || c.side == Side::south;
  const int count = along_rows ? nx : ny;
  // (gi, gj): ghost cell; (oi, oj): owned neighbour; sign: +1 if inward is +index direction.
  const int fixed_ghost = c.side == Side::north   ? 0
                          : c.side == Side::south ? ny + 1
                          : c.side == Side::west  ? 0
                                                  : nx + 1;
  const int fixed_owned = c.side == Side::north   ? 1
                          : c.side == Side::south ? ny
                          : c.side == Side::west  ? 1
                                                  : nx;
  const Real inward = (c.side == Side::north || c.side == Side::west) ? Real(1) : Real(-1);
  const auto h = s.h, hu = s.hu, hv = s.hv, z = bed;
  const auto kind = c.kind;
  const int b = c.inflow_begin, e = c.inflow_end;
  const Real q = Real(c.unit_discharge);
  // The inflow's critical depth, computed once in double (cbrt has no portable float form here).
  const Real critical_depth = Real(math::cbrt(c.unit_discharge * c.unit_discharge / g));
  Kokkos::parallel_for(
      "hydro::fill_edge_ghosts", Kokkos::RangePolicy<ExecSpace>(1, count + 1),
      KOKKOS_LAMBDA(const int k) {
        const int gi = along_rows ? fixed_ghost : k, gj = along_rows ? k : fixed_ghost;
        const int oi = along_rows ? fixed_owned : k, oj = along_rows ? k : fixed_owned;
        z(gi, gj) = z(oi, oj);
        Real hg = h(oi, oj), qn = along_rows ? hv(oi, oj) : hu(oi, oj);
        const Real qt = along_rows ? hu(oi, oj) : hv(oi, oj);
        if (k >= b && k < e) {
          // Critical depth of the imposed discharge: the inflow is neither choked nor drowned.
          hg = math::max(hg, critical_depth);
          qn = inward * q;
        } else if (kind == EdgeKind::wall) {
          qn = -qn;
        }
        h(gi, gj) = hg;
        if (along_rows) {
          hv(gi, gj) = qn;
          hu(gi, gj) = qt;
        } else {
          hu(gi, gj) = qn;
          hv(gi, gj) = qt;
        }
      });
}

}  // namespace karst::hydro
