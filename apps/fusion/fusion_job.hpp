#pragma once
//! Everything one fusion run needs, whatever produced it (the built-in scenario or the user's
//! files): where each image comes from, its date, and the method settings.

#include "io/raster/multiband_info.hpp"
#include "kernels/fusion/starfm.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace karst::fusion {

//! A fine/coarse image pair observed on the same day. Specs are what io::open_multiband takes.
struct ImagePair {
  std::string fine, coarse;
  long long day = 0;  //!< days since 1970-01-01
};

//! What the configuration says about one image beyond its file (issue 20): its scale and offset
//! to reflectance when the file does not state them, and for a fine image what masks it.
struct ImageOptions {
  std::optional<double> scale, offset;  //!< reflectance = stored * scale + offset
  std::string mask;                     //!< mask raster: nonzero (or nodata) = masked
  std::string qa;                       //!< QA band (Landsat QA_PIXEL style): bits below mask
  std::vector<int> qa_bits;             //!< bits of `qa` that mask a pixel when set
};

struct FusionJob {
  // STARFM: fine at t_k and coarse at t_k and t_0 (on the fine grid, or warped onto it).
  std::vector<ImagePair> pairs;
  std::string coarse0;
  //! How coarse images on their own grid are warped onto the first fine image's (coarse_grid.hpp).
  io::Resampling coarse_resampling = io::Resampling::average;
  long long day0 = 0;
  std::string truth;  //!< optional fine truth at t_0, for the quality metrics
  fusion::StarfmParams starfm;
  fusion::StarfmKernel kernel = fusion::StarfmKernel::team;
  //! Runs the STARFM kernel this many times per strip (the work is counted once): a known
  //! slowdown with which `karst bench --check` is tested. 1 in every real run.
  int planted_slowdown = 1;
  double resolution_ratio = 30.0 / 480.0;  //!< fine / coarse pixel size, for ERGAS

  // Pansharpening (optional): pan and multispectral already on the pan grid.
  std::string pan, ms, pan_truth;
  std::vector<double> brovey_weights;
  int hpf_radius = 4;
  double hpf_gain = 1.0;
  double pan_ratio = 0.25;  //!< pan / multispectral pixel size, for ERGAS

  //! Per image, keyed by the config key naming it ("fusion.pairs[0].fine",
  //! "fusion.predict.coarse", ...); an image without an entry takes its file's metadata alone.
  std::map<std::string, ImageOptions> image_options;

  double fill_value = -9999.0;  //!< written where STARFM has no candidate
  double data_range = 1.0;      //!< SSIM's L: reflectance's [0, 1] in stored units
  long long tile_rows = 256;    //!< rows per strip: bounds memory on big scenes
  bool starfm_enabled = true, brovey_enabled = true, hpf_enabled = true;
};

}  // namespace karst::fusion
