#pragma once
//! Pass 1 of the fusion pipeline: the standard deviation STARFM's similarity test needs, of every
//! fine image and band over the valid scene. A global statistic, from per-row sums gathered in
//! global row order, so it is bitwise the same for any number of ranks.

#include "apps/fusion/fusion_inputs.hpp"
#include "base/mpi/block_range.hpp"
#include "base/mpi/comm.hpp"
#include "bench/profile.hpp"

#include <vector>

namespace karst::fusion {

//! Collective: sigma[pair][band] of `inputs.fine`, each rank reading its rows `own` in strips of
//! `tile_rows`. Throws naming the image if a band has no valid pixel.
std::vector<std::vector<double>> scene_sigma(const FusionInputs& inputs, const mpi::BlockRange& own,
                                             long long tile_rows, const mpi::Comm& comm,
                                             bench::Profile& profile);

}  // namespace karst::fusion
