#pragma once
//! The short table `karst demo` and every workload print at the end of a run.

#include "apps/common/workload.hpp"

#include <string>
#include <vector>

namespace karst::apps {

struct SummaryEntry {
  std::string workload;
  WorkloadRun run;
};

std::string format_summary(const std::vector<SummaryEntry>& entries, const std::string& out_dir);

}  // namespace karst::apps
