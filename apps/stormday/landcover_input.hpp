#pragma once
//! The land-cover stage's maps as flood inputs. `landcover.h5` holds float64 datasets [ny, nx] on
//! the county grid (`manning`, s/m^(1/3); `infiltration_mm_per_h`, the Horton final rate per
//! cell), each with FieldMeta spacing [dx, dx] and origin [y, x] of the centre of cell (0, 0).
//! They enter the flood as BlockFillers that read only the requested block, so no rank ever holds
//! the whole county.

#include "apps/flood/flood_setup.hpp"

#include <functional>
#include <string>

namespace karst::stormday {

//! Throws karst::Error naming the file, the dataset and both grids unless `dataset` in `path`
//! has the shape, spacing and origin of `grid`'s raster. Reads on MPI_COMM_SELF: any rank may call.
void check_landcover_grid(const std::string& path, const std::string& dataset,
                          const flood::FloodSetup& grid);

//! Reads rows [i0, i0+ny) x columns [j0, j0+nx) of `dataset` on every call (independently, on
//! MPI_COMM_SELF) and maps each value through `convert(value, i, j)`, which may throw.
flood::BlockFiller landcover_filler(
    const std::string& path, const std::string& dataset, long long ny_global, long long nx_global,
    std::function<double(double value, long long i, long long j)> convert);

}  // namespace karst::stormday
