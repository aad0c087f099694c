#pragma once
//! Where a run sits under the node's measured roofline: the whole case and each of its kernels,
//! as `karst bench` writes it into a record's `bench.roofline` (docs/results-schema.md).

#include "bench/roofline.hpp"

#include <nlohmann/json.hpp>

namespace karst::bench {

//! From the record's `totals` and `kernels`: each one's arithmetic intensity, rates, and either
//! its fraction of the attainable FLOP/s and whether it is memory- or compute-bound, or, for
//! integer work that books no FLOPs (shortest paths), its fraction of the STREAM Triad bandwidth.
nlohmann::json roofline_position(const nlohmann::json& record, const Roofline& roof);

}  // namespace karst::bench
