#pragma once
//! Rank 0 writes a distributed field to one file without ever holding it: every rank's block
//! reaches rank 0 in turn, in rank order, and is handed to a sink (a GeoTIFF window, a picture's
//! pixels) before the next one arrives. Rank 0's memory stays O(largest block).

#include "base/mpi/comm.hpp"

#include <functional>
#include <vector>

namespace karst::flood {

//! A rectangle of a global raster, with `per_cell` floats per cell, row-major.
struct Window {
  long long row0 = 0, col0 = 0;
  int rows = 0, cols = 0;
};

using WindowSink = std::function<void(const Window& w, const std::vector<float>& values)>;

//! Collective: calls `sink` on rank 0 once per rank (rank 0 first) with that rank's window and
//! values. If the sink throws on rank 0, the rest is still received (no rank is left waiting)
//! and every rank throws the first karst::Error's message.
void stream_to_root(const mpi::Comm& comm, const Window& mine, const std::vector<float>& values,
                    const WindowSink& sink);

//! Collective: runs `work` on rank 0; a karst::Error it throws is thrown on every rank, so an
//! unwritable output ends an MPI job with one message instead of leaving ranks waiting.
void on_root(const mpi::Comm& comm, const std::function<void()>& work);

}  // namespace karst::flood
