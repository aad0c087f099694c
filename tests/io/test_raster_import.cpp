// DEM importers: ESRI ASCII grids are read with their georeferencing, and every malformed file
// is an error naming the file and line. GeoTIFF goes through GDAL (skipped if the shared data or
// GDAL is absent).
#include "base/error.hpp"
#include "io/raster/raster.hpp"
#include "support/fuzz_corpus.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include "support/source_dir.hpp"

using namespace karst;

namespace {
std::string write(const test::TempDir& d, const std::string& name, const std::string& text) {
  std::ofstream(d / name) << text;
  return d / name;
}
std::string error_of(const std::string& path) {
  try {
    io::read_esri_ascii(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(EsriAscii, ReadsValuesAndGeoreference) {
  test::TempDir d("asc", mpi::Comm::self());
  const auto p = write(d, "dem.asc",
                       "ncols 3\nnrows 2\nxllcorner 1000\nyllcorner 2000\ncellsize 5\n"
                       "NODATA_value -9999\n1 2 3\n4 -9999 6.5\n");
  const auto r = io::read_esri_ascii(p);
  EXPECT_EQ(r.ny, 2);
  EXPECT_EQ(r.nx, 3);
  EXPECT_EQ(r.dx, 5.0);
  EXPECT_EQ(r.x0, 1000.0);
  EXPECT_EQ(r.y0, 2010.0);  // lower-left corner + 2 rows of 5 m: north-west corner
  EXPECT_EQ(r.at(0, 2), 3.0);
  EXPECT_EQ(r.at(1, 2), 6.5);
  EXPECT_TRUE(r.is_nodata(r.at(1, 1)));
  const auto c = io::read_esri_ascii(
      write(d, "centre.asc", "ncols 1\nnrows 1\nxllcenter 10\nyllcenter 20\ncellsize 2\n7\n"));
  EXPECT_EQ(c.x0, 9.0);
  EXPECT_EQ(c.y0, 21.0);
}

TEST(EsriAscii, MalformedFilesNameFileAndLine) {
  test::TempDir d("badasc", mpi::Comm::self());
  const std::string head = "ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n";
  auto expect = [&](const std::string& name, const std::string& text, const std::string& needle) {
    const auto msg = error_of(write(d, name, text));
    EXPECT_NE(msg.find(needle), std::string::npos) << "'" << msg << "' lacks '" << needle << "'";
  };
  expect("short.asc", head + "1 2\n3\n", "short.asc:7: 1 values, expected ncols = 2");
  expect("trunc.asc", head + "1 2\n", "trunc.asc: ends after 1 of 2 data rows");
  expect("word.asc", head + "1 x\n3 4\n", "word.asc:6: 'x' is not a number");
  expect("nan.asc", head + "1 nan\n3 4\n", "nan.asc:6: value 'nan' is not finite");
  expect("nohead.asc", "ncols 2\nnrows 2\n1 2\n3 4\n", "header lacks 'xllcorner'");
  expect("badkey.asc", "ncols 2\nrows 2\n", "badkey.asc:2: unknown header key 'rows'");
  expect("huge.asc", "ncols 99999999\nnrows 99999999\nxllcorner 0\nyllcorner 0\ncellsize 1\n",
         "absurdly large");
  EXPECT_NE(error_of(d / "missing.asc").find("does not exist"), std::string::npos);
}

// Inputs that fuzz_esri_ascii (tests/fuzz/) found accepted with a nonsensical result.
TEST(EsriAscii, FuzzReproducersAreCleanErrors) {
  auto expect = [](const std::string& msg, const std::string& needle) {
    EXPECT_NE(msg.find(needle), std::string::npos) << "'" << msg << "' lacks '" << needle << "'";
  };
  // "inf" is a number to strtod: the grid's corner ended up at infinity.
  expect(error_of(test::fuzz_corpus("fuzz_esri_ascii", "crash_infinite_yllcenter.asc")),
         "crash_infinite_yllcenter.asc:4: yllcenter 'inf' is not finite");
  test::TempDir d("fuzzasc", mpi::Comm::self());
  const std::string rest = "xllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n";
  expect(error_of(write(d, "half.asc", "ncols 2.5\nnrows 1\n" + rest)),
         "half.asc:1: ncols 2.5 is not a whole number");
  expect(error_of(write(d, "far.asc",
                        "ncols 2\nnrows 1000\nxllcorner 0\nyllcorner 0\n"
                        "cellsize 1e306\n1 2\n")),
         "far.asc: the grid's corner");
  // The header promised 10^12 cells in a 60-byte file: std::bad_alloc from reserving 8 TB.
  expect(error_of(test::fuzz_corpus("fuzz_esri_ascii", "oom_promised_cells.asc")),
         "oom_promised_cells.asc:6: 2 values, expected ncols = 1000000");
}

TEST(GeoTiff, ReadsTheSharedLuxembourgDem) {
  const std::string path = karst::test::source_dir() + "/../shared/data/dem/luxembourg-elev.tif";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  io::Raster r;
  try {
    r = io::read_gdal(path);
  } catch (const Error& e) {
    if (std::string(e.what()).find("without GDAL") != std::string::npos) GTEST_SKIP() << e.what();
    throw;
  }
  EXPECT_GT(r.ny, 10);
  EXPECT_GT(r.nx, 10);
  double lo = 1e9, hi = -1e9;
  for (double v : r.values)
    if (!r.is_nodata(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  std::printf("luxembourg-elev.tif: %lldx%lld cells of %.2f, elevation %.1f..%.1f\n", r.ny, r.nx,
              r.dx, lo, hi);
  // Luxembourg lies between about 130 m (Moselle) and 560 m (Kneiff).
  EXPECT_GT(lo, 50.0);
  EXPECT_LT(hi, 700.0);
}
