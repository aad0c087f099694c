#include "apps/karst/commands.hpp"
#include "bench/system_info.hpp"

#include <fmt/format.h>

#include <iostream>

namespace karst::cli {

int info_command(const mpi::Comm& comm, bool as_json) {
  const auto info = bench::collect_system_info(comm);
  if (!comm.is_root()) return 0;
  if (as_json) {
    std::cout << info.dump(2) << "\n";
    return 0;
  }
  const auto& k = info["kokkos"];
  std::string backends;
  for (const auto& b : k["backends"])
    backends += (backends.empty() ? "" : ", ") + b.get<std::string>();
  auto row = [](const char* name, const std::string& value) {
    std::cout << fmt::format("{:<22} {}\n", name, value);
  };
  row("karst", info["karst_version"].get<std::string>() + " (git " +
                   info["git_commit"].get<std::string>() + ")");
  row("kokkos", k["version"].get<std::string>());
  row("kokkos backends", backends);
  row("default space", k["default_execution_space"].get<std::string>());
  row("threads", std::to_string(k["host_threads"].get<int>()));
  row("mpi ranks", std::to_string(info["mpi"]["ranks"].get<int>()) + " on " +
                       std::to_string(info["nodes"].get<int>()) + " node(s)");
  row("mpi library", info["mpi"]["library"].get<std::string>());
  row("compiler", info["compiler"].get<std::string>());
  row("hdf5", info["hdf5_version"].get<std::string>() + " (parallel)");
  row("cpu", info["cpu_model"].get<std::string>());
  row("gpu", info["gpu_model"].get<std::string>());
  row("host", info["hostname"].get<std::string>());
  return 0;
}

}  // namespace karst::cli
