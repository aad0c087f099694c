// DEM files read per rank: every rank reads only its block when the model fills it, and the
// bed is the file's elevations (nodata -> a wall 1000 m above the highest terrain) on any number
// of ranks, bit for bit. A DEM in degrees is reprojected with flood.dem.reproject; its bed and a
// flood on it are identical on 1, 2 and 4 ranks; roughness must then be on the reprojected grid.
#include "apps/flood/flood_model.hpp"
#include "apps/flood/raster_fields.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/raster/raster.hpp"
#include "io/raster/raster_source.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#if defined(KARST_HAVE_GDAL)
#include "support/source_dir.hpp"
#include "support/synthetic_geotiff.hpp"
#endif

using namespace karst;

namespace {

const mpi::Comm world = mpi::Comm::world();

// A 23 x 31 ESRI ASCII valley, 10 m cells, with a nodata notch on the north edge.
std::string write_valley_asc(const test::TempDir& d) {
  const std::string path = d / "valley.asc";
  if (world.is_root()) {
    std::ofstream f(path);
    f << "ncols 31\nnrows 23\nxllcorner 500000\nyllcorner 2900000\ncellsize 10\n"
         "NODATA_value -9999\n";
    for (int i = 0; i < 23; ++i)
      for (int j = 0; j < 31; ++j)
        f << (i == 0 && j > 10 && j < 14
                  ? -9999.0
                  : 40 - 0.5 * j + 0.7 * std::abs(i - 11) + 0.01 * ((i * 7 + j * 3) % 5))
          << (j < 30 ? " " : "\n");
  }
  world.barrier();
  return path;
}

flood::DemOptions file_only(const std::string& path) {
  flood::DemOptions dem;
  dem.file = path;
  return dem;
}

flood::FloodSetup dem_setup(const flood::DemOptions& dem, double t_end) {
  flood::FloodSetup s;
  flood::apply_dem(s, dem);
  s.roughness = flood::constant_field(0.04);
  s.initial_depth = flood::constant_field(0.0);
  s.rain_mm_per_h = {{0}, {50}};
  s.east.kind = s.west.kind = s.north.kind = s.south.kind = hydro::EdgeKind::outflow;
  s.t_end = t_end;
  return s;
}

struct Outcome {
  std::vector<double> bed, h;
  double rain_m3 = 0;
};

Outcome run(const flood::FloodSetup& s, const mpi::Comm& comm) {
  flood::FloodModel m(s, comm);
  while (!m.done()) m.step();
  return {m.gather(m.bed()), m.gather(m.state().h), m.budget().rain};
}

void expect_same_bits(const std::vector<double>& a, const std::vector<double>& b, const char* w) {
  ASSERT_EQ(a.size(), b.size()) << w;
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(double))) << w << " differs";
}

// The run on every rank of the world and, on rank 0, alone: the same bits.
void expect_rank_invariant(const flood::FloodSetup& s) {
  const Outcome all = run(s, world);
  if (world.is_root()) {
    const Outcome alone = run(s, mpi::Comm::self());
    expect_same_bits(all.bed, alone.bed, "bed");
    expect_same_bits(all.h, alone.h, "depth");
  }
  world.barrier();
}

}  // namespace

TEST(FloodDem, EsriAsciiBedIsTheFileOnAnyNumberOfRanks) {
  test::TempDir d("flood-dem");
  const auto path = write_valley_asc(d);
  const auto s = dem_setup(file_only(path), 60);
  const auto ref = io::read_esri_ascii(path);  // the whole-grid reader: the known answer
  double zmax = -1e300;
  for (double v : ref.values)
    if (!ref.is_nodata(v)) zmax = std::max(zmax, v);
  const Outcome r = run(s, world);
  ASSERT_EQ(r.bed.size(), ref.values.size());
  for (size_t k = 0; k < r.bed.size(); ++k)
    EXPECT_EQ(r.bed[k], ref.is_nodata(ref.values[k]) ? zmax + 1000 : ref.values[k]) << k;
  EXPECT_EQ(r.bed[12], zmax + 1000);  // row 0, column 12: the notch
  // Rain falls on the terrain only: 50 mm/h for 60 s on 23 x 31 - 3 cells of 100 m2.
  EXPECT_NEAR(r.rain_m3, 0.05 / 3600 * 60 * (23 * 31 - 3) * 100, 1e-9);
  expect_rank_invariant(s);
}

TEST(FloodDem, Hdf5BedIsTheFileOnAnyNumberOfRanks) {
  test::TempDir d("flood-dem");
  const std::string path = d / "dem.h5";
  std::vector<double> z(19 * 27);
  for (size_t k = 0; k < z.size(); ++k) z[k] = 30 - 0.3 * double(k % 27) + 0.01 * double(k % 7);
  if (world.is_root()) {
    auto f = io::H5File::create(path, mpi::Comm::self());
    io::write_block(f, "elevation", io::Block::whole({19, 27}), z.data(),
                    {"m", {5.0, 5.0}, {1000.0 - 2.5, 2.5}});
    f.commit();
  }
  world.barrier();
  const auto s = dem_setup(file_only(path), 60);
  EXPECT_EQ(s.x0, 0.0);
  EXPECT_EQ(s.y0, 1000.0);
  const Outcome r = run(s, world);
  expect_same_bits(r.bed, z, "bed");
  expect_rank_invariant(s);
}

TEST(FloodDem, CellSizeOfDegreesSuggestsReprojecting) {
  test::TempDir d("flood-dem");
  const std::string path = d / "deg.asc";
  if (world.is_root())
    std::ofstream(path) << "ncols 3\nnrows 3\nxllcorner 6\nyllcorner 49\ncellsize 0.001\n"
                           "1 2 3\n4 5 6\n7 8 9\n";
  world.barrier();
  const auto e = test::error_of([&] { dem_setup(file_only(path), 60); });
  EXPECT_NE(e.find("deg.asc: cell size 0.001 is implausible in metres"), std::string::npos) << e;
  EXPECT_NE(e.find("flood.dem.reproject: utm"), std::string::npos) << e;
}

#if defined(KARST_HAVE_GDAL)

namespace {
// A valley in degrees: 60 x 80 cells of 0.001 degrees (about 72 m x 111 m) near Luxembourg,
// falling to the east, a channel along the middle row.
std::string write_valley_tif(const test::TempDir& d) {
  const std::string path = d / "valley.tif";
  test::GeoGrid g{60, 80, 6.0, 49.9, 0.001};
  if (world.is_root())
    test::write_geographic_tif(path, g, [](double lon, double lat) {
      return 300 - 800 * (lon - 6.0) + 3000 * std::fabs(lat - 49.87);
    });
  world.barrier();
  return path;
}
}  // namespace

TEST(FloodDem, ReprojectedDemIsIdenticalOnAnyNumberOfRanks) {
  test::TempDir d("flood-dem");
  const auto path = write_valley_tif(d);
  flood::DemOptions dem{path, "elevation", "utm", 50.0};
  const auto s = dem_setup(dem, 300);
  EXPECT_EQ(s.dx, 50.0);
  EXPECT_NE(s.crs_wkt.find("UTM zone 32N"), std::string::npos);
  // The bed is the warped raster, nodata (outside the rotated footprint) as walls.
  const auto src = io::open_warped_raster_source(path, {"utm", 50.0});
  std::vector<double> warped(static_cast<size_t>(s.ny * s.nx));
  src->read_window(0, 0, static_cast<int>(s.ny), static_cast<int>(s.nx), warped.data());
  double zmax = -1e300;
  for (double v : warped)
    if (!src->grid().is_nodata(v)) zmax = std::max(zmax, v);
  const Outcome r = run(s, world);
  for (size_t k = 0; k < warped.size(); ++k)
    ASSERT_EQ(r.bed[k], src->grid().is_nodata(warped[k]) ? zmax + 1000 : warped[k]) << k;
  double water = 0;
  for (double h : r.h) water += h;
  EXPECT_GT(water, 0.0);  // it rained: a real run
  expect_rank_invariant(s);
}

TEST(FloodDem, RoughnessOffTheReprojectedGridIsRefused) {
  test::TempDir d("flood-dem");
  const auto path = write_valley_tif(d);
  flood::FloodSetup s;
  flood::apply_dem(s, {path, "elevation", "utm", 0.0});
  // A roughness map on the DEM's own (geographic) grid, with the reprojected grid's shape.
  const std::string rough = d / "rough.tif";
  if (world.is_root())
    test::write_geographic_tif(rough, {int(s.ny), int(s.nx), 6.0, 49.9, 0.001},
                               [](double, double) { return 0.05; });
  world.barrier();
  const auto e = test::error_of([&] { flood::apply_roughness_file(s, rough, true); });
  EXPECT_NE(e.find("rough.tif: is not on the reprojected DEM's grid"), std::string::npos) << e;
  EXPECT_NE(e.find("gdalwarp -t_srs"), std::string::npos) << e;
}

TEST(FloodDem, GeographicDemWithoutReprojectSuggestsUtm) {
  test::TempDir d("flood-dem");
  const auto path = write_valley_tif(d);
  const auto e = test::error_of([&] { dem_setup(file_only(path), 60); });
  EXPECT_NE(e.find("(its CRS is geographic)"), std::string::npos) << e;
  EXPECT_NE(e.find("flood.dem.reproject: utm"), std::string::npos) << e;
}

#endif

TEST(FloodDem, SharedLuxembourgDemReprojectedToUtm) {
  const std::string path = karst::test::source_dir() + "/../shared/data/dem/luxembourg-elev.tif";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  flood::FloodSetup s;
  const auto e = test::error_of([&] { flood::apply_dem(s, {path, "elevation", "utm", 0.0}); });
  if (e.find("without GDAL") != std::string::npos) GTEST_SKIP() << e;
  ASSERT_EQ(e, "");
  EXPECT_NE(s.crs_wkt.find("UTM zone 32N"), std::string::npos);
  // Luxembourg: about 5.7-6.5 E, 49.4-50.2 N; in UTM 32N about x 260-330 km, y 5475-5565 km.
  EXPECT_LT(s.x0, 270000.0);
  EXPECT_GT(s.x0 + s.nx * s.dx, 320000.0);
  EXPECT_GT(s.y0, 5550000.0);
  EXPECT_LT(s.y0 - s.ny * s.dx, 5490000.0);
  std::vector<double> z(static_cast<size_t>(s.ny * s.nx));
  s.bed(0, 0, static_cast<int>(s.ny), static_cast<int>(s.nx), z.data());
  double lo = 1e9, hi = -1e9;
  for (double v : z) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GT(lo, 100.0);  // the Moselle, about 130 m
  EXPECT_LT(lo, 250.0);
  EXPECT_GT(hi, 1000.0);  // the walls outside the country (highest terrain + 1000 m)
}
