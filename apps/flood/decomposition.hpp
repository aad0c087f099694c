#pragma once
//! 2D block decomposition of a raster over a Cartesian communicator (MPI_Cart_create). Rows and
//! columns are split as evenly as possible; neighbours across the domain edge are MPI_PROC_NULL.

#include "base/mpi/comm.hpp"
#include "kernels/hydro/state.hpp"

namespace karst::flood {

struct Decomposition {
  mpi::Comm cart;        //!< the Cartesian communicator (owned)
  int dims[2] = {1, 1};  //!< ranks along rows (i) and columns (j)
  int coords[2] = {0, 0};
  long long ny_global = 0, nx_global = 0;
  long long i0 = 0, j0 = 0;  //!< global index of this block's first owned cell
  int ny = 0, nx = 0;        //!< owned cells of this block
  int north = MPI_PROC_NULL, south = MPI_PROC_NULL, west = MPI_PROC_NULL, east = MPI_PROC_NULL;

  hydro::DomainEdges edges() const {
    return {north == MPI_PROC_NULL, south == MPI_PROC_NULL, west == MPI_PROC_NULL,
            east == MPI_PROC_NULL};
  }
  //! True if global cell (gi, gj) is owned here.
  bool owns(long long gi, long long gj) const {
    return gi >= i0 && gi < i0 + ny && gj >= j0 && gj < j0 + nx;
  }
};

//! Collective over `comm`. Throws if a rank would get no cells.
Decomposition decompose(const mpi::Comm& comm, long long ny_global, long long nx_global);

}  // namespace karst::flood
