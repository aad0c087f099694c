#pragma once
//! Halo exchange of one-cell ghost layers between neighbouring blocks. The plan (strips and
//! buffers) is built once. Each exchange: post receives, pack every side on the device, fence,
//! send; the caller updates the interior meanwhile; finish() waits and unpacks.
//! Buffers are staged through host memory by default; with GPU-aware MPI the device buffers are
//! handed to MPI directly (on a CPU build the two are the same memory).

#include "apps/flood/decomposition.hpp"
#include "kernels/common/halo_pack.hpp"

#include <array>
#include <vector>

namespace karst::flood {

class HaloExchange {
 public:
  static constexpr int kFields = 3;
  HaloExchange(const Decomposition& d, bool gpu_aware_mpi);

  //! Starts exchanging the ghost layers of `fields`. Must be followed by finish().
  void start(const Field2D (&fields)[kFields]);
  //! Waits for every message and unpacks into the ghost cells.
  void finish(const Field2D (&fields)[kFields]);
  //! start + finish, for static fields (bed, roughness) exchanged once.
  void exchange(const Field2D (&fields)[kFields]) {
    start(fields);
    finish(fields);
  }

 private:
  struct Side {
    int neighbour = MPI_PROC_NULL;
    int send_tag = 0, recv_tag = 0;
    Strip send_strip, recv_strip;
    Field1D send, recv;
    Field1DHost send_host, recv_host;
  };
  mpi::Comm cart_;
  bool gpu_aware_;
  std::array<Side, 4> sides_;
  std::vector<MPI_Request> requests_;
};

}  // namespace karst::flood
