#pragma once
//! Resource limits: a workload estimates its memory per rank from the configuration before it
//! allocates, and a case that cannot fit is refused with a message that says how much it needs,
//! how much a rank has, and what to change, instead of dying in the allocator or being killed
//! by the kernel's OOM killer after Linux overcommitted the pages.

#include "base/mpi/comm.hpp"

#include <string>

namespace karst::apps {

//! The process before a workload allocates anything: Kokkos, MPI, HDF5 and their buffers (a
//! failing `karst routing` or `karst info` peaks at 46-57 MB resident). Estimates add it so that
//! they bound the whole process, which is what the memory available has to hold.
inline constexpr double kProcessBytes = 64.0 * 1024 * 1024;

struct MemoryNeed {
  double host_bytes = 0.0;    //!< per rank, in host memory
  double device_bytes = 0.0;  //!< per rank, in the execution space's memory (host on CPUs)
  std::string basis;          //!< how it was estimated, for the message
  //! What the user can change, for the message.
  std::string remedy = "use more ranks or nodes, or a smaller case";
};

//! Collective. Throws karst::Error at `key` when a rank's need exceeds its share of what is free:
//! MemAvailable of /proc/meminfo over the ranks on this node, and on a GPU the device's free
//! memory over the ranks sharing it. On CPU backends device bytes count as host bytes.
void require_memory(const std::string& key, const MemoryNeed& need, const mpi::Comm& comm);

//! The host memory a rank of this node may use (MemAvailable / ranks on the node), bytes.
double host_bytes_per_rank(const mpi::Comm& comm);

}  // namespace karst::apps
