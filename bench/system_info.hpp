#pragma once
//! Hardware and software facts that make a result comparable: what ran, where, built how.

#include "base/mpi/comm.hpp"

#include <nlohmann/json.hpp>

namespace karst::bench {

//! Collective (for the rank count and the per-rank hostnames). Kokkos must be initialized.
nlohmann::json collect_system_info(const mpi::Comm& comm);

}  // namespace karst::bench
