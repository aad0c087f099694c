#include "apps/ceilings/ceilings_app.hpp"
#include "apps/common/workload.hpp"

namespace karst::apps {

const std::vector<Workload>& workloads() {
  static const std::vector<Workload> all = {
      {"ceilings", "node-roofline", "the node's roofline: STREAM Copy/Triad and FP64/FP32 FMA peak",
       run_ceilings},
  };
  return all;
}

}  // namespace karst::apps
