#pragma once
//! A quality metric's sums over a rank's strips, then over ranks.

#include "base/mpi/comm.hpp"
#include "kernels/fusion/quality_metrics.hpp"

#include <optional>

namespace karst::fusion {

//! A rank without rows (or without a truth image on its strips) still joins the MPI sum with
//! zeros of the right length.
class MetricTotal {
 public:
  explicit MetricTotal(long long bands) : sums_(static_cast<int>(bands)) {}
  void add(const MetricSums& s) {
    sums_ += s;
    used_ = true;
  }
  //! Collective: the metrics over every rank's strips; none if no rank scored any.
  std::optional<QualityMetrics> finish(const mpi::Comm& comm, double ratio) const {
    if (comm.allreduce_max(used_ ? 1.0 : 0.0) <= 0) return std::nullopt;
    auto v = sums_.to_vector();
    comm.allreduce_sum(v);
    return finish_metrics(MetricSums::from_vector(v), ratio);
  }

 private:
  MetricSums sums_;
  bool used_ = false;
};

}  // namespace karst::fusion
