#pragma once
//! `karst fusion`: STARFM spatiotemporal fusion and Brovey / high-pass pansharpening of
//! satellite images over MPI ranks, scored against a truth image when there is one.

#include "apps/common/workload.hpp"

namespace karst::fusion {

apps::WorkloadRun run_fusion(const apps::Config& config, const apps::RunEnv& env);

}  // namespace karst::fusion
