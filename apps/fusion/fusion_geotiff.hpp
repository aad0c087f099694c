#pragma once
//! `prediction_<method>.tif` beside prediction.h5: each method's prediction as a float32 GeoTIFF
//! on its fine image's grid (STARFM: the first pair's fine image; pansharpening: the pan image)
//! with that image's CRS and geotransform, nodata = fusion.fill_value, so that QGIS and GDAL
//! tools open it. The values are prediction.h5's, read back from it by rank 0 a strip at a time.

#include "apps/fusion/fusion_inputs.hpp"
#include "apps/fusion/fusion_job.hpp"
#include "base/mpi/comm.hpp"

#include <string>
#include <vector>

namespace karst::fusion {

//! Collective, after prediction.h5 (`h5_path`) is committed: writes the GeoTIFFs into `dir`.
//! Returns the notes of what was skipped and why (Karst without GDAL, an image without
//! georeferencing); throws karst::Error on every rank when a file cannot be written.
std::vector<std::string> write_prediction_geotiffs(const FusionJob& job, const FusionInputs& inputs,
                                                   const std::string& h5_path,
                                                   const std::string& dir, const mpi::Comm& comm);

}  // namespace karst::fusion
