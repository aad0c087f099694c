#pragma once
//! Which flood cells a road occupies: the grid cells under each straight segment, in order along
//! it. The flood stage watches their depth, speed and hazard to decide when a road is closed.
//!
//! Rule: the segment is sampled every dx/4 from its `from` node to its `to` node and every cell a
//! sample falls in is kept once (a straight line enters each cell once, so order is preserved).
//! Samples outside the grid are skipped. Cells of permanent water -- wet at t = 0, the river's
//! channel under a bridge -- are left out: a bridge spans them, so the river flowing there is not
//! water on the road. A segment left with no cell is never closed by the flood.

#include "apps/flood/flood_setup.hpp"
#include "apps/stormday/county.hpp"

#include <vector>

namespace karst::stormday {

struct GridCell {
  long long i = 0, j = 0;  //!< global row (southward) and column (eastward)
  bool operator==(const GridCell& o) const { return i == o.i && j == o.j; }
};

//! The cells under the straight line from `a` to `b`, in order, each once.
std::vector<GridCell> segment_cells(const CountyGrid& grid, const RoadNode& a, const RoadNode& b);

//! One rank's road cells, grouped by segment (index as in County::segments).
struct RoadCells {
  std::vector<GridCell> cells;     //!< segment 0's cells in order, then segment 1's, ...
  std::vector<int> segment_begin;  //!< segments + 1 offsets: segment s is [begin[s], begin[s+1])
  std::vector<long long> bridged;  //!< per segment: cells left out as permanent water
  size_t segments() const { return segment_begin.empty() ? 0 : segment_begin.size() - 1; }
};

//! The road cells in block rows [i0, i0 + ny) x columns [j0, j0 + nx), less the cells where
//! `initial_depth` (the flood's depth at t = 0) exceeds the solver's wet/dry threshold.
RoadCells road_cells(const County& county, const flood::BlockFiller& initial_depth, long long i0,
                     long long j0, long long ny, long long nx);

}  // namespace karst::stormday
