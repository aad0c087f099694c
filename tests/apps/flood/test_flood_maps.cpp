// The GIS maps and the quicklook picture: GeoTIFFs read back with GDAL carry the grid's
// geotransform, the CRS when one is given (none otherwise), the nodata values of docs/flood.md,
// and exactly the values of maps.h5 (as Float32 / Byte), identical on 1 and 2 ranks; the PNG has
// the documented size, gauge markers in their warning colours, and pixels that are the maximum
// over their cells when a large grid is reduced.
#include "apps/flood/flood_app.hpp"
#include "apps/flood/flood_maps.hpp"
#include "apps/flood/flood_model.hpp"
#include "apps/flood/quicklook.hpp"
#include "flood_cases.hpp"
#include "io/raster/raster.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>

using namespace karst;

namespace {

struct Tif {
  int rows = 0, cols = 0, bands = 0;
  double gt[6] = {};
  bool has_gt = false;
  std::string crs_wkt;  //!< "" when the file has no CRS
  double nodata = 0;
  bool has_nodata = false;
  GDALDataType type = GDT_Unknown;
  std::vector<double> values;  //!< band 1, or for PNGs all bands pixel-interleaved
};

Tif read_with_gdal(const std::string& path) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly)));
  if (!ds) throw std::runtime_error("GDAL cannot open " + path);
  Tif t;
  t.rows = ds->GetRasterYSize();
  t.cols = ds->GetRasterXSize();
  t.bands = ds->GetRasterCount();
  t.has_gt = ds->GetGeoTransform(t.gt) == CE_None;
  if (const auto* srs = ds->GetSpatialRef()) {
    char* wkt = nullptr;
    srs->exportToWkt(&wkt);
    t.crs_wkt = wkt;
    CPLFree(wkt);
  }
  auto* b = ds->GetRasterBand(1);
  int has = 0;
  t.nodata = b->GetNoDataValue(&has);
  t.has_nodata = has;
  t.type = b->GetRasterDataType();
  t.values.resize(size_t(t.rows) * t.cols * t.bands);
  if (ds->RasterIO(GF_Read, 0, 0, t.cols, t.rows, t.values.data(), t.cols, t.rows, GDT_Float64,
                   t.bands, nullptr, 8 * t.bands, 8 * t.bands * t.cols, 8, nullptr) != CE_None)
    throw std::runtime_error("GDAL cannot read " + path);
  return t;
}

bool same_crs(const std::string& wkt, const char* expected) {
  OGRSpatialReference a, b;
  return a.importFromWkt(wkt.c_str()) == OGRERR_NONE &&
         b.SetFromUserInput(expected) == OGRERR_NONE && a.IsSame(&b);
}

// The small catchment placed in UTM zone 48N, with three corners of cells the DEM had no data.
flood::FloodSetup georeferenced_catchment() {
  auto s = test::small_catchment(30, 41, 300.0);
  const double east = 500000.0, north = 2900000.0;
  s.x0 += east;
  s.y0 += north;
  for (auto& g : s.gauges) g.x += east, g.y += north;
  s.crs_wkt = "EPSG:32648";
  // As apply_dem marks a DEM's nodata: walls above everything else.
  s.wall_elevation = 5000.0;
  s.bed = [bed = s.bed](long long i0, long long j0, int ny, int nx, double* out) {
    bed(i0, j0, ny, nx, out);
    for (int i = 0; i < ny; ++i)
      for (int j = 0; j < nx; ++j)
        if (i0 + i < 3 && j0 + j < 4) out[size_t(i) * nx + j] = 5000.0;
  };
  return s;
}

flood::FloodRunResult run_into(const flood::FloodSetup& setup, const mpi::Comm& comm,
                               const std::string& dir) {
  flood::FloodRunConfig c;
  c.setup = setup;
  c.scenario = "maps-test";
  c.output.snapshot_interval_s = 0;
  c.output.progress_interval_s = 0;
  bench::Profile profile;
  return flood::simulate_flood(c, {comm, dir, false}, profile);
}

struct MapCase {
  const char* name;
  const char* h5_dataset;
  GDALDataType type;
  double nodata;
};
const MapCase kMaps[4] = {{"max_depth", "max_depth", GDT_Float32, -9999.0},
                          {"max_speed", "max_speed", GDT_Float32, -9999.0},
                          {"hazard_class", "hazard_class", GDT_Byte, 255.0},
                          {"arrival_time", "arrival_time", GDT_Float32, -1.0}};

}  // namespace

TEST(FloodMaps, GeoTiffsCarryTheGridCrsNodataAndTheValuesOfMapsH5) {
  const auto world = mpi::Comm::world();
  const auto setup = georeferenced_catchment();
  test::TempDir dir("maps");
  const auto result = run_into(setup, world, dir.path());
  EXPECT_EQ(result.maps_note, "");
  if (!world.is_root()) return;
  for (const auto& map : kMaps) {
    SCOPED_TRACE(map.name);
    const auto tif = read_with_gdal(dir / (std::string(map.name) + ".tif"));
    ASSERT_EQ(tif.rows, 30);
    ASSERT_EQ(tif.cols, 41);
    EXPECT_EQ(tif.type, map.type);
    ASSERT_TRUE(tif.has_gt);
    // North-west corner (500000, 2900300), 10 m cells, north up.
    const double expected_gt[6] = {500000.0, 10.0, 0.0, 2900300.0, 0.0, -10.0};
    for (int k = 0; k < 6; ++k) EXPECT_EQ(tif.gt[k], expected_gt[k]) << "geotransform " << k;
    EXPECT_TRUE(same_crs(tif.crs_wkt, "EPSG:32648")) << tif.crs_wkt;
    EXPECT_TRUE(tif.has_nodata);
    EXPECT_EQ(tif.nodata, map.nodata);
    const auto h5 = io::read_raster_h5(dir / "maps.h5", map.h5_dataset).values;
    ASSERT_EQ(h5.size(), tif.values.size());
    int mismatches = 0, data_cells = 0, nonzero = 0;
    for (long long i = 0; i < 30; ++i)
      for (long long j = 0; j < 41; ++j) {
        const size_t k = size_t(i) * 41 + j;
        const bool nodata = i < 3 && j < 4;
        const double want = nodata ? map.nodata : double(float(h5[k]));
        mismatches += tif.values[k] != want;
        data_cells += !nodata;
        nonzero += !nodata && tif.values[k] > 0;
      }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(nonzero, 0);  // the storm wets the catchment: the comparison sees real values
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "max_depth.png"));
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_NE(e.path().extension(), ".tmp") << e.path();
}

TEST(FloodMaps, GeoTiffsAndPictureAreTheSameOnEveryRankCount) {
  const auto world = mpi::Comm::world();
  const auto setup = georeferenced_catchment();
  test::TempDir many("maps-many");
  run_into(setup, world, many.path());
  if (!world.is_root()) return;
  // Rank 0 alone, on one rank.
  const auto self = mpi::Comm::self();
  test::TempDir one("maps-one", self);
  run_into(setup, self, one.path());
  for (const char* file :
       {"max_depth.tif", "max_speed.tif", "hazard_class.tif", "arrival_time.tif", "max_depth.png"})
    EXPECT_EQ(read_with_gdal(one / file).values, read_with_gdal(many / file).values) << file;
}

TEST(FloodMaps, NoCrsGivenMeansNoCrsInTheGeoTiff) {
  const auto world = mpi::Comm::world();
  auto setup = test::lake_at_rest();
  ASSERT_TRUE(setup.crs_wkt.empty());
  flood::FloodModel m(setup, world);
  test::TempDir dir("maps-nocrs");
  flood::write_gis_maps(m, dir.path());
  if (!world.is_root()) return;
  const auto tif = read_with_gdal(dir / "max_depth.tif");
  EXPECT_EQ(tif.crs_wkt, "");
  ASSERT_TRUE(tif.has_gt);
  EXPECT_EQ(tif.gt[0], 0.0);
  EXPECT_EQ(tif.gt[3], 40.0);
  EXPECT_EQ(tif.gt[1], 1.0);
  EXPECT_EQ(tif.gt[5], -1.0);
}

TEST(FloodMaps, UnwritableDirectoryIsOneClearErrorOnEveryRank) {
  const auto world = mpi::Comm::world();
  flood::FloodModel m(test::lake_at_rest(), world);
  // /proc refuses new files even to root.
  const auto why = test::error_of([&] { flood::write_gis_maps(m, "/proc/karst-maps"); });
  EXPECT_NE(why.find("/proc/karst-maps/max_depth.tif: cannot create the GeoTIFF"),
            std::string::npos)
      << why;
  const auto png = test::error_of([&] { flood::write_quicklook(m, "/proc/karst-maps/q.png"); });
  EXPECT_NE(png.find("/proc/karst-maps/q.png: cannot write the PNG"), std::string::npos) << png;
}

namespace {
// A closed 20 x 30 box of still water 0.5 m deep; five gauges whose thresholds put the water at
// no level, blue, yellow, orange and red.
flood::FloodSetup gauged_lake() {
  flood::FloodSetup s;
  s.name = "gauged-lake";
  s.ny = 20;
  s.nx = 30;
  s.dx = 2.0;
  s.y0 = 40.0;
  s.t_end = 10.0;
  s.bed = flood::constant_field(0.0);
  s.initial_depth = flood::constant_field(0.5);
  s.roughness = flood::constant_field(0.03);
  s.rain_pattern = flood::constant_field(1.0);
  // Cell (i, j) has its centre at x = 2 j + 1, y = 40 - 2 i - 1.
  auto at = [](const char* name, int i, int j, std::vector<double> thr) {
    return flood::Gauge{name, 2.0 * j + 1, 40.0 - 2.0 * i - 1, thr};
  };
  s.gauges = {at("none", 3, 3, {1, 2, 3, 4}), at("blue", 3, 12, {0.4, 0.6, 0.7, 0.8}),
              at("yellow", 3, 22, {0.1, 0.2, 0.6, 0.7}), at("orange", 14, 5, {0.1, 0.2, 0.3, 0.6}),
              at("red", 14, 20, {0.1, 0.2, 0.3, 0.4})};
  return s;
}
}  // namespace

TEST(FloodQuicklook, GaugeMarkersShowTheHighestWarningReached) {
  const auto world = mpi::Comm::world();
  const auto setup = gauged_lake();
  flood::FloodModel m(setup, world);
  while (!m.done()) m.step();
  test::TempDir dir("quicklook");
  flood::write_quicklook(m, dir / "max_depth.png");
  if (!world.is_root()) return;
  const auto png = read_with_gdal(dir / "max_depth.png");
  // 30 columns enlarged to 800 / 30 = 26 pixels per cell: a 780 x 520 map, then the 200-pixel
  // legend; the legend (360 high) is shorter than the map.
  ASSERT_EQ(png.bands, 3);
  ASSERT_EQ(png.cols, 980);
  ASSERT_EQ(png.rows, 520);
  auto pixel = [&](int x, int y) {
    const size_t k = (size_t(y) * png.cols + x) * 3;
    return std::vector<double>{png.values[k], png.values[k + 1], png.values[k + 2]};
  };
  // Marker centres at the cells' centres: pixel floor((index + 0.5) * 26).
  auto centre = [](int index) { return int((index + 0.5) * 26); };
  using V = std::vector<double>;
  EXPECT_EQ(pixel(centre(3), centre(3)), (V{255, 255, 255}));  // none
  EXPECT_EQ(pixel(centre(12), centre(3)), (V{0, 90, 255}));    // blue
  EXPECT_EQ(pixel(centre(22), centre(3)), (V{255, 221, 0}));   // yellow
  EXPECT_EQ(pixel(centre(5), centre(14)), (V{255, 140, 0}));   // orange
  EXPECT_EQ(pixel(centre(20), centre(14)), (V{220, 20, 20}));  // red
  // Open water far from the markers is blue on the depth ramp, not grey terrain.
  const auto water = pixel(centre(28), centre(9));
  EXPECT_GT(water[2], water[0] + 40) << water[0] << " " << water[1] << " " << water[2];
}

TEST(FloodQuicklook, LargeGridsAreReducedToTheMaximumOverEachPixel) {
  // 4001 rows: 3 x 3 cells per pixel, 1334 x 4 pixels. One cell 0.3 m deep in a dry grid: its
  // pixel's maximum is wet (>= 0.05 m, blue), where a mean (0.033 m) would be dry (grey). On 2
  // ranks rank 1 starts at row 2000, so that cell's pixel (rows 1998..2000) spans both blocks
  // and rank 1's dry part arrives after rank 0's wet cell: the merge must keep the maximum.
  flood::FloodSetup s;
  s.ny = 4001;
  s.nx = 10;
  s.dx = 5.0;
  s.y0 = 4001 * 5.0;
  s.bed = flood::constant_field(0.0);
  s.initial_depth = flood::constant_field(0.0);
  s.roughness = flood::constant_field(0.03);
  s.rain_pattern = flood::constant_field(1.0);
  const auto L = flood::QuicklookLayout::of(s.ny, s.nx);
  EXPECT_EQ(L.cells_per_pixel, 3);
  EXPECT_EQ(L.pixels_per_cell, 1);
  EXPECT_EQ(L.map_height, 1334);
  EXPECT_EQ(L.map_width, 4);
  const auto world = mpi::Comm::world();
  flood::FloodModel m(s, world);
  const auto& d = m.decomposition();
  auto host = Kokkos::create_mirror_view(m.maps().max_depth);
  Kokkos::deep_copy(host, 0.0);
  if (d.owns(1998, 4)) host(1998 - d.i0 + 1, 4 - d.j0 + 1) = 0.3;
  Kokkos::deep_copy(m.mutable_maps().max_depth, host);
  test::TempDir dir("quicklook-large");
  flood::write_quicklook(m, dir / "q.png");
  if (!world.is_root()) return;
  const auto png = read_with_gdal(dir / "q.png");
  ASSERT_EQ(png.cols, 4 + 200);
  ASSERT_EQ(png.rows, 1334);
  auto rgb = [&](int x, int y) {
    const size_t k = (size_t(y) * png.cols + x) * 3;
    return std::vector<double>{png.values[k], png.values[k + 1], png.values[k + 2]};
  };
  const auto wet = rgb(1, 666), dry = rgb(1, 600);
  EXPECT_GT(wet[2], wet[0] + 40);  // blue
  EXPECT_EQ(dry[0], dry[2]);       // grey
  EXPECT_EQ(dry[0], dry[1]);
}
