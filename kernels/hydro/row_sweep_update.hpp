#pragma once
//! The cell update for CPUs: a block of rows is swept north to south, and each face's flux is
//! computed once and kept in a row buffer until both its cells have used it. FluxUpdate computes
//! every face twice (once from each side) and every velocity five times; here the faces inside a
//! block cost one Riemann solve each and each velocity one division, which on a CPU is most of the
//! update's arithmetic. A row's faces and then its cells are each one loop a CPU compiler
//! vectorises (in chunks of kChunk columns). The fluxes are the same calls on the same arguments
//! as FluxUpdate's, and the cells apply()'s arithmetic (CellUpdateOf::apply_row), so the new state
//! is FluxUpdate's to round-off (bitwise in the tests with GCC; the compiler may contract the
//! vector and the scalar code into FMAs differently); the step's sums add in another order.
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

  //! Level-0 scratch per team: face fluxes for a row of x faces and two rows of y faces (five
  //! arrays each), and velocities for two rows including the columns either side.
  size_t scratch_bytes() const {
    const int w = j1_ - j0_;
    return 5 * (Row::shmem_size(w + 1) + 2 * Row::shmem_size(w)) + 4 * Row::shmem_size(w + 2);
  }

  KOKKOS_INLINE_FUNCTION void operator()(const Member& team, value_type& acc) const {
    const int r0 = i0_ + team.league_rank() * rows_;
    const int r1 = r0 + rows_ < i1_ ? r0 + rows_ : i1_;
    const int w = j1_ - j0_;
    const auto& scratch = team.team_scratch(0);
    FaceRow x_faces(scratch, w + 1), north(scratch, w), south(scratch, w);
    Row u_this(scratch, w + 2), v_this(scratch, w + 2);
    Row u_next(scratch, w + 2), v_next(scratch, w + 2);

    velocities(r0 - 1, u_next, v_next);
    velocities(r0, u_this, v_this);
    y_faces(r0 - 1, u_next, v_next, u_this, v_this, north);
    for (int i = r0; i < r1; ++i) {
      velocities(i + 1, u_next, v_next);
      y_faces(i, u_this, v_this, u_next, v_next, south);
      row_x_faces(i, u_this, v_this, x_faces);
      update_row(i, x_faces, north, south, acc);
      // This row's south faces are the next row's north faces; its south row is the next row.
      const FaceRow f = north;
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
  using Row = Kokkos::View<Real*, Scratch, Kokkos::MemoryUnmanaged>;

  //! A row of face fluxes as five arrays, so that a loop over faces stores each part with a
  //! vector store.
  struct FaceRow {
    Row h, qn, qt, pl, pr;
    KOKKOS_INLINE_FUNCTION FaceRow(const typename Member::scratch_memory_space& s, int n)
        : h(s, n), qn(s, n), qt(s, n), pl(s, n), pr(s, n) {}
    KOKKOS_FORCEINLINE_FUNCTION void store(int k, const Face& f) const {
      h(k) = f.flux.h;
      qn(k) = f.flux.qn;
      qt(k) = f.flux.qt;
      pl(k) = f.pressure_left;
      pr(k) = f.pressure_right;
    }
    //! Raw pointers from face k0 on, for vectorised loops. The loops write the five parts
    //! themselves: through a store(k, face) helper GCC kept the face in memory and left the FP32
    //! x-face loop scalar.
    struct Out {
      Real* KOKKOS_RESTRICT h;
      Real* KOKKOS_RESTRICT qn;
      Real* KOKKOS_RESTRICT qt;
      Real* KOKKOS_RESTRICT pl;
      Real* KOKKOS_RESTRICT pr;
    };
    KOKKOS_FORCEINLINE_FUNCTION Out from(int k0) const {
      return {h.data() + k0, qn.data() + k0, qt.data() + k0, pl.data() + k0, pr.data() + k0};
    }
    KOKKOS_FORCEINLINE_FUNCTION typename CellUpdateOf<Real>::FaceArrays arrays(int k0) const {
      return {h.data() + k0, qn.data() + k0, qt.data() + k0, pl.data() + k0, pr.data() + k0};
    }
    //! Faces [k0, k0 + n) between two empty cells: the Riemann solve gives zero flux and zero
    //! pressures there (CellUpdateOf::empty), so they are set without it.
    KOKKOS_FORCEINLINE_FUNCTION void zero(int k0, int n) const {
      for (int k = k0; k < k0 + n; ++k) store(k, Face{});
    }
  };

  //! Faces are computed in chunks of this many: a chunk with water on neither side is zeroed,
  //! the others go through the Riemann solver as one vectorised loop.
  static constexpr int kChunk = 32;

  //! True when cells (i, j) .. (i, j + n - 1) hold no water.
  KOKKOS_FORCEINLINE_FUNCTION bool empty_run(int i, int j, int n) const {
    const Real* h = cell_.depth_row(i, j);
    for (int k = 0; k < n; ++k)
      if (h[k] != Real(0)) return false;
    return true;
  }

  //! The new state of row i's cells from its faces, in chunks: a chunk where neither the cells
  //! nor their neighbours hold water gets apply_empty() cell by cell (rain and soil only), the
  //! others CellUpdateOf::apply_row(), one vectorised loop. Then the domain's edges are booked.
  KOKKOS_FORCEINLINE_FUNCTION void update_row(int i, const FaceRow& x, const FaceRow& north,
                                              const FaceRow& south, StepTotals& acc) const {
    const int w = j1_ - j0_;
    for (int c0 = 0; c0 < w; c0 += kChunk) {
      const int n = w - c0 < kChunk ? w - c0 : kChunk;
      const int j = j0_ + c0;
      if (empty_run(i, j - 1, n + 2) && empty_run(i - 1, j, n) && empty_run(i + 1, j, n)) {
        for (int c = 0; c < n; ++c) cell_.apply_empty(i, j + c, acc);
      } else {
        cell_.apply_row(i, j, n, x.arrays(c0), north.arrays(c0), south.arrays(c0), acc);
      }
    }
    if (i == 1 || i == cell_.rows()) {
      for (int k = 0; k < w; ++k)
        cell_.book_edges(i, j0_ + k, x.h(k), x.h(k + 1), north.h(k), south.h(k), acc);
    } else {  // only the first and last columns can lie on the west and east edges
      cell_.book_edges(i, j0_, x.h(0), x.h(1), north.h(0), south.h(0), acc);
      if (w > 1)
        cell_.book_edges(i, j1_ - 1, x.h(w - 1), x.h(w), north.h(w - 1), south.h(w - 1), acc);
    }
  }

  //! u and v of row i, columns j0 - 1 .. j1 (entry k is column j0 - 1 + k).
  KOKKOS_FORCEINLINE_FUNCTION void velocities(int i, const Row& u, const Row& v) const {
    cell_.velocities(i, j0_ - 1, j1_ - j0_ + 2, u.data(), v.data());
  }

  //! The w + 1 faces of row i from column j0 - 1 | j0 to j1 - 1 | j1: face k lies between
  //! columns j0 - 1 + k and j0 + k (velocities u(k), u(k + 1)); CellUpdateOf::x_face's arguments.
  KOKKOS_FORCEINLINE_FUNCTION void row_x_faces(int i, const Row& u, const Row& v,
                                               const FaceRow& out) const {
    const int faces = j1_ - j0_ + 1;
    const Real g = cell_.g();
    for (int c0 = 0; c0 < faces; c0 += kChunk) {
      const int n = faces - c0 < kChunk ? faces - c0 : kChunk;
      const int j = j0_ - 1 + c0;
      if (empty_run(i, j, n + 1)) {
        out.zero(c0, n);
        continue;
      }
      const Real* KOKKOS_RESTRICT h = cell_.depth_row(i, j);
      const Real* KOKKOS_RESTRICT z = cell_.bed_row(i, j);
      const Real* KOKKOS_RESTRICT uc = u.data() + c0;
      const Real* KOKKOS_RESTRICT vc = v.data() + c0;
      const auto o = out.from(c0);
#if defined(_OPENMP) && !defined(__CUDA_ARCH__)
#pragma omp simd
#endif
      for (int k = 0; k < n; ++k) {
        const Face f = well_balanced_flux(h[k], uc[k], vc[k], z[k], h[k + 1], uc[k + 1], vc[k + 1],
                                          z[k + 1], g);
        o.h[k] = f.flux.h, o.qn[k] = f.flux.qn, o.qt[k] = f.flux.qt;
        o.pl[k] = f.pressure_left, o.pr[k] = f.pressure_right;
      }
    }
  }

  //! Faces between row i (velocities uN, vN) and row i + 1 (uS, vS), columns j0 .. j1 - 1;
  //! CellUpdateOf::y_face's arguments.
  KOKKOS_FORCEINLINE_FUNCTION void y_faces(int i, const Row& uN, const Row& vN, const Row& uS,
                                           const Row& vS, const FaceRow& out) const {
    const int w = j1_ - j0_;
    const Real g = cell_.g();
    for (int c0 = 0; c0 < w; c0 += kChunk) {
      const int n = w - c0 < kChunk ? w - c0 : kChunk;
      const int j = j0_ + c0;
      if (empty_run(i, j, n) && empty_run(i + 1, j, n)) {
        out.zero(c0, n);
        continue;
      }
      const Real* KOKKOS_RESTRICT hN = cell_.depth_row(i, j);
      const Real* KOKKOS_RESTRICT hS = cell_.depth_row(i + 1, j);
      const Real* KOKKOS_RESTRICT zN = cell_.bed_row(i, j);
      const Real* KOKKOS_RESTRICT zS = cell_.bed_row(i + 1, j);
      // Velocity entry k + 1 is column j0 + k.
      const Real* KOKKOS_RESTRICT un = uN.data() + c0 + 1;
      const Real* KOKKOS_RESTRICT vn = vN.data() + c0 + 1;
      const Real* KOKKOS_RESTRICT us = uS.data() + c0 + 1;
      const Real* KOKKOS_RESTRICT vs = vS.data() + c0 + 1;
      const auto o = out.from(c0);
#if defined(_OPENMP) && !defined(__CUDA_ARCH__)
#pragma omp simd
#endif
      for (int k = 0; k < n; ++k) {
        const Face f =
            well_balanced_flux(hN[k], vn[k], un[k], zN[k], hS[k], vs[k], us[k], zS[k], g);
        o.h[k] = f.flux.h, o.qn[k] = f.flux.qn, o.qt[k] = f.flux.qt;
        o.pl[k] = f.pressure_left, o.pr[k] = f.pressure_right;
      }
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
