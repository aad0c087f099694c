#pragma once
//! What a system is on paper: nodes, cores, devices and their peaks, partitions
//! (bench/systems/<name>.yaml, Benchpark's system/experiment split). Records are judged against
//! the participating nodes' peak from here; "localhost" uses the peak measured by the ceilings.

#include <string>
#include <vector>

namespace karst::bench {

struct SystemDescription {
  std::string name, description, path;
  std::string partition;  //!< Slurm partition
  long long nodes = 1;    //!< nodes in the partition
  int cores_per_node = 1;
  int gpus_per_node = 0;
  //! MPI ranks a job puts on a node (default: one per GPU, or 1); threads fill the rest.
  int ranks_per_node = 1;
  std::string device_model;  //!< CPU or GPU model the peaks are for
  //! FP64 peak per node in GFLOP/s; 0 with `measured_peak` (taken from the ceilings run).
  double node_fp64_gflops = 0.0;
  double node_fp64_tensor_gflops = 0.0;  //!< GPU tensor-core FP64, where there is one
  double node_bandwidth_gbs = 0.0;
  bool measured_peak = false;
  //! Node peak to judge against: the paper value, or the measured one for `measured_peak`.
  double node_peak_gflops(double measured_fp64_gflops) const {
    return measured_peak ? measured_fp64_gflops : node_fp64_gflops;
  }
};

SystemDescription load_system(const std::string& path);

//! "localhost" -> <dir>/localhost.yaml; a path stays a path.
std::string system_file(const std::string& name_or_path, const std::string& systems_dir);

}  // namespace karst::bench
