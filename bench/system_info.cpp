#include "bench/system_info.hpp"

#include "kernels/common/kokkos_compat.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <string>

namespace karst::build {
const char* git_commit();  // generated at build time by cmake/git-commit.cmake
}

namespace karst::bench {

namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

std::string compiler() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "g++ " __VERSION__;
#else
  return "unknown";
#endif
}

std::string gpu_model() {
#if defined(KOKKOS_ENABLE_CUDA)
  cudaDeviceProp prop;
  int device = 0;
  cudaGetDevice(&device);
  if (cudaGetDeviceProperties(&prop, device) == cudaSuccess) return prop.name;
  return "CUDA device (unknown)";
#else
  return "none";
#endif
}

nlohmann::json kokkos_info() {
  nlohmann::json backends = nlohmann::json::array();
#if defined(KOKKOS_ENABLE_SERIAL)
  backends.push_back("Serial");
#endif
#if defined(KOKKOS_ENABLE_OPENMP)
  backends.push_back("OpenMP");
#endif
#if defined(KOKKOS_ENABLE_CUDA)
  backends.push_back("Cuda");
#endif
  return {{"version", compat::kokkos_version_string()},
          {"backends", backends},
          {"default_execution_space", Kokkos::DefaultExecutionSpace::name()},
          {"concurrency", compat::concurrency<Kokkos::DefaultExecutionSpace>()},
          {"host_threads", compat::concurrency<Kokkos::DefaultHostExecutionSpace>()}};
}

std::string mpi_library() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(text, &len);
  std::string s(text, static_cast<size_t>(len));
  auto nl = s.find_first_of("\n,");
  return s.substr(0, nl);
}

}  // namespace

nlohmann::json collect_system_info(const mpi::Comm& comm) {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  std::set<std::string> hosts;
  for (const auto& h : comm.allgather(host)) hosts.insert(h);
  unsigned maj = 0, min = 0, rel = 0;
  H5get_libversion(&maj, &min, &rel);
  return {
      {"hostname", host},
      {"nodes", hosts.size()},
      {"cpu_model", cpu_model()},
      {"gpu_model", gpu_model()},
      {"kokkos", kokkos_info()},
      {"mpi", {{"ranks", comm.size()}, {"library", mpi_library()}}},
      {"compiler", compiler()},
      {"hdf5_version", std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(rel)},
      {"git_commit", build::git_commit()},
      {"karst_version", KARST_VERSION}};
}

}  // namespace karst::bench
