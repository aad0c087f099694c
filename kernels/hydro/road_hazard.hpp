#pragma once
//! Flood hazard along roads: per road cell, the running maxima of depth, speed and hazard rating
//! over the steps of a time window, then per road segment the maxima over its cells. The flood's
//! own maps keep maxima over the whole run; closures need them per window, so roads keep their
//! own (few) cells. Pure Kokkos: the app reduces the per-segment results over ranks.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/hydro/flux_update.hpp"
#include "kernels/hydro/state.hpp"

namespace karst::hydro {

//! Road cells of one rank, grouped by segment: the cells of segment s are
//! [segment_begin(s), segment_begin(s + 1)). Indices are local with ghosts (owned: [1, ny]).
struct RoadCellViews {
  Kokkos::View<int* [2], MemSpace> cell;         //!< (i, j) of each road cell
  Kokkos::View<int*, MemSpace> segment_begin;    //!< segments + 1 offsets into `cell`
  Kokkos::View<double* [3], MemSpace> cell_max;  //!< depth m, speed m/s, hazard rating per cell
};

//! Columns of RoadCellViews::cell_max and of the per-segment maxima.
enum RoadHazardColumn { kRoadDepth = 0, kRoadSpeed = 1, kRoadHazard = 2 };

//! After a step: folds the current state into every road cell's window maxima. The speed is the
//! flux update's (|q| / h on wet cells, 0 on dry ones) and the hazard its FD2320 rating.
inline void record_road_hazard(const Fields& state, const RoadCellViews& roads) {
  const auto h = state.h, hu = state.hu, hv = state.hv;
  const auto cell = roads.cell;
  const auto mx = roads.cell_max;
  Kokkos::parallel_for(
      "hydro::road_hazard_record", Kokkos::RangePolicy<ExecSpace>(0, cell.extent(0)),
      KOKKOS_LAMBDA(const int k) {
        const int i = cell(k, 0), j = cell(k, 1);
        const double d = h(i, j);
        const double speed =
            d > kDryDepth ? math::sqrt(hu(i, j) * hu(i, j) + hv(i, j) * hv(i, j)) / d : 0.0;
        const double hr = hazard_rating(d, speed);
        if (d > mx(k, kRoadDepth)) mx(k, kRoadDepth) = d;
        if (speed > mx(k, kRoadSpeed)) mx(k, kRoadSpeed) = speed;
        if (hr > mx(k, kRoadHazard)) mx(k, kRoadHazard) = hr;
      });
}

//! Per road cell and step: speed 5 (2 mul, add, sqrt, div), hazard rating 3. Bytes: the cell's
//! indices (2 ints), h, hu, hv (3 doubles, scattered: no reuse between road cells), read and
//! write the three maxima (6 doubles): 8 + 24 + 48 = 80.
inline constexpr KernelCost kRoadHazardRecordCost{8.0, 2 * sizeof(int) + 9 * sizeof(double)};

//! At a window's end: per segment, the maxima over its cells into `segment_max` (segments x 3),
//! and every cell's maxima reset to zero for the next window. One thread per segment walks its
//! cells in order: no atomics, and the result is the same on any backend.
inline void close_road_window(const RoadCellViews& roads,
                              const Kokkos::View<double* [3], MemSpace>& segment_max) {
  const auto begin = roads.segment_begin;
  const auto mx = roads.cell_max;
  Kokkos::parallel_for(
      "hydro::road_hazard_window", Kokkos::RangePolicy<ExecSpace>(0, segment_max.extent(0)),
      KOKKOS_LAMBDA(const int s) {
        double m[3] = {0.0, 0.0, 0.0};
        for (int k = begin(s); k < begin(s + 1); ++k)
          for (int c = 0; c < 3; ++c) {
            if (mx(k, c) > m[c]) m[c] = mx(k, c);
            mx(k, c) = 0.0;
          }
        for (int c = 0; c < 3; ++c) segment_max(s, c) = m[c];
      });
}

//! Per road cell and window: no FLOPs (comparisons); read and reset the three maxima (6 doubles).
//! The per-segment offsets and results (a few per segment) are not counted.
inline constexpr KernelCost kRoadHazardWindowCost{0.0, 6 * sizeof(double)};

}  // namespace karst::hydro
