#include "apps/flood/halo_exchange.hpp"

namespace karst::flood {

namespace {
template <class Real>
MPI_Datatype mpi_type() {
  return sizeof(Real) == sizeof(double) ? MPI_DOUBLE : MPI_FLOAT;
}
}  // namespace

template <class Real>
HaloExchange<Real>::HaloExchange(const Decomposition& d, bool gpu_aware_mpi)
    : cart_(d.cart), gpu_aware_(gpu_aware_mpi) {
  const int ny = d.ny, nx = d.nx;
  // Tags name the direction of travel, so a rank that is its own neighbour cannot mix them up.
  enum { to_north, to_south, to_west, to_east };
  sides_[0] = {d.north, to_north, to_south, Strip{1, 2, 1, nx + 1}, Strip{0, 1, 1, nx + 1}, {},
               {},      {},       {}};
  sides_[1] = {d.south,
               to_south,
               to_north,
               Strip{ny, ny + 1, 1, nx + 1},
               Strip{ny + 1, ny + 2, 1, nx + 1},
               {},
               {},
               {},
               {}};
  sides_[2] = {d.west, to_west, to_east, Strip{1, ny + 1, 1, 2}, Strip{1, ny + 1, 0, 1}, {},
               {},     {},      {}};
  sides_[3] = {
      d.east, to_east, to_west, Strip{1, ny + 1, nx, nx + 1}, Strip{1, ny + 1, nx + 1, nx + 2}, {},
      {},     {},      {}};
  for (auto& s : sides_) {
    if (s.neighbour == MPI_PROC_NULL) continue;
    s.send = Kokkos::View<Real*, MemSpace>("halo::send", kFields * s.send_strip.size());
    s.recv = Kokkos::View<Real*, MemSpace>("halo::recv", kFields * s.recv_strip.size());
    s.send_host = Kokkos::create_mirror_view(s.send);
    s.recv_host = Kokkos::create_mirror_view(s.recv);
  }
}

template <class Real>
void HaloExchange<Real>::start(const Field (&fields)[kFields]) {
  requests_.clear();
  const ExecSpace space;
  for (auto& s : sides_) {
    if (s.neighbour == MPI_PROC_NULL) continue;
    Real* buf = gpu_aware_ ? s.recv.data() : s.recv_host.data();
    requests_.emplace_back();
    mpi::check(MPI_Irecv(buf, static_cast<int>(s.recv.extent(0)), mpi_type<Real>(), s.neighbour,
                         s.recv_tag, cart_.get(), &requests_.back()),
               "MPI_Irecv (halo)");
    pack_strip<kFields>(space, fields, s.send_strip, s.send);
  }
  space.fence();  // packed buffers must be complete before MPI reads them
  for (auto& s : sides_) {
    if (s.neighbour == MPI_PROC_NULL) continue;
    if (!gpu_aware_) Kokkos::deep_copy(s.send_host, s.send);
    Real* buf = gpu_aware_ ? s.send.data() : s.send_host.data();
    requests_.emplace_back();
    mpi::check(MPI_Isend(buf, static_cast<int>(s.send.extent(0)), mpi_type<Real>(), s.neighbour,
                         s.send_tag, cart_.get(), &requests_.back()),
               "MPI_Isend (halo)");
  }
}

template <class Real>
void HaloExchange<Real>::finish(const Field (&fields)[kFields]) {
  if (!requests_.empty())
    mpi::check(
        MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE),
        "MPI_Waitall (halo)");
  requests_.clear();
  const ExecSpace space;
  for (auto& s : sides_) {
    if (s.neighbour == MPI_PROC_NULL) continue;
    if (!gpu_aware_) Kokkos::deep_copy(s.recv, s.recv_host);
    unpack_strip<kFields>(space, fields, s.recv_strip, s.recv);
  }
  space.fence();
}

template class HaloExchange<double>;
template class HaloExchange<float>;

}  // namespace karst::flood
