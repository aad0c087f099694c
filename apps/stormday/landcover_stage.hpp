#pragma once
//! Stage 1 of `karst stormday`, land cover: the county's imagery (county_imagery.hpp), STARFM for
//! today's fine image from the last clear fine image and today's coarse one (the fusion
//! workload's pipeline, one pair), then NDVI, a class per cell from the class table, and the
//! Manning's n and infiltration maps the flood stage reads. Output: <stage_dir>/landcover.h5,
//! whose schema docs/stormday-landcover.md gives.

#include "apps/common/config.hpp"
#include "apps/stormday/county.hpp"
#include "apps/stormday/landcover_classes.hpp"
#include "base/mpi/comm.hpp"
#include "bench/profile.hpp"
#include "kernels/fusion/quality_metrics.hpp"
#include "kernels/fusion/starfm.hpp"

#include <optional>
#include <string>
#include <vector>

namespace karst::stormday {

struct LandcoverConfig {
  ClassTable classes = default_class_table();
  int starfm_window = 21;  //!< px, odd: 31 is the fusion workload's; 21 is 2.2 times cheaper
  fusion::StarfmKernel kernel = fusion::StarfmKernel::flat;
  long long seed = -1;  //!< imagery noise and fields; < 0: the county's seed
  int days_before = 8;  //!< age of the last clear fine image, days
  long long tile_rows = 256;
};

//! Reads every key under `stormday.landcover.` (classes, fallback, starfm_window, kernel, seed,
//! days_before, tile_rows) and no other. parse_stormday_config (stormday_config.hpp) calls it
//! beside the other stages' parsers and then rejects unknown keys for the whole section once.
LandcoverConfig parse_landcover_config(const apps::Config& config);

struct LandcoverResult {
  std::string path;          //!< <stage_dir>/landcover.h5
  std::string imagery_path;  //!< <stage_dir>/imagery.h5
  std::string fusion_path;   //!< <stage_dir>/fusion.h5 (dataset "starfm")
  long long ny = 0, nx = 0;
  int coarse_ratio = 1;                    //!< fine cells per coarse cell side in the imagery
  std::vector<std::string> class_names;    //!< the table's rows
  std::vector<long long> predicted_cells;  //!< per table row
  std::vector<long long> truth_cells;      //!< per table row: true cover of that name
  long long truth_unmatched = 0;           //!< cells whose true cover the table does not name
  //! [true cover][predicted row], true covers in Cover order (cover_name()).
  std::vector<std::vector<long long>> confusion;
  double accuracy = 0.0;              //!< share of cells classified as their true cover
  double accuracy_coarse = 0.0;       //!< the same rules on today's coarse image alone
  double accuracy_last_clear = 0.0;   //!< on the last clear fine image, as if nothing changed
  double accuracy_truth_image = 0.0;  //!< on today's true fine image: the rules' own ceiling
  double ndvi_rmse = 0.0;             //!< fused NDVI vs true NDVI, over valid cells
  double ndvi_rmse_coarse = 0.0;      //!< coarse NDVI vs true NDVI
  long long fallback_cells = 0;       //!< STARFM fill (no candidate) or no matching row
  std::optional<fusion::QualityMetrics> starfm, baseline;  //!< vs today's truth, as karst fusion
  fusion::StarfmCounts starfm_counts;
  double starfm_seconds = 0.0;     //!< STARFM kernel, slowest rank
  double landcover_seconds = 0.0;  //!< NDVI/classification kernel on the fused image, slowest rank
  double seconds = 0.0;            //!< the whole stage, wall clock (imagery, I/O, scoring)
};

//! Collective over `comm`. Writes imagery.h5, fusion.h5 and landcover.h5 into `stage_dir`
//! (created when missing), each atomically. Each rank holds only its own rows.
LandcoverResult run_landcover_stage(const County& county, const LandcoverConfig& config,
                                    const mpi::Comm& comm, const std::string& stage_dir,
                                    bench::Profile& profile, bool progress);

}  // namespace karst::stormday
