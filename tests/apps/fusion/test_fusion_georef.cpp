// Issue 20, features 2-4 with known answers: coarse images on their own grid warped onto the fine
// one (block means come back exactly inside blocks, in the same CRS with an offset origin and in
// longitude/latitude), a run on coarse-resolution files agreeing with one on pre-resampled files,
// the prediction as a GeoTIFF with the fine image's georeferencing and prediction.h5's values,
// and the quicklook PNG's panels.
#include "apps/fusion/coarse_grid.hpp"
#include "apps/fusion/fusion_inputs.hpp"
#include "apps/fusion/fusion_pipeline.hpp"
#include "apps/fusion/fusion_quicklook.hpp"
#include "io/raster/multiband.hpp"
#include "support/read_image.hpp"
#include "support/temp_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <functional>
#include <iostream>
#include <memory>
#include <stdexcept>

using namespace karst;

namespace {

constexpr int kFine = 32, kBlock = 4, kBands = 3;
constexpr double kCell = 30.0, kX0 = 400020.0, kY0 = 2900040.0;  // UTM 48N, about 26.2 N
const char* const kUtm = "EPSG:32648";
using Field = std::function<double(int band, int row, int col)>;

struct Tif {
  int rows = kFine, cols = kFine;
  double gt[6] = {kX0, kCell, 0, kY0, 0, -kCell};
  std::string crs = kUtm;  // "" and no_gt: no georeferencing at all
  bool no_gt = false;
};

void write_tif(const std::string& path, const Tif& t, const Field& f) {
  GDALAllRegister();
  auto* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
      drv->Create(path.c_str(), t.cols, t.rows, kBands, GDT_Float64, nullptr),
      [](GDALDataset* d) { GDALClose(d); });
  if (!ds) throw std::runtime_error("cannot create " + path);
  if (!t.no_gt) ds->SetGeoTransform(const_cast<double*>(t.gt));
  if (!t.crs.empty()) {
    OGRSpatialReference srs;
    srs.SetFromUserInput(t.crs.c_str());
    ds->SetSpatialRef(&srs);
  }
  const char* names[kBands] = {"blue", "green", "red"};
  std::vector<double> v(size_t(t.rows) * t.cols);
  for (int b = 0; b < kBands; ++b) {
    for (int i = 0; i < t.rows; ++i)
      for (int j = 0; j < t.cols; ++j) v[size_t(i) * t.cols + j] = f(b, i, j);
    auto* band = ds->GetRasterBand(b + 1);
    band->SetNoDataValue(-9999);
    band->SetDescription(names[b]);
    if (band->RasterIO(GF_Write, 0, 0, t.cols, t.rows, v.data(), t.cols, t.rows, GDT_Float64, 0,
                       0) != CE_None)
      throw std::runtime_error("cannot write " + path);
  }
}

// A fine scene on day `day`: fields of three kinds, each greening at its own rate, and texture.
double fine_value(int day, int b, int i, int j) {
  const int kind = (i / 6 + j / 5) % 3;
  const double texture = 0.004 * std::sin(0.9 * i + 1.7 * j + b);
  return 0.04 + 0.02 * b + 0.05 * kind + 0.001 * day * (kind - 1) * (b == 2 ? -1 : 1) + texture;
}

// The coarse pixel (I, J) on day `day`: the mean of its 4x4 fine block plus a sensor bias.
double block_mean(int day, int b, int bi, int bj) {
  double s = 0;
  for (int i = 0; i < kBlock; ++i)
    for (int j = 0; j < kBlock; ++j) s += fine_value(day, b, bi * kBlock + i, bj * kBlock + j);
  return s / (kBlock * kBlock) + 0.01;
}

// Each coarse cell's value, distinct per band and cell: what `average` must return inside it.
double cell_value(int b, int bi, int bj) {
  return 0.1 * b + 0.01 * bi + 0.001 * bj;
}

// fine.tif (zeros: only its grid matters) and coarse.tif (cell_value) in `dir`, written on rank 0;
// returns the fine image's description, the grid a coarse image is warped onto.
io::MultibandInfo write_warp_case(const std::string& dir, const Tif& fine, const Tif& coarse) {
  if (mpi::Comm::world().is_root()) {
    write_tif(dir + "/fine.tif", fine, [](int, int, int) { return 0.0; });
    write_tif(dir + "/coarse.tif", coarse, cell_value);
  }
  mpi::Comm::world().barrier();
  return io::open_multiband(dir + "/fine.tif")->info();
}

using karst::test::read_all;

std::string thrown_by(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

// Two pairs (days 0 and 20) and the coarse image at day 10, with truth; coarse images either
// pre-resampled (block means repeated on the fine grid) or at 120 m.
fusion::FusionJob write_scene(const test::TempDir& dir, bool coarse_grid) {
  fusion::FusionJob job;
  const auto on_root = [&](const std::function<void()>& f) {
    if (mpi::Comm::world().is_root()) f();
    mpi::Comm::world().barrier();
  };
  Tif coarse;
  if (coarse_grid) {
    coarse.rows = coarse.cols = kFine / kBlock;
    coarse.gt[1] = kCell * kBlock;
    coarse.gt[5] = -kCell * kBlock;
  }
  const std::string tag = coarse_grid ? "_120m" : "_30m";
  for (int day : {0, 10, 20}) {
    const auto fine = dir / ("fine_" + std::to_string(day) + ".tif");
    const auto crs = dir / ("coarse_" + std::to_string(day) + tag + ".tif");
    on_root([&] {
      write_tif(fine, Tif{}, [&](int b, int i, int j) { return fine_value(day, b, i, j); });
      write_tif(crs, coarse, [&](int b, int i, int j) {
        return coarse_grid ? block_mean(day, b, i, j) : block_mean(day, b, i / kBlock, j / kBlock);
      });
    });
    if (day == 10) {
      job.coarse0 = crs;
      job.truth = fine;
    } else {
      job.pairs.push_back({fine, crs, day});
    }
  }
  job.day0 = 10;
  job.starfm.radius = 3;
  job.brovey_enabled = job.hpf_enabled = false;
  job.tile_rows = 7;  // strips that do not align with the 4-pixel blocks
  return job;
}

}  // namespace

// Offset origin, same CRS: the coarse grid starts 2 fine pixels north-west of the fine one, so
// every fine pixel lies inside one 120 m cell, and `average` must return that cell's value.
TEST(FusionCoarseGrid, AverageWarpReturnsTheBlockValueInSameCrs) {
  test::TempDir dir("fusion-warp");
  const Tif fine;
  Tif coarse;
  coarse.rows = coarse.cols = kFine / kBlock + 1;
  double gt[6] = {kX0 - 2 * kCell, kBlock * kCell, 0, kY0 + 2 * kCell, 0, -kBlock * kCell};
  std::copy(gt, gt + 6, coarse.gt);
  const auto fine_info = write_warp_case(dir.path(), fine, coarse);
  const auto r =
      fusion::open_coarse_on_fine_grid(dir / "coarse.tif", fine_info, io::Resampling::average);
  ASSERT_EQ(r->info().rows, kFine);
  const auto v = read_all(*r);
  // GDAL's average is sum(w v) / sum(w) with w the overlapped fraction of each source cell:
  // one cell's value comes back to double rounding (measured: at most 1 ulp), not bit for bit.
  double worst = 0;
  for (int b = 0; b < kBands; ++b)
    for (int i = 0; i < kFine; ++i)
      for (int j = 0; j < kFine; ++j) {
        const double want = cell_value(b, (i + 2) / kBlock, (j + 2) / kBlock);
        const double got = v[(size_t(b) * kFine + i) * kFine + j];
        EXPECT_DOUBLE_EQ(got, want) << "band " << b << " pixel " << i << "," << j;
        worst = std::max(worst, std::fabs(got - want) / want);
      }
  std::cout << "same CRS, offset origin: largest relative difference " << worst << "\n";
  // Bilinear interpolates between cells: not the block value off the cell centres.
  const auto bl = read_all(
      *fusion::open_coarse_on_fine_grid(dir / "coarse.tif", fine_info, io::Resampling::bilinear));
  EXPECT_NE(bl[0], cell_value(0, 0, 0));
}

// The case: fine 30 m UTM, coarse about 480 m in longitude/latitude. A fine pixel whose
// four corners fall inside one coarse cell (with a margin) must come back as that cell's value.
TEST(FusionCoarseGrid, AverageWarpReturnsTheCellValueFromLonLat) {
  test::TempDir dir("fusion-warp-ll");
  Tif fine;
  fine.rows = fine.cols = 64;
  // The fine area in longitude/latitude, with a cell's margin around it.
  OGRSpatialReference utm, ll;
  utm.SetFromUserInput(kUtm);
  ll.SetFromUserInput("EPSG:4326");
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  ll.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_ll(OGRCreateCoordinateTransformation(&utm, &ll));
  double lon0 = kX0, lat0 = kY0;
  to_ll->Transform(1, &lon0, &lat0);
  const double step_x = 0.0048, step_y = 0.0043;  // about 480 m at 26 N
  Tif coarse;
  coarse.rows = coarse.cols = 6;
  coarse.crs = "EPSG:4326";
  double gt[6] = {lon0 - 0.003, step_x, 0, lat0 + 0.002, 0, -step_y};
  std::copy(gt, gt + 6, coarse.gt);
  const auto fine_info = write_warp_case(dir.path(), fine, coarse);
  const auto v = read_all(
      *fusion::open_coarse_on_fine_grid(dir / "coarse.tif", fine_info, io::Resampling::average));
  long long inside = 0;
  for (int i = 0; i < fine.rows; ++i)
    for (int j = 0; j < fine.cols; ++j) {
      int cell_i = -1, cell_j = -1;
      bool one_cell = true;
      for (int c = 0; c < 4 && one_cell; ++c) {
        double x = kX0 + (j + c % 2) * kCell, y = kY0 - (i + c / 2) * kCell;
        to_ll->Transform(1, &x, &y);
        const double fi = (gt[3] - y) / step_y, fj = (x - gt[0]) / step_x;
        const bool clear =
            std::fabs(fi - std::round(fi)) > 0.02 && std::fabs(fj - std::round(fj)) > 0.02;
        if (c == 0) cell_i = int(fi), cell_j = int(fj);
        one_cell = clear && int(fi) == cell_i && int(fj) == cell_j;
      }
      if (!one_cell) continue;
      ++inside;
      for (int b = 0; b < kBands; ++b)
        EXPECT_NEAR(v[(size_t(b) * fine.rows + i) * fine.cols + j], cell_value(b, cell_i, cell_j),
                    1e-12)
            << "band " << b << " pixel " << i << "," << j;
    }
  EXPECT_GT(inside, 64 * 64 / 2);  // most pixels are block interiors
}

// The same scene with coarse images given pre-resampled (30 m) and at 120 m: warping the 120 m
// files with `average` gives the pre-resampled values, so the predictions agree.
TEST(FusionCoarseGrid, CoarseResolutionRunAgreesWithPreResampledRun) {
  const auto world = mpi::Comm::world();
  test::TempDir dir("fusion-coarse-run");
  bench::Profile profile;
  const auto job30 = write_scene(dir, false), job120 = write_scene(dir, true);
  const auto r30 = fusion::run_fusion_job(job30, world, dir / "p30.h5", profile, false);
  const auto r120 = fusion::run_fusion_job(job120, world, dir / "p120.h5", profile, false);
  EXPECT_EQ(r30.counts.accepted, r120.counts.accepted);
  EXPECT_EQ(r30.counts.similar, r120.counts.similar);
  const auto a = read_all(*io::open_multiband_hdf5(dir / "p30.h5", "starfm"));
  const auto b = read_all(*io::open_multiband_hdf5(dir / "p120.h5", "starfm"));
  ASSERT_EQ(a.size(), b.size());
  double worst = 0;
  for (size_t k = 0; k < a.size(); ++k) worst = std::max(worst, std::fabs(a[k] - b[k]));
  EXPECT_EQ(worst, 0.0);  // the warped values are the pre-resampled ones, bit for bit
  ASSERT_TRUE(r120.starfm && r120.baseline);
  EXPECT_LT(r120.starfm->rmse[0], r120.baseline->rmse[0]);
}

// prediction_starfm.tif: the fine image's geotransform and CRS, nodata = fill value, and
// prediction.h5's values; quicklook.png: three panels of 256 x 256 (32 px enlarged 8 times).
TEST(FusionOutputs, GeoTiffAndQuicklookMatchTheFineGridAndThePrediction) {
  const auto world = mpi::Comm::world();
  test::TempDir dir("fusion-geotiff");
  bench::Profile profile;
  const auto job = write_scene(dir, true);
  fusion::run_fusion_job(job, world, dir / "prediction.h5", profile, false);
  if (!world.is_root()) return;
  GDALAllRegister();
  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> tif(
      static_cast<GDALDataset*>(GDALOpen((dir / "prediction_starfm.tif").c_str(), GA_ReadOnly)),
      [](GDALDataset* d) { GDALClose(d); });
  ASSERT_TRUE(tif);
  double gt[6];
  ASSERT_EQ(tif->GetGeoTransform(gt), CE_None);
  const Tif fine;
  for (int k = 0; k < 6; ++k) EXPECT_EQ(gt[k], fine.gt[k]) << "geotransform[" << k << "]";
  OGRSpatialReference utm;
  utm.SetFromUserInput(kUtm);
  ASSERT_TRUE(tif->GetSpatialRef());
  EXPECT_TRUE(tif->GetSpatialRef()->IsSame(&utm));
  ASSERT_EQ(tif->GetRasterCount(), kBands);
  int has = 0;
  EXPECT_EQ(tif->GetRasterBand(1)->GetNoDataValue(&has), job.fill_value);
  EXPECT_TRUE(has);
  const auto h5 = read_all(*io::open_multiband_hdf5(dir / "prediction.h5", "starfm"));
  std::vector<double> v(h5.size());
  ASSERT_EQ(tif->RasterIO(GF_Read, 0, 0, kFine, kFine, v.data(), kFine, kFine, GDT_Float64, kBands,
                          nullptr, 0, 0, 0, nullptr),
            CE_None);
  for (size_t k = 0; k < v.size(); ++k)
    EXPECT_EQ(v[k], std::isnan(h5[k]) ? job.fill_value : h5[k]) << "value " << k;

  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> png(
      static_cast<GDALDataset*>(GDALOpen((dir / "quicklook.png").c_str(), GA_ReadOnly)),
      [](GDALDataset* d) { GDALClose(d); });
  ASSERT_TRUE(png);
  EXPECT_STREQ(png->GetDriver()->GetDescription(), "PNG");
  EXPECT_EQ(png->GetRasterXSize(), 3 * 256 + 4 * 8);
  EXPECT_EQ(png->GetRasterYSize(), 8 + 20 + 256 + 8);
  EXPECT_EQ(png->GetRasterCount(), 3);
}

TEST(FusionOutputs, QuicklookLayoutAndDisplay) {
  const auto small = fusion::QuicklookPanels::of(32, 32, 1);
  EXPECT_EQ(small.pixels_per_cell, 8);
  EXPECT_EQ(small.width, 256 + 2 * 8);
  const auto big = fusion::QuicklookPanels::of(2000, 1000, 3);  // reduced 4 x 4 -> 500 x 250
  EXPECT_EQ(big.cells_per_pixel, 4);
  EXPECT_EQ(big.width, 3 * 250 + 4 * 8);
  EXPECT_EQ(big.height, 8 + 20 + 500 + 8);
  io::MultibandInfo info;
  info.bands = 4;
  info.band_names = {"Blue", "green", "RED", "nir"};
  EXPECT_EQ(fusion::choose_display(info).bands, (std::array<long long, 3>{2, 1, 0}));
  info.band_names = {"green", "red", "nir", "swir"};
  EXPECT_EQ(fusion::choose_display(info).bands, (std::array<long long, 3>{2, 1, 0}));
  info.band_names = {"nir", "red", "green"};
  info.bands = 3;
  EXPECT_EQ(fusion::choose_display(info).bands, (std::array<long long, 3>{0, 1, 2}));
  info.band_names.clear();
  EXPECT_EQ(fusion::choose_display(info).bands, (std::array<long long, 3>{2, 1, 0}));
  info.bands = 1;
  EXPECT_EQ(fusion::choose_display(info).bands, (std::array<long long, 3>{0, 0, 0}));
}

// The errors, each naming the file at fault.
TEST(FusionCoarseGrid, ErrorsNameTheFile) {
  test::TempDir dir("fusion-warp-errors");
  Tif coarse;
  coarse.rows = coarse.cols = 8;
  coarse.gt[1] = 120;
  coarse.gt[5] = -120;
  Tif bare = coarse;
  bare.no_gt = true;
  bare.crs = "";
  Tif far = coarse;
  far.gt[0] += 1e5;
  Tif bare_fine;
  bare_fine.no_gt = true;
  bare_fine.crs = "";
  const Field zero = [](int, int, int) { return 0.1; };
  if (mpi::Comm::world().is_root()) {
    write_tif(dir / "fine.tif", Tif{}, zero);
    write_tif(dir / "bare_fine.tif", bare_fine, zero);
    write_tif(dir / "bare.tif", bare, zero);
    write_tif(dir / "far.tif", far, zero);
    write_tif(dir / "coarse.tif", coarse, zero);
  }
  mpi::Comm::world().barrier();
  const auto fine = io::open_multiband(dir / "fine.tif")->info();
  const auto open = [&](const std::string& c, const io::MultibandInfo& f) {
    return [&, c] { fusion::open_coarse_on_fine_grid(c, f, io::Resampling::average); };
  };
  const auto m1 = thrown_by(open(dir / "bare.tif", fine));
  EXPECT_NE(m1.find(dir / "bare.tif" + ": has no georeferencing and its grid (8 x 8) differs"),
            std::string::npos)
      << m1;
  const auto m2 = thrown_by(open(dir / "far.tif", fine));
  EXPECT_NE(m2.find(dir / "far.tif" + ": does not overlap the area of"), std::string::npos) << m2;
  const auto bare_fine_info = io::open_multiband(dir / "bare_fine.tif")->info();
  const auto m3 = thrown_by(open(dir / "coarse.tif", bare_fine_info));
  EXPECT_NE(m3.find(dir / "bare_fine.tif" + ": has no georeferencing"), std::string::npos) << m3;
}
