#include "bench/roofline_position.hpp"

#include <string>

namespace karst::bench {

namespace {

nlohmann::json position_of(const Roofline& roof, const std::string& name, double flops,
                           double bytes, double gflops, double gbs) {
  const double ai = bytes > 0 ? flops / bytes : 0.0;
  nlohmann::json k = {{"name", name},
                      {"intensity_flop_per_byte", ai},
                      {"gflops_per_s", gflops},
                      {"gbytes_per_s", gbs}};
  if (flops > 0) {
    k["attainable_gflops_per_s"] = roof.attainable_gflops(ai);
    k["fraction_of_attainable"] = roof.fraction_of_attainable(ai, gflops);
    k["bound"] = roof.memory_bound(ai) ? "memory" : "compute";
  } else {
    // Integer work (shortest paths) books no FLOPs: judged by bandwidth alone.
    k["fraction_of_stream_triad"] = roof.fraction_of_bandwidth(gbs);
    k["bound"] = "memory";
  }
  return k;
}

}  // namespace

nlohmann::json roofline_position(const nlohmann::json& record, const Roofline& roof) {
  nlohmann::json out = {{"stream_triad_gbytes_per_s", roof.bandwidth_gbs},
                        {"fp64_gflops_per_s", roof.peak_gflops},
                        {"ridge_point_flop_per_byte", roof.ridge_point()}};
  const auto& t = record["totals"];
  out["case"] =
      position_of(roof, "total", t["flops"], t["bytes"], t["gflops_per_s"], t["gbytes_per_s"]);
  out["kernels"] = nlohmann::json::array();
  for (const auto& k : record["kernels"])
    out["kernels"].push_back(
        position_of(roof, k["name"], k["flops"], k["bytes"], k["gflops_per_s"], k["gbytes_per_s"]));
  return out;
}

}  // namespace karst::bench
