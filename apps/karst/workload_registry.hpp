#pragma once
//! The registry of workloads: the only place that knows them all, so that the CLI, the demo
//! and the bench harness list the same ones and no workload depends on another through it.

#include "apps/common/workload.hpp"

#include <vector>

namespace karst::cli {

//! Every workload that exists, in the order the demo runs them.
const std::vector<apps::Workload>& workloads();

}  // namespace karst::cli
