#pragma once
//! The node's own roofline: STREAM Copy/Triad bandwidth and FMA-bound FP64/FP32 peak, measured
//! with Kokkos on the default execution space.

#include "bench/profile.hpp"
#include "bench/roofline.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace karst::bench {

struct CeilingOptions {
  long long stream_elements = 1LL << 24;  //!< per array; STREAM asks for >= 4x the caches
  int repetitions = 10;                   //!< STREAM reports the best repetition
  int fma_iterations = 2048;
  long long fma_items = 1LL << 16;
};

struct Ceilings {
  double copy_gbytes_per_s = 0;
  double triad_gbytes_per_s = 0;
  double fp64_gflops_per_s = 0;
  double fp32_gflops_per_s = 0;
  nlohmann::json to_json() const;
};

//! Runs on this rank only; each kernel is also booked in `profile`.
Ceilings measure_ceilings(const CeilingOptions& options, Profile& profile);

//! The roofline a ceilings run measured, from its record (`results.ceilings`); `source` names
//! the record in errors. The schema does not check the ceilings fields, so this does.
Roofline roofline_from_ceilings(const nlohmann::json& record, const std::string& source);

}  // namespace karst::bench
