#include "apps/flood/decomposition.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

namespace karst::flood {

Decomposition decompose(const mpi::Comm& comm, long long ny_global, long long nx_global) {
  Decomposition d;
  d.ny_global = ny_global;
  d.nx_global = nx_global;
  const int size = comm.size();
  // Favour more ranks along the longer side, so blocks stay close to square.
  int dims[2] = {0, 0};
  mpi::check(MPI_Dims_create(size, 2, dims), "MPI_Dims_create");
  if ((ny_global < nx_global) != (dims[0] < dims[1])) std::swap(dims[0], dims[1]);
  if (dims[0] > ny_global || dims[1] > nx_global)
    throw Error("flood::decomposition",
                fmt::format("{} ranks ({}x{}) are too many for a {}x{} grid", size, dims[0],
                            dims[1], ny_global, nx_global));
  int periods[2] = {0, 0};
  MPI_Comm cart;
  mpi::check(MPI_Cart_create(comm.get(), 2, dims, periods, 0, &cart), "MPI_Cart_create");
  d.cart = mpi::Comm(cart).dup();
  MPI_Comm_free(&cart);
  d.dims[0] = dims[0];
  d.dims[1] = dims[1];
  mpi::check(MPI_Cart_coords(d.cart.get(), d.cart.rank(), 2, d.coords), "MPI_Cart_coords");
  mpi::check(MPI_Cart_shift(d.cart.get(), 0, 1, &d.north, &d.south), "MPI_Cart_shift");
  mpi::check(MPI_Cart_shift(d.cart.get(), 1, 1, &d.west, &d.east), "MPI_Cart_shift");
  auto split = [](long long n, int parts, int k, long long& start, int& count) {
    start = n * k / parts;
    count = static_cast<int>(n * (k + 1) / parts - start);
  };
  split(ny_global, dims[0], d.coords[0], d.i0, d.ny);
  split(nx_global, dims[1], d.coords[1], d.j0, d.nx);
  return d;
}

}  // namespace karst::flood
