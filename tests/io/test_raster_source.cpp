// Raster sources: every format reads any window with the values the whole-grid reader gives,
// a scan visits every row once, and the CRS comes from the file (.prj, `crs` attribute,
// GeoTIFF). Reprojection through GDAL's warper: the grid is gdalwarp's, a plane stays a plane,
// `utm` picks the zone of the centre, and windows read the same bits as the whole grid.
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/raster/raster.hpp"
#include "io/raster/raster_source.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#if defined(KARST_HAVE_GDAL)
#include "support/synthetic_geotiff.hpp"

#include <gdal_utils.h>
#endif

using namespace karst;

namespace {

const mpi::Comm self = mpi::Comm::self();

std::vector<double> window(const io::RasterSource& s, long long i0, long long j0, int ny, int nx) {
  std::vector<double> v(static_cast<size_t>(ny) * nx);
  s.read_window(i0, j0, ny, nx, v.data());
  return v;
}

std::vector<double> whole(const io::RasterSource& s) {
  return window(s, 0, 0, static_cast<int>(s.grid().ny), static_cast<int>(s.grid().nx));
}

// Every 3x4 window of `s` (and the strips of a scan) against the whole grid `all`.
void expect_windows_match(const io::RasterSource& s, const std::vector<double>& all) {
  const auto& g = s.grid();
  for (long long i0 = 0; i0 + 3 <= g.ny; i0 += 2)
    for (long long j0 = 0; j0 + 4 <= g.nx; j0 += 3) {
      const auto w = window(s, i0, j0, 3, 4);
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j)
          ASSERT_EQ(0, std::memcmp(&w[i * 4 + j], &all[(i0 + i) * g.nx + j0 + j], sizeof(double)))
              << "cell " << i0 + i << "," << j0 + j;
    }
  long long next = 0;
  s.scan(2, [&](long long i0, int rows, const double* v) {
    ASSERT_EQ(i0, next);
    ASSERT_EQ(0, std::memcmp(v, &all[i0 * g.nx], sizeof(double) * rows * g.nx));
    next += rows;
  });
  EXPECT_EQ(next, g.ny);
}

std::string asc_text() {
  std::ostringstream t;
  t << "ncols 7\nnrows 5\nxllcorner 500000\nyllcorner 2900000\ncellsize 10\n"
       "NODATA_value -9999\n";
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 7; ++j) t << 100 * i + j + 0.25 << (j < 6 ? " " : "\n");
  return t.str();
}

}  // namespace

TEST(RasterSource, EsriAsciiWindowsMatchTheWholeGrid) {
  test::TempDir d("raster-source", self);
  std::ofstream(d / "dem.asc") << asc_text();
  const auto s = io::open_raster_source(d / "dem.asc");
  const auto ref = io::read_esri_ascii(d / "dem.asc");
  EXPECT_EQ(s->grid().ny, 5);
  EXPECT_EQ(s->grid().nx, 7);
  EXPECT_EQ(s->grid().x0, 500000);
  EXPECT_EQ(s->grid().y0, 2900050);
  EXPECT_TRUE(s->grid().has_nodata);
  EXPECT_TRUE(s->grid().crs_wkt.empty());  // no .prj beside it
  EXPECT_EQ(whole(*s), ref.values);
  EXPECT_EQ(window(*s, 3, 2, 1, 1), std::vector<double>{302.25});  // row 3, column 2
  expect_windows_match(*s, ref.values);
  EXPECT_NE(test::error_of([&] { window(*s, 4, 0, 2, 7); }).find("outside the 5x7 grid"),
            std::string::npos);
}

TEST(RasterSource, EsriAsciiErrorsNameTheLine) {
  test::TempDir d("raster-source", self);
  auto text = asc_text();
  text.replace(text.find("300.25"), 6, "nan");  // data row 3 = line 10
  std::ofstream(d / "bad.asc") << text;
  const auto s = io::open_raster_source(d / "bad.asc");
  EXPECT_EQ(window(*s, 0, 0, 3, 7).size(), 21u);  // rows before it read fine
  EXPECT_NE(test::error_of([&] { window(*s, 3, 0, 1, 7); }).find("bad.asc:10: value 'nan'"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] {
              s->scan(2, [](long long, int, const double*) {});
            }).find("bad.asc:10: value 'nan' is not finite"),
            std::string::npos);
  std::ofstream(d / "short.asc") << asc_text().substr(0, asc_text().rfind("400.25"));
  const auto t = io::open_raster_source(d / "short.asc");
  EXPECT_NE(test::error_of([&] { window(*t, 4, 0, 1, 7); }).find("ends after 4 of 5 data rows"),
            std::string::npos);
}

TEST(RasterSource, Hdf5HyperslabsMatchTheWholeGrid) {
  test::TempDir d("raster-source", self);
  std::vector<double> v(6 * 9);
  for (size_t k = 0; k < v.size(); ++k) v[k] = 0.5 * double(k) - 3;
  {
    auto f = io::H5File::create(d / "dem.h5", self);
    io::write_block(f, "elevation", io::Block::whole({6, 9}), v.data(),
                    {"m", {20.0, 20.0}, {3000.0 - 10, 1000.0 + 10}});
    {
      io::H5Handle ds(H5Dopen2(f.id(), "elevation", H5P_DEFAULT), H5Dclose);
      io::write_string_attribute(ds.get(), "crs", "EPSG:32648");
    }
    f.commit();
  }
  const auto s = io::open_raster_source(d / "dem.h5");
  EXPECT_EQ(s->grid().dx, 20.0);
  EXPECT_EQ(s->grid().x0, 1000.0);
  EXPECT_EQ(s->grid().y0, 3000.0);
  EXPECT_EQ(whole(*s), v);
  expect_windows_match(*s, v);
#if defined(KARST_HAVE_GDAL)
  EXPECT_NE(s->grid().crs_wkt.find("UTM zone 48N"), std::string::npos) << s->grid().crs_wkt;
#endif
}

TEST(RasterSource, UtmZoneOfACentre) {
  EXPECT_EQ(io::utm_crs_of(6.1, 49.8), "EPSG:32632");     // Luxembourg
  EXPECT_EQ(io::utm_crs_of(106.7, 26.6), "EPSG:32648");   // Guiyang
  EXPECT_EQ(io::utm_crs_of(151.2, -33.9), "EPSG:32756");  // Sydney: south
  EXPECT_EQ(io::utm_crs_of(-180.0, 10.0), "EPSG:32601");
  EXPECT_EQ(io::utm_crs_of(179.99, 10.0), "EPSG:32660");
  EXPECT_EQ(io::round_cell_size(92.6), 93.0);
  EXPECT_EQ(io::round_cell_size(1234.0), 1200.0);
  EXPECT_NEAR(io::round_cell_size(0.873), 0.87, 1e-12);
}

#if defined(KARST_HAVE_GDAL)

namespace {

// A 40 x 50 grid of 0.002 degrees with its north-west corner at (lon0, 50 N).
std::string plane_tif(const test::TempDir& d, double lon0, double a, double b,
                      const std::string& utm) {
  test::GeoGrid g;
  g.lon0 = lon0;
  const test::Transform to_utm("EPSG:4326", utm);
  const std::string path = d / "plane.tif";
  test::write_geographic_tif(
      path, g, [&](double lon, double lat) { return a * to_utm(lon, lat).first + b; });
  return path;
}

// gdalwarp's grid for the same options, computed by GDAL's own gdalwarp library.
void gdalwarp_grid(const std::string& path, const std::string& crs, double res, double gt[6],
                   int& nx, int& ny) {
  const std::string r = std::to_string(res);
  const char* argv[] = {"-of",     "MEM",     "-t_srs", crs.c_str(), "-tr",
                        r.c_str(), r.c_str(), "-r",     "bilinear",  nullptr};
  GDALWarpAppOptions* o = GDALWarpAppOptionsNew(const_cast<char**>(argv), nullptr);
  GDALDatasetH in = GDALOpen(path.c_str(), GA_ReadOnly);
  GDALDatasetH out = GDALWarp("", nullptr, 1, &in, o, nullptr);
  ASSERT_NE(out, nullptr);
  GDALGetGeoTransform(out, gt);
  nx = GDALGetRasterXSize(out);
  ny = GDALGetRasterYSize(out);
  GDALClose(out);
  GDALClose(in);
  GDALWarpAppOptionsFree(o);
}

}  // namespace

TEST(WarpedRasterSource, GridIsGdalwarpsAndAPlaneStaysAPlane) {
  test::TempDir d("raster-source", self);
  const double a = 0.01, b = -4000;  // 1 m per 100 m of easting
  const auto path = plane_tif(d, 6.0, a, b, "EPSG:32632");
  const auto s = io::open_warped_raster_source(path, {"EPSG:32632", 100.0});
  const auto& g = s->grid();
  double gt[6];
  int nx = 0, ny = 0;
  gdalwarp_grid(path, "EPSG:32632", 100.0, gt, nx, ny);
  EXPECT_EQ(g.nx, nx);
  EXPECT_EQ(g.ny, ny);
  EXPECT_NEAR(g.x0, gt[0], 1e-6);
  EXPECT_NEAR(g.y0, gt[3], 1e-6);
  EXPECT_EQ(g.dx, 100.0);
  EXPECT_NE(g.crs_wkt.find("UTM zone 32N"), std::string::npos);
  // Cells well inside the source (2 source cells from its edge): the plane, to interpolation
  // error (bilinear on a surface that is linear in easting to within millimetres per cell).
  const auto v = whole(*s);
  const test::Transform to_geo("EPSG:32632", "EPSG:4326");
  int checked = 0, outside = 0;
  for (long long i = 0; i < g.ny; ++i)
    for (long long j = 0; j < g.nx; ++j) {
      const double x = g.x0 + (j + 0.5) * g.dx, y = g.y0 - (i + 0.5) * g.dx;
      const auto [lon, lat] = to_geo(x, y);
      const double z = v[i * g.nx + j];
      if (lon < 6.0 - 0.002 || lon > 6.1 + 0.002 || lat > 50.0 + 0.002 || lat < 49.92 - 0.002) {
        EXPECT_TRUE(g.is_nodata(z)) << i << "," << j;  // nodata outside, never 0
        ++outside;
      }
      if (lon < 6.004 || lon > 6.096 || lat > 49.996 || lat < 49.924) continue;
      ASSERT_FALSE(g.is_nodata(z));
      EXPECT_NEAR(z, a * x + b, 2e-3) << i << "," << j;
      ++checked;
    }
  EXPECT_GT(checked, 2000);
  EXPECT_GT(outside, 10);  // the rotated footprint leaves corners outside the source
}

TEST(WarpedRasterSource, WindowsReadTheSameBitsAsTheWholeGrid) {
  test::TempDir d("raster-source", self);
  const auto path = plane_tif(d, 6.0, 0.013, 17.0, "EPSG:32632");
  const auto s = io::open_warped_raster_source(path, {"EPSG:32632", 70.0});
  expect_windows_match(*s, whole(*s));
}

TEST(WarpedRasterSource, UtmPicksTheZoneOfTheCentre) {
  test::TempDir d("raster-source", self);
  for (const auto& [lon0, zone] :
       std::vector<std::pair<double, std::string>>{{6.05, "32N"}, {106.65, "48N"}}) {
    const auto path = plane_tif(d, lon0, 0.0, 250.0, "EPSG:4326");  // constant 250 m
    const auto s = io::open_warped_raster_source(path, {"utm", 0.0});
    EXPECT_NE(s->grid().crs_wkt.find("UTM zone " + zone), std::string::npos) << lon0;
    // Default cell: gdalwarp's suggestion rounded to 2 digits (0.002 degrees: 143 m x 222 m).
    EXPECT_GT(s->grid().dx, 100.0);
    EXPECT_LT(s->grid().dx, 250.0);
    EXPECT_EQ(s->grid().dx, io::round_cell_size(s->grid().dx));
    int valid = 0;
    for (double z : whole(*s))
      if (!s->grid().is_nodata(z)) {
        EXPECT_NEAR(z, 250.0, 1e-9);
        ++valid;
      }
    EXPECT_GT(valid, 100);
  }
}

TEST(WarpedRasterSource, UnknownCrsIsAnError) {
  test::TempDir d("raster-source", self);
  const auto path = plane_tif(d, 6.0, 0.0, 1.0, "EPSG:4326");
  EXPECT_NE(test::error_of([&] {
              io::open_warped_raster_source(path, {"EPSG:999999", 0});
            }).find("'EPSG:999999' is not a coordinate reference system GDAL knows"),
            std::string::npos);
}

TEST(RasterSource, EsriAsciiCrsFromItsPrj) {
  test::TempDir d("raster-source", self);
  std::ofstream(d / "dem.asc") << asc_text();
  std::ofstream(d / "dem.prj") << io::crs_to_wkt("EPSG:32648", "test");
  const auto s = io::open_raster_source(d / "dem.asc");
  EXPECT_NE(s->grid().crs_wkt.find("UTM zone 48N"), std::string::npos);
}

#endif
