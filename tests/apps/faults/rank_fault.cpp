// rank_fault KIND: one rank fails while the others wait in a collective, through the same CLI
// edge karst uses (apps/common/error_edge). KIND: "input" (a karst::Error on rank 1 while rank 0
// waits in a barrier), "io" (rank 1 fails before a collective HDF5 create that rank 0 enters),
// "internal" (a std::logic_error on the last rank while the others wait in an allreduce).
// The job must end promptly with the failing rank's message and its exit code, never hang.
#include "apps/common/error_edge.hpp"
#include "base/error.hpp"
#include "io/hdf5/h5_file.hpp"

#include <Kokkos_Core.hpp>

#include <stdexcept>
#include <string>

int main(int argc, char** argv) {
  karst::mpi::Session mpi(argc, argv);
  Kokkos::ScopeGuard kokkos(argc, argv);
  const auto world = karst::mpi::Comm::world();
  const std::string kind = argc > 1 ? argv[1] : "input";
  return karst::apps::run_guarded(world, [&] {
    const bool failing = world.rank() == (kind == "internal" ? world.size() - 1 : 1);
    if (kind == "input") {
      if (failing)
        throw karst::Error("dem.h5:elevation", "rows 512-1023 hold NaN (this rank's slice)");
      world.barrier();
    } else if (kind == "io") {
      if (failing) throw karst::Error("/nonexistent/out.h5", "cannot create file");
      auto f = karst::io::H5File::create("/tmp/karst-rank-fault.h5", world);
      f.commit();
    } else {
      if (failing) throw std::logic_error("invariant broken");
      world.allreduce_sum(1.0);
    }
    return 0;
  });
}
