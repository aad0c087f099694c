#pragma once
//! The built-in scenario `guizhou-fields`: a synthetic Guizhou landscape (terraced rice, maize and
//! tobacco fields on contour terraces, forest, bare karst hills, a river, villages) through a
//! growing season. Truth is generated at three dates; the "Landsat" images are truth plus sensor
//! noise (one with clouds), the "MODIS" images are truth averaged over 16 x 16 blocks plus bias
//! and noise, resampled back to the fine grid, and a pan/multispectral pair is made from the
//! truth at t0. Accuracy can therefore be measured exactly.
//!
//! Every value is a pure function of (row, column, date, seed), so any rank generates any rows
//! and the inputs are identical for every decomposition.

#include "apps/fusion/fusion_job.hpp"
#include "base/mpi/comm.hpp"

#include <string>

namespace karst::fusion {

struct FieldsSettings {
  long long size = 768;  //!< fine pixels per side, a multiple of 16
  unsigned seed = 2026;
  bool clouds = true;
};

//! The scenario's resolution ratios and Brovey weights, known before anything is generated.
void fields_method_defaults(FusionJob& job);

//! Writes the scenario's images into `<dir>/inputs.h5` (collective) and points the inputs and
//! dates of `job` at them; method settings are left as they are.
void generate_guizhou_fields(const FieldsSettings& s, const std::string& dir, const mpi::Comm& comm,
                             bool progress, FusionJob& job);

}  // namespace karst::fusion
