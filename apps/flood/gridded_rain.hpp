#pragma once
//! Gridded, time-varying rain from a NetCDF file (flood.rain.file) mapped onto the DEM's cells:
//! each cell takes the rain of the file's cell that contains its centre (nearest), and frame k
//! holds from its time until the next frame's; the last frame holds for as long as the one
//! before it, then the rain stops. docs/flood.md states the rules with an example.

#include "apps/flood/flood_setup.hpp"

#include <string>

namespace karst::flood {

//! Makes the NetCDF file's `variable` the rain of `s` (whose grid must be set): its gridded_rain,
//! a unit hyetograph over the frames, and sources.rain. Checks, naming the file, that the rain
//! grid covers the DEM and that every frame has a valid rain value over it (one frame in memory
//! at a time); during the run each rank reads only the rain cells of its own block.
void apply_gridded_rain(FloodSetup& s, const std::string& path, const std::string& variable);

}  // namespace karst::flood
