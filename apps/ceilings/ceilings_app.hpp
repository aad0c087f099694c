#pragma once
//! `karst ceilings`: measures this node's roofline (STREAM Copy/Triad, FP64/FP32 FMA peak) on
//! every rank at once, as the harness does before a node suite.

#include "apps/common/workload.hpp"

namespace karst::ceilings {

apps::WorkloadRun run_ceilings(const apps::Config& config, const apps::RunEnv& env);

}  // namespace karst::ceilings
