#pragma once
//! What `karst bench` adds to the record it keeps for a suite case: the `bench` section (suite,
//! case, spreads over the repetitions, roofline position, the participating nodes' peak;
//! docs/results-schema.md) and the case's line in the summary.

#include "bench/repetition_stats.hpp"
#include "bench/roofline.hpp"
#include "bench/suite.hpp"
#include "bench/system_description.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace karst::bench {

//! `kept_record` is the median-time repetition's record (its totals and kernels place the case
//! under `roof`; its system says how many nodes took part). `check` is added by the caller.
nlohmann::json case_section(const Suite& suite, const BenchCase& bench_case,
                            const SystemDescription& system, const Roofline& roof,
                            const RepetitionSummary& repetitions,
                            const nlohmann::json& kept_record);

//! "median of 3: 1.2 s, 4.5 GFLOP/s at ... = 12.0% of the attainable ... (memory-bound)", or
//! its bandwidth against STREAM Triad for a case that books no FLOPs.
std::string case_highlight(const nlohmann::json& section, const RepetitionSummary& repetitions);

}  // namespace karst::bench
