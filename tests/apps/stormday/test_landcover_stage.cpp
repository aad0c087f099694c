// Stage 1 of karst stormday on a small county (128 x 128 cells of 80 m): the fused image
// classifies the land far better than today's coarse image; the roughness and infiltration maps
// are the table's values of the classes, cell by cell; landcover.h5 and fusion.h5 lie on the
// county grid in the county frame; and every output is the same on one rank as on all of them.
#include "apps/stormday/county.hpp"
#include "apps/stormday/county_imagery.hpp"
#include "apps/stormday/landcover_stage.hpp"
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/hdf5/json_h5.hpp"
#include "io/raster/multiband.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <iostream>

using namespace karst;
using namespace karst::stormday;

namespace {

constexpr unsigned kSeed = 11;

//! The county at flood size 0.125; the grid alone while the county generator is unfinished (the
//! stage reads nothing else of it).
County small_county() {
  try {
    return guizhou_county(0.125, kSeed);
  } catch (const Error&) {
    County c;
    c.size = 0.125;
    c.seed = kSeed;
    c.grid = {128, 128, 80.0, 0.0, 10240.0};
    return c;
  }
}

std::vector<double> read_all(const std::string& path, const std::string& dataset) {
  const auto f = io::H5File::open_read(path, mpi::Comm::self());
  const auto shape = io::dataset_shape(f, dataset);
  std::vector<double> v(size_t(shape.at(0) * shape.at(1)));
  io::read_block(f, dataset, io::Block::whole(shape), v.data());
  return v;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

const char* kMaps[] = {"ndvi",       "brightness", "land_class", "manning", "infiltration_mm_per_h",
                       "truth_class"};

}  // namespace

TEST(LandcoverStage, AccurateAlignedAndRankInvariant) {
  const auto world = mpi::Comm::world();
  test::TempDir dir("landcover");
  const County county = small_county();
  const CountyGrid& g = county.grid;
  ASSERT_EQ(g.ny, 128);
  ASSERT_EQ(g.nx, 128);
  ASSERT_DOUBLE_EQ(g.dx, 80.0);
  ASSERT_DOUBLE_EQ(g.y0, 10240.0);

  LandcoverConfig cfg;
  cfg.tile_rows = 37;  // strips that align with nothing
  bench::Profile profile;
  const auto r = run_landcover_stage(county, cfg, world, dir / "par", profile, false);
  ASSERT_TRUE(r.starfm && r.baseline);
  EXPECT_EQ(r.path, dir / "par/landcover.h5");
  EXPECT_EQ(r.coarse_ratio, 16);

  if (world.is_root()) {
    std::cout << "accuracy fused " << r.accuracy << ", coarse " << r.accuracy_coarse
              << ", last clear " << r.accuracy_last_clear << ", truth image "
              << r.accuracy_truth_image << "; NDVI RMSE " << r.ndvi_rmse << " (coarse "
              << r.ndvi_rmse_coarse << "); STARFM " << r.starfm_seconds << " s, land cover "
              << r.landcover_seconds << " s, stage " << r.seconds << " s\n";
    for (size_t k = 0; k < r.class_names.size(); ++k)
      std::cout << "  " << r.class_names[k] << ": truth " << r.truth_cells[k] << ", predicted "
                << r.predicted_cells[k] << "\n";
  }
  // Every cell counted once; every true cover present in a sensible share.
  long long predicted = 0, truth = 0;
  for (size_t k = 0; k < r.class_names.size(); ++k) {
    predicted += r.predicted_cells[k];
    truth += r.truth_cells[k];
    EXPECT_GT(r.truth_cells[k], 0.003 * 128 * 128) << r.class_names[k];
  }
  EXPECT_EQ(predicted, 128 * 128);
  EXPECT_EQ(truth, 128 * 128);
  EXPECT_EQ(r.truth_unmatched, 0);
  EXPECT_EQ(r.fallback_cells, 0);  // one clear pair: STARFM fills every pixel

  // Measured on this county (docs/stormday-landcover.md): 0.9994 of the cells right from the
  // fused image, 0.9966 from the 8-day-old clear image alone (crops greened since), 0.23 from
  // today's coarse image (1280 m pixels mix forest, fields and rock); NDVI RMSE 0.062 against
  // 0.268. The rules themselves are exact on the true image.
  EXPECT_GE(r.accuracy, 0.98);
  EXPECT_GT(r.accuracy, r.accuracy_coarse + 0.5);
  EXPECT_GE(r.accuracy, r.accuracy_last_clear);
  EXPECT_EQ(r.accuracy_truth_image, 1.0);
  EXPECT_LT(r.ndvi_rmse, 0.5 * r.ndvi_rmse_coarse);
  for (size_t b = 0; b < r.starfm->rmse.size(); ++b)
    EXPECT_LT(r.starfm->rmse[b], r.baseline->rmse[b]) << "band " << b;

  if (world.rank() == 0) {
    // The maps are the table's values of the classes, exactly.
    const auto cls = read_all(r.path, "land_class");
    const auto n = read_all(r.path, "manning");
    const auto inf = read_all(r.path, "infiltration_mm_per_h");
    const auto& table = cfg.classes.classes;
    for (size_t c = 0; c < cls.size(); ++c) {
      const auto k = static_cast<size_t>(cls[c]);
      ASSERT_EQ(double(k), cls[c]);
      ASSERT_LT(k, table.size());
      ASSERT_EQ(n[c], table[k].manning) << "cell " << c;
      ASSERT_EQ(inf[c], table[k].infiltration_mm_per_h) << "cell " << c;
    }

    // Alignment: every map on the county grid, in the frame the flood model reads.
    const auto f = io::H5File::open_read(r.path, mpi::Comm::self());
    for (const char* ds : kMaps) {
      EXPECT_EQ(io::dataset_shape(f, ds), (std::vector<hsize_t>{128, 128})) << ds;
      const auto meta = io::read_meta(f, ds);
      EXPECT_EQ(meta.spacing, (std::vector<double>{g.dx, g.dx})) << ds;
      EXPECT_EQ(meta.origin, (std::vector<double>{cell_y(g, 0), cell_x(g, 0)})) << ds;
    }
    const auto grid = io::read_json_group(f.id(), "/grid");
    EXPECT_EQ(grid.at("ny").get<long long>(), g.ny);
    EXPECT_EQ(grid.at("nx").get<long long>(), g.nx);
    EXPECT_EQ(grid.at("dx").get<double>(), g.dx);
    EXPECT_EQ(grid.at("x0").get<double>(), g.x0);
    EXPECT_EQ(grid.at("y0").get<double>(), g.y0);
    const auto classes = io::read_json_group(f.id(), "/classes");
    EXPECT_EQ(classes.at("classes").size(), table.size());
    EXPECT_EQ(classes.at("fallback").get<std::string>(), "cropland");
    // The fused image carries the same frame (the imagery's georeference).
    const auto fused = io::open_multiband(r.fusion_path + ":starfm");
    const auto& geo = fused->info().georef;
    EXPECT_EQ(fused->info().rows, g.ny);
    EXPECT_EQ(fused->info().cols, g.nx);
    EXPECT_EQ(geo.x0, g.x0);
    EXPECT_EQ(geo.y0, g.y0);
    EXPECT_EQ(geo.dx, g.dx);
    EXPECT_EQ(geo.dy, g.dx);
    EXPECT_EQ(geo.crs, kCountyCrs);

    // One rank, one strip: the same bits and the same scores.
    LandcoverConfig one = cfg;
    one.tile_rows = 1000;
    bench::Profile p1;
    const auto alone = run_landcover_stage(county, one, mpi::Comm::self(), dir / "one", p1, false);
    for (const char* ds : kMaps)
      EXPECT_TRUE(same_bits(read_all(r.path, ds), read_all(alone.path, ds)))
          << ds << " differs between " << world.size() << " rank(s) and one";
    EXPECT_EQ(alone.confusion, r.confusion);
    EXPECT_EQ(alone.accuracy, r.accuracy);
    EXPECT_EQ(alone.accuracy_coarse, r.accuracy_coarse);
    EXPECT_EQ(alone.ndvi_rmse, r.ndvi_rmse);
    EXPECT_EQ(alone.ndvi_rmse_coarse, r.ndvi_rmse_coarse);
  }
  world.barrier();
}

TEST(LandcoverStage, ReadsItsKeysAndLeavesTheRest) {
  const auto cfg = apps::Config::from_text(R"(
stormday:
  landcover: {starfm_window: 15, seed: 3, days_before: 16, tile_rows: 64, kernel: team}
  flood: {whatever: 1}
)",
                                           "day.yaml");
  const auto lc = parse_landcover_config(cfg);
  EXPECT_EQ(lc.starfm_window, 15);
  EXPECT_EQ(lc.seed, 3);
  EXPECT_EQ(lc.days_before, 16);
  EXPECT_EQ(lc.tile_rows, 64);
  EXPECT_EQ(lc.kernel, fusion::StarfmKernel::team);
  EXPECT_EQ(lc.classes.classes.size(), default_class_table().classes.size());
  // Its own keys are read; the flood stage's are not its business.
  try {
    cfg.reject_unknown("stormday");
    ADD_FAILURE() << "stormday.flood.whatever was not reported";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("stormday.flood.whatever"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("landcover"), std::string::npos) << e.what();
  }
  auto even = apps::Config::from_text("stormday: {landcover: {starfm_window: 20}}", "day.yaml");
  try {
    parse_landcover_config(even);
    ADD_FAILURE() << "an even window was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("stormday.landcover.starfm_window"), std::string::npos);
  }
}
