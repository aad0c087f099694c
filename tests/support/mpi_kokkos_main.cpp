// One main for every GoogleTest binary: MPI and Kokkos live for the whole run, and only rank 0
// prints, so a 2-rank run reads like a 1-rank one while every rank still votes on the exit code.
#include "base/mpi/comm.hpp"

#include <gtest/gtest.h>
#include <Kokkos_Core.hpp>

#include <memory>

int main(int argc, char** argv) {
  karst::mpi::Session mpi(argc, argv);
  Kokkos::ScopeGuard kokkos(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  if (karst::mpi::Comm::world().rank() != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    std::unique_ptr<::testing::TestEventListener> silenced(
        listeners.Release(listeners.default_result_printer()));
  }
  return RUN_ALL_TESTS();
}
