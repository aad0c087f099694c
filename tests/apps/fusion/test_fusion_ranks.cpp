// The fusion pipeline on the built-in scene: decomposition and strip invariance (all ranks with
// small strips vs rank 0 alone with one strip, bitwise), STARFM beating the naive upsampled
// coarse image, and Brovey keeping every pixel's spectral angle.
#include "apps/fusion/fusion_pipeline.hpp"
#include "apps/fusion/scenario_fields.hpp"
#include "io/raster/multiband.hpp"
#include "support/read_image.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace karst;

namespace {

using karst::test::read_all;

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}

void expect_close(const fusion::QualityMetrics& a, const fusion::QualityMetrics& b) {
  EXPECT_EQ(a.pixels, b.pixels);
  for (size_t k = 0; k < a.rmse.size(); ++k) {
    EXPECT_NEAR(a.rmse[k], b.rmse[k], 1e-12 * b.rmse[k]);
    EXPECT_NEAR(a.cc[k], b.cc[k], 1e-12);
    EXPECT_NEAR(a.ssim[k], b.ssim[k], 1e-12);
  }
  EXPECT_NEAR(a.ergas, b.ergas, 1e-10 * b.ergas);
  EXPECT_NEAR(a.sam_deg, b.sam_deg, 1e-10);
}

}  // namespace

TEST(FusionPipeline, RankAndStripInvariantAndBetterThanBaseline) {
  const auto world = mpi::Comm::world();
  test::TempDir dir("fusion");
  fusion::FieldsSettings scene;
  scene.size = 192;
  fusion::FusionJob job;
  fusion::fields_method_defaults(job);
  job.starfm.radius = 7;
  fusion::generate_guizhou_fields(scene, dir.path(), world, false, job);

  job.tile_rows = 23;  // strips that do not align with ranks, blocks or anything else
  bench::Profile profile;
  const auto par = fusion::run_fusion_job(job, world, dir / "par.h5", profile, false);
  ASSERT_TRUE(par.starfm && par.baseline && par.brovey && par.hpf && par.ms_baseline);
  EXPECT_EQ(par.counts.outputs, 4LL * 192 * 192);
  // The clouds on the t2 fine image leave no hole: pair 1 is clear there.
  EXPECT_EQ(par.counts.filled, 0);

  // STARFM must beat the coarse image it started from, in every band.
  for (size_t b = 0; b < par.starfm->rmse.size(); ++b) {
    EXPECT_LT(par.starfm->rmse[b], 0.8 * par.baseline->rmse[b]) << "band " << b;
    EXPECT_GT(par.starfm->ssim[b], par.baseline->ssim[b]) << "band " << b;
  }
  EXPECT_LT(par.starfm->ergas, par.baseline->ergas);
  // Brovey scales each pixel's spectrum by one positive factor: its spectral angle to the
  // truth is the multispectral image's, exactly up to rounding.
  EXPECT_NEAR(par.brovey->sam_deg, par.ms_baseline->sam_deg, 1e-9);
  // HPF injects the pan detail: sharper than the 4x4-averaged multispectral image.
  EXPECT_LT(mean(par.hpf->rmse), mean(par.ms_baseline->rmse));

  if (world.rank() == 0) {
    fusion::FusionJob alone_job = job;
    alone_job.tile_rows = 1000;
    bench::Profile p2;
    const auto alone =
        fusion::run_fusion_job(alone_job, mpi::Comm::self(), dir / "alone.h5", p2, false);
    for (const char* ds : {"starfm", "brovey", "hpf"})
      EXPECT_TRUE(same_bits(read_all(dir / "par.h5:" + ds), read_all(dir / "alone.h5:" + ds)))
          << ds << " differs between " << world.size() << " rank(s) x 23-row strips and one";
    EXPECT_EQ(alone.counts.accepted, par.counts.accepted);
    EXPECT_EQ(alone.counts.similar, par.counts.similar);
    for (size_t k = 0; k < par.sigma.size(); ++k)
      for (size_t b = 0; b < par.sigma[k].size(); ++b)
        EXPECT_EQ(alone.sigma[k][b], par.sigma[k][b]);
    expect_close(*par.starfm, *alone.starfm);
    expect_close(*par.brovey, *alone.brovey);
  }
  world.barrier();
}
