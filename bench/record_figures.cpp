#include "bench/record_figures.hpp"

namespace karst::bench {

std::map<std::string, double> figures_of(const nlohmann::json& record) {
  std::map<std::string, double> f;
  for (const auto& fom : record["figures_of_merit"]) f[fom["name"]] = fom["value"].get<double>();
  for (const char* t : {"time_s", "gflops_per_s", "gbytes_per_s", "pflops_per_s"})
    f[t] = record["totals"][t].get<double>();
  return f;
}

std::map<std::string, bool> higher_is_better_of(const nlohmann::json& record) {
  std::map<std::string, bool> h{
      {"time_s", false}, {"gflops_per_s", true}, {"gbytes_per_s", true}, {"pflops_per_s", true}};
  for (const auto& fom : record["figures_of_merit"]) h[fom["name"]] = fom["higher_is_better"];
  return h;
}

bool is_total(const std::string& figure) {
  return figure == "time_s" || figure.rfind("gflops_per_s", 0) == 0 || figure == "gbytes_per_s" ||
         figure == "pflops_per_s";
}

}  // namespace karst::bench
