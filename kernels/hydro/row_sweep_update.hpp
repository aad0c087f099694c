#pragma once
//! The cell update for CPUs: a block of rows is swept north to south, and each face's flux is
//! computed once and kept in a row buffer until both its cells have used it. FluxUpdate computes
//! every face twice (once from each side) and every velocity five times; here the faces inside a
//! block cost one Riemann solve each and each velocity one division, which on a CPU is most of the
//! update's arithmetic. The fluxes are the same calls on the same arguments as FluxUpdate's, so
//! the new state is bitwise the same; only the step's sums are added in another order.
//!
//! Launch: a TeamPolicy of blocks() teams of one thread, scratch_bytes() of level-0 scratch per
//! team, with a StepTotals reduction (launch_row_sweep below).

#include "kernels/hydro/flux_update.hpp"

#include <string>
#include <type_traits>

namespace karst::hydro {

template <class Real>
class RowSweepUpdate : public StepTotalsReduction {
 public:
  // Static: blocks go to threads the same way every step and run, so the step's sums (mass budget)
  // add in the same order and a run is bitwise reproducible (a dynamic schedule was no faster).
  using Policy = Kokkos::TeamPolicy<ExecSpace, Kokkos::Schedule<Kokkos::Static>>;
  using Member = typename Policy::member_type;

  //! Cells [i0, i1) x [j0, j1), in blocks of rows_per_block rows (the last may be shorter). A
  //! block recomputes the faces on its north edge, so taller blocks do less repeated work and
  //! shorter ones share the rows out more evenly among threads.
  RowSweepUpdate(const CellUpdateOf<Real>& cell, int i0, int i1, int j0, int j1, int rows_per_block)
      : cell_(cell), i0_(i0), i1_(i1), j0_(j0), j1_(j1), rows_(rows_per_block) {}

  int blocks() const { return (i1_ - i0_ + rows_ - 1) / rows_; }

  //! Level-0 scratch per team: face fluxes for a row of x faces and two rows of y faces, and
  //! velocities for two rows including the columns either side.
  size_t scratch_bytes() const {
    const int w = j1_ - j0_;
    return Faces::shmem_size(w + 1) + 2 * Faces::shmem_size(w) + 4 * Row::shmem_size(w + 2);
  }

  KOKKOS_INLINE_FUNCTION void operator()(const Member& team, value_type& acc) const {
    const int r0 = i0_ + team.league_rank() * rows_;
    const int r1 = r0 + rows_ < i1_ ? r0 + rows_ : i1_;
    const int w = j1_ - j0_;
    Faces x_faces(team.team_scratch(0), w + 1);
    Faces north(team.team_scratch(0), w), south(team.team_scratch(0), w);
    Row u_this(team.team_scratch(0), w + 2), v_this(team.team_scratch(0), w + 2);
    Row u_next(team.team_scratch(0), w + 2), v_next(team.team_scratch(0), w + 2);

    velocities(r0 - 1, u_next, v_next);
    velocities(r0, u_this, v_this);
    y_faces(r0 - 1, u_next, v_next, u_this, v_this, north);
    for (int i = r0; i < r1; ++i) {
      velocities(i + 1, u_next, v_next);
      y_faces(i, u_this, v_this, u_next, v_next, south);
      for (int k = 0; k <= w; ++k) {
        const int j = j0_ - 1 + k;
        x_faces(k) = cell_.empty(i, j) && cell_.empty(i, j + 1)
                         ? Face{}
                         : cell_.x_face(i, j, u_this(k), v_this(k), u_this(k + 1), v_this(k + 1));
      }
      for (int k = 0; k < w; ++k) {
        const int j = j0_ + k;
        if (cell_.empty(i, j) && cell_.empty(i, j - 1) && cell_.empty(i, j + 1) &&
            cell_.empty(i - 1, j) && cell_.empty(i + 1, j))
          cell_.apply_empty(i, j, acc);
        else
          cell_.apply(i, j, x_faces(k), x_faces(k + 1), north(k), south(k), acc);
      }
      // This row's south faces are the next row's north faces; its south row is the next row.
      const Faces f = north;
      north = south;
      south = f;
      const Row u = u_this, v = v_this;
      u_this = u_next, v_this = v_next;
      u_next = u, v_next = v;
    }
  }

 private:
  using Face = InterfaceFluxOf<Real>;
  using Scratch = ExecSpace::scratch_memory_space;
  using Faces = Kokkos::View<Face*, Scratch, Kokkos::MemoryUnmanaged>;
  using Row = Kokkos::View<Real*, Scratch, Kokkos::MemoryUnmanaged>;

  //! u and v of row i, columns j0 - 1 .. j1 (entry k is column j0 - 1 + k).
  KOKKOS_FORCEINLINE_FUNCTION void velocities(int i, const Row& u, const Row& v) const {
    cell_.velocities(i, j0_ - 1, j1_ - j0_ + 2, u.data(), v.data());
  }
  //! Faces between row i (velocities uN, vN) and row i + 1 (uS, vS), columns j0 .. j1 - 1.
  KOKKOS_FORCEINLINE_FUNCTION void y_faces(int i, const Row& uN, const Row& vN, const Row& uS,
                                           const Row& vS, const Faces& out) const {
    for (int k = 0; k < j1_ - j0_; ++k) {
      const int j = j0_ + k;
      out(k) = cell_.empty(i, j) && cell_.empty(i + 1, j)
                   ? Face{}
                   : cell_.y_face(i, j, uN(k + 1), vN(k + 1), uS(k + 1), vS(k + 1));
    }
  }

  CellUpdateOf<Real> cell_;
  int i0_, i1_, j0_, j1_, rows_;
};

//! Rows per block: about eight blocks per thread, so the threads finish together, and at least
//! eight rows, so the repeated north faces stay a small share (1/8 of the y faces at most).
inline int row_sweep_block_rows(int rows, int threads) {
  const int per_block = rows / (8 * (threads > 0 ? threads : 1));
  return per_block < 8 ? 8 : per_block;
}

//! One row-sweep update of cells [i0, i1) x [j0, j1); the step's totals.
template <class Real>
StepTotals launch_row_sweep(const std::string& label, const CellUpdateOf<Real>& cell, int i0,
                            int i1, int j0, int j1) {
  StepTotals totals;
  if (i1 <= i0 || j1 <= j0) return totals;
  const RowSweepUpdate<Real> sweep(cell, i0, i1, j0, j1,
                                   row_sweep_block_rows(i1 - i0, compat::concurrency()));
  auto policy = typename RowSweepUpdate<Real>::Policy(sweep.blocks(), 1)
                    .set_scratch_size(0, Kokkos::PerTeam(sweep.scratch_bytes()));
  Kokkos::parallel_reduce(label, policy, sweep, totals);
  return totals;
}

//! The form each backend runs unless told otherwise: the row sweep where the threads are CPU
//! cores (host memory); the fused form on GPUs, where a thread per cell and no stored faces win.
inline constexpr bool kRowSweepByDefault =
    std::is_same<ExecSpace::memory_space, Kokkos::HostSpace>::value;

//! FLOPs per cell of the row sweep at its shortest blocks (8 rows): 2 + 1/8 interface fluxes,
//! 2 + 2/8 velocity divisions, and the same update, rain, friction and hazard as FluxUpdate.
//! Bytes: those of FluxUpdate (the row buffers stay in cache), an upper bound: a cell of an empty
//! neighbourhood (apply_empty) reads its depth and two patterns and writes its state, 6 values.
template <class Real>
inline constexpr KernelCost kRowSweepUpdateCostOf{
    (2.0 + 1.0 / 8) * kInterfaceFlops + 2.25 + 24 + 7 + kFrictionFlops + 5 + 3,
    kFluxUpdateCostOf<Real>.bytes_per_item};
inline constexpr KernelCost kRowSweepUpdateCost = kRowSweepUpdateCostOf<double>;

}  // namespace karst::hydro
