#include "apps/common/memory_check.hpp"

#include "base/error.hpp"

#include <fmt/format.h>
#include <Kokkos_Core.hpp>
#ifdef KOKKOS_ENABLE_CUDA
#include <cuda_runtime.h>
#endif

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace karst::apps {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

double mem_available_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    double kib = 0;
    if (fields >> key >> kib && key == "MemAvailable:") return kib * 1024.0;
  }
  return 0.0;  // unknown (not Linux): no limit is enforced
}

int ranks_on_this_node(const mpi::Comm& comm) {
  MPI_Comm node;
  MPI_Comm_split_type(comm.get(), MPI_COMM_TYPE_SHARED, comm.rank(), MPI_INFO_NULL, &node);
  int n = 1;
  MPI_Comm_size(node, &n);
  MPI_Comm_free(&node);
  return n;
}

}  // namespace

double host_bytes_per_rank(const mpi::Comm& comm) {
  return mem_available_bytes() / ranks_on_this_node(comm);
}

void require_memory(const std::string& key, const MemoryNeed& need, const mpi::Comm& comm) {
  const int local_ranks = ranks_on_this_node(comm);
  const double host_free = mem_available_bytes();
  double host_need = need.host_bytes, device_need = 0.0, device_free = 0.0;
#ifdef KOKKOS_ENABLE_CUDA
  size_t free_b = 0, total_b = 0;
  if (cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) {
    device_need = need.device_bytes;
    // Ranks on a node share its GPUs round-robin: count the ranks per device.
    int devices = 1;
    cudaGetDeviceCount(&devices);
    device_free = double(free_b) / std::max(1, (local_ranks + devices - 1) / std::max(1, devices));
  }
#else
  host_need += need.device_bytes;
#endif
  std::string why;
  const double host_share = host_free / local_ranks;
  if (host_free > 0 && host_need > host_share)
    why = fmt::format(
        "needs about {:.1f} GiB of host memory per rank ({}), but a rank on this "
        "node can have {:.1f} GiB ({:.1f} GiB available / {} rank(s) on the node)",
        host_need / kGiB, need.basis, host_share / kGiB, host_free / kGiB, local_ranks);
  else if (device_free > 0 && device_need > device_free)
    why = fmt::format(
        "needs about {:.1f} GiB of GPU memory per rank ({}), but a rank has {:.1f} "
        "GiB free on its GPU",
        device_need / kGiB, need.basis, device_free / kGiB);
  // Every rank agrees, so nobody is left allocating while another has given up.
  if (comm.allreduce_max(why.empty() ? 0.0 : 1.0) == 0.0) return;
  if (why.empty()) why = "does not fit the memory of another rank's node";
  throw Error(key, why + "; " + need.remedy);
}

}  // namespace karst::apps
