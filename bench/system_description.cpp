#include "bench/system_description.hpp"

#include "bench/yaml_fields.hpp"

namespace karst::bench {

using namespace yaml_fields;

SystemDescription load_system(const std::string& path) {
  const YAML::Node root = load_file(path);
  reject_unknown(path, root,
                 {"name", "description", "partition", "nodes", "cores_per_node", "gpus_per_node",
                  "ranks_per_node", "device", "node_peak"},
                 "");
  SystemDescription s;
  s.path = path;
  s.name = get<std::string>(path, root, "name", "a name");
  s.description = get_or<std::string>(path, root, "description", "", "text");
  s.partition = get_or<std::string>(path, root, "partition", "", "a partition name");
  s.nodes = get<long long>(path, root, "nodes", "an integer");
  s.cores_per_node = get<int>(path, root, "cores_per_node", "an integer");
  s.gpus_per_node = get_or<int>(path, root, "gpus_per_node", 0, "an integer");
  s.ranks_per_node = get_or<int>(path, root, "ranks_per_node",
                                 s.gpus_per_node > 0 ? s.gpus_per_node : 1, "an integer");
  if (s.ranks_per_node < 1 || s.ranks_per_node > s.cores_per_node)
    throw Error(where(path, root["ranks_per_node"], "ranks_per_node"),
                "must be between 1 and cores_per_node");
  if (s.nodes < 1) throw Error(where(path, root["nodes"], "nodes"), "must be at least 1");
  if (const YAML::Node d = root["device"]) {
    reject_unknown(path, d, {"model"}, "device");
    s.device_model = get_or<std::string>(path, d, "model", "", "text");
  }
  const YAML::Node p = root["node_peak"];
  if (!p) throw Error(where(path, root, "node_peak"), "missing required field");
  if (p.IsScalar() && p.as<std::string>() == "measured") {
    s.measured_peak = true;
  } else {
    reject_unknown(path, p, {"fp64_gflops", "fp64_tensor_gflops", "bandwidth_gbs"}, "node_peak");
    s.node_fp64_gflops = get<double>(path, p, "fp64_gflops", "a number", "node_peak");
    s.node_fp64_tensor_gflops = get_or<double>(path, p, "fp64_tensor_gflops", 0.0, "a number");
    s.node_bandwidth_gbs = get_or<double>(path, p, "bandwidth_gbs", 0.0, "a number");
    if (!(s.node_fp64_gflops > 0))
      throw Error(where(path, p["fp64_gflops"], "node_peak.fp64_gflops"), "must be positive");
  }
  return s;
}

std::string system_file(const std::string& name_or_path, const std::string& systems_dir) {
  return name_or_path.find('/') != std::string::npos ? name_or_path
                                                     : systems_dir + "/" + name_or_path + ".yaml";
}

}  // namespace karst::bench
