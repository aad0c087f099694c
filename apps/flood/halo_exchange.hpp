#pragma once
//! Halo exchange of one-cell ghost layers between neighbouring blocks. The plan (strips and
//! buffers) is built once. Each exchange: post receives, pack every side on the device, fence,
//! send; the caller updates the interior meanwhile; finish() waits and unpacks.
//! Buffers are staged through host memory by default; with GPU-aware MPI the device buffers are
//! handed to MPI directly (on a CPU build the two are the same memory).

#include "apps/flood/decomposition.hpp"
#include "kernels/common/halo_pack.hpp"
#include "kernels/hydro/state.hpp"

#include <array>
#include <vector>

namespace karst::flood {

//! Real: the fields' value type (double, or float in FP32 runs); messages carry that type.
template <class Real>
class HaloExchange {
 public:
  static constexpr int kFields = 3;
  using Field = hydro::Field2DOf<Real>;
  HaloExchange(const Decomposition& d, bool gpu_aware_mpi);

  //! Starts exchanging the ghost layers of `fields`. Must be followed by finish().
  void start(const Field (&fields)[kFields]);
  //! Waits for every message and unpacks into the ghost cells.
  void finish(const Field (&fields)[kFields]);
  //! start + finish, for static fields (bed, roughness) exchanged once.
  void exchange(const Field (&fields)[kFields]) {
    start(fields);
    finish(fields);
  }

 private:
  struct Side {
    int neighbour = MPI_PROC_NULL;
    int send_tag = 0, recv_tag = 0;
    Strip send_strip, recv_strip;
    Kokkos::View<Real*, MemSpace> send, recv;
    typename Kokkos::View<Real*, MemSpace>::HostMirror send_host, recv_host;
  };
  mpi::Comm cart_;
  bool gpu_aware_;
  std::array<Side, 4> sides_;
  std::vector<MPI_Request> requests_;
};

}  // namespace karst::flood
