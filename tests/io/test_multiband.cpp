// Multiband rasters for the fusion workload: HDF5 written collectively by row strips and read
// back by any rank, ENVI in every interleave, type and byte order (checked byte by byte, not
// only by round trip), header errors that name the file and line, georeferencing, and GeoTIFF
// through GDAL when Karst has it and the shared data is present.
#include "base/error.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/raster/multiband.hpp"
#include "support/error_of.hpp"
#include "support/fuzz_corpus.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include "support/source_dir.hpp"

using namespace karst;

#define EXPECT_MENTIONS(msg, needle) \
  EXPECT_NE((msg).find(needle), std::string::npos) << "'" << (msg) << "' lacks '" << (needle) << "'"

namespace {

const double kNaN = std::nan("");

// A stored value that differs for every band, row and column and includes negatives; exact in
// int16 and (times 0.25) in float32.
double stored_value(long long b, long long r, long long c) {
  return 1000.0 * b + 37.0 * r - 11.0 * c - 50.0;
}

size_t index_of(const io::MultibandInfo& info, long long b, long long r, long long c) {
  return static_cast<size_t>((b * info.rows + r) * info.cols + c);
}

// The whole image, band-major, from f(b, r, c).
template <class F>
std::vector<double> make_image(const io::MultibandInfo& info, F f) {
  std::vector<double> v(static_cast<size_t>(info.bands * info.rows * info.cols));
  for (long long b = 0; b < info.bands; ++b)
    for (long long r = 0; r < info.rows; ++r)
      for (long long c = 0; c < info.cols; ++c) v[index_of(info, b, r, c)] = f(b, r, c);
  return v;
}

// Rows [row0, row0+n) of a whole band-major image, band-major: what read_rows returns.
std::vector<double> rows_of(const std::vector<double>& all, const io::MultibandInfo& info,
                            long long row0, long long n) {
  std::vector<double> v;
  for (long long b = 0; b < info.bands; ++b)
    for (long long r = row0; r < row0 + n; ++r)
      for (long long c = 0; c < info.cols; ++c) v.push_back(all[index_of(info, b, r, c)]);
  return v;
}

std::vector<double> read(const io::MultibandReader& reader, long long row0, long long n) {
  const auto& i = reader.info();
  std::vector<double> v(static_cast<size_t>(i.bands * n * i.cols), -12345.0);
  reader.read_rows(row0, n, v.data());
  return v;
}

// Bitwise-minded equality where NaN equals NaN.
void expect_same(const std::vector<double>& got, const std::vector<double>& want,
                 const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t k = 0; k < got.size(); ++k) {
    if (std::isnan(want[k]))
      ASSERT_TRUE(std::isnan(got[k])) << what << " [" << k << "] = " << got[k];
    else
      ASSERT_EQ(got[k], want[k]) << what << " [" << k << "]";
  }
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<unsigned char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One sample decoded by hand from raw bytes: independent of the library's own decoding.
double raw_sample(const std::vector<unsigned char>& bytes, size_t index, io::SampleType t,
                  bool big_endian) {
  const size_t size = io::sample_size(t);
  std::uint64_t bits = 0;
  for (size_t k = 0; k < size; ++k) {
    const unsigned char byte = bytes.at(index * size + (big_endian ? k : size - 1 - k));
    bits = (bits << 8) | byte;
  }
  if (t == io::SampleType::int16)
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(bits));
  if (t == io::SampleType::uint16) return static_cast<std::uint16_t>(bits);
  if (t == io::SampleType::float32) {
    const auto u = static_cast<std::uint32_t>(bits);
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  }
  ADD_FAILURE() << "raw_sample: type not covered";
  return 0;
}

io::MultibandInfo reflectance_info() {
  io::MultibandInfo info;
  info.bands = 3;
  info.rows = 5;
  info.cols = 4;
  info.type = io::SampleType::int16;
  info.scale = 1e-4;
  info.has_nodata = true;
  info.nodata = -9999;
  info.georef = {500000.0, 2950000.0, 30.0, 30.0, "EPSG:32648"};
  info.band_names = {"blue", "green", "red"};
  return info;
}

}  // namespace

TEST(MultibandHdf5, Int16WithScaleAndNodataRoundTrips) {
  test::TempDir dir("mb-int16", mpi::Comm::self());
  const auto info = reflectance_info();
  auto physical =
      make_image(info, [](auto b, auto r, auto c) { return stored_value(b, r, c) * 1e-4; });
  physical[index_of(info, 0, 0, 0)] = kNaN;
  physical[index_of(info, 1, 2, 3)] = kNaN;
  const std::string path = dir / "scene.h5";
  {
    auto file = io::H5File::create(path, mpi::Comm::self());
    io::MultibandWriter w(file, "/scene/refl", info);
    // Two strips, as a rank streaming a large scene would write them.
    w.write_rows(0, 2, rows_of(physical, info, 0, 2).data());
    w.write_rows(2, 3, rows_of(physical, info, 2, 3).data());
    file.commit();
  }

  const auto reader = io::open_multiband(path + ":/scene/refl");
  const auto& got = reader->info();
  EXPECT_EQ(got.bands, 3);
  EXPECT_EQ(got.rows, 5);
  EXPECT_EQ(got.cols, 4);
  EXPECT_EQ(got.type, io::SampleType::int16);
  EXPECT_EQ(got.scale, 1e-4);
  EXPECT_EQ(got.offset, 0.0);
  EXPECT_TRUE(got.has_nodata);
  EXPECT_EQ(got.nodata, -9999.0);
  EXPECT_EQ(got.georef.x0, 500000.0);
  EXPECT_EQ(got.georef.y0, 2950000.0);
  EXPECT_TRUE(got.has_scale);  // the scale_factor attribute (issue 20)
  EXPECT_EQ(got.georef.dx, 30.0);
  EXPECT_EQ(got.georef.dy, 30.0);
  EXPECT_EQ(got.georef.crs, "EPSG:32648");
  EXPECT_EQ(got.band_names, info.band_names);
  EXPECT_NE(got.source.find("scene.h5:/scene/refl"), std::string::npos) << got.source;

  const auto all = read(*reader, 0, 5);
  for (long long b = 0; b < 3; ++b)
    for (long long r = 0; r < 5; ++r)
      for (long long c = 0; c < 4; ++c) {
        const auto k = index_of(info, b, r, c);
        if (std::isnan(physical[k]))
          EXPECT_TRUE(std::isnan(all[k])) << b << "," << r << "," << c;
        else
          EXPECT_DOUBLE_EQ(all[k], stored_value(b, r, c) * 1e-4) << b << "," << r << "," << c;
      }
  expect_same(read(*reader, 1, 3), rows_of(all, info, 1, 3), "rows 1..3");
  expect_same(read(*reader, 4, 1), rows_of(all, info, 4, 1), "last row");
  EXPECT_TRUE(read(*reader, 5, 0).empty());

  // What is in the file, read with plain HDF5: int16 counts, -9999 for NaN, GDAL geotransform.
  auto file = io::H5File::open_read(path, mpi::Comm::self());
  io::H5Handle ds(H5Dopen2(file.id(), "/scene/refl", H5P_DEFAULT), H5Dclose);
  ASSERT_TRUE(ds.valid());
  io::H5Handle type(H5Dget_type(ds.get()), H5Tclose);
  EXPECT_GT(H5Tequal(type.get(), H5T_STD_I16LE), 0);
  std::vector<std::int16_t> raw(physical.size());
  ASSERT_GE(H5Dread(ds.get(), H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), 0);
  for (long long b = 0; b < 3; ++b)
    for (long long r = 0; r < 5; ++r)
      for (long long c = 0; c < 4; ++c) {
        const auto k = index_of(info, b, r, c);
        EXPECT_EQ(raw[k], std::isnan(physical[k]) ? -9999 : stored_value(b, r, c));
      }
  io::H5Handle gt_attr(H5Aopen(ds.get(), "geotransform", H5P_DEFAULT), H5Aclose);
  ASSERT_TRUE(gt_attr.valid());
  double gt[6];
  ASSERT_GE(H5Aread(gt_attr.get(), H5T_NATIVE_DOUBLE, gt), 0);
  EXPECT_EQ(std::vector<double>(gt, gt + 6),
            (std::vector<double>{500000.0, 30.0, 0.0, 2950000.0, 0.0, -30.0}));
  EXPECT_EQ(io::read_string_attribute(ds.get(), "band_names"), "blue,green,red");
  EXPECT_EQ(io::read_string_attribute(ds.get(), "crs"), "EPSG:32648");
}

TEST(MultibandHdf5, Float32KeepsNaNAndDefaultsToDatasetImage) {
  test::TempDir dir("mb-f32", mpi::Comm::self());
  io::MultibandInfo info;
  info.bands = 2;
  info.rows = 3;
  info.cols = 5;
  info.type = io::SampleType::float32;
  auto physical =
      make_image(info, [](auto b, auto r, auto c) { return 0.1 * stored_value(b, r, c); });
  physical[index_of(info, 1, 1, 1)] = kNaN;
  const std::string path = dir / "f32.h5";
  {
    auto file = io::H5File::create(path, mpi::Comm::self());
    io::MultibandWriter w(file, "image", info);
    w.write_rows(0, 3, physical.data());
    file.commit();
  }
  const auto reader = io::open_multiband(path);  // no ":dataset": "image"
  EXPECT_EQ(reader->info().type, io::SampleType::float32);
  EXPECT_FALSE(reader->info().has_nodata);
  EXPECT_FALSE(reader->info().georef.valid());
  auto want = physical;
  for (auto& v : want) v = static_cast<double>(static_cast<float>(v));  // float32 storage
  expect_same(read(*reader, 0, 3), want, "float32");
  expect_same(read(*reader, 2, 1), rows_of(want, info, 2, 1), "last row");
}

TEST(MultibandHdf5, RanksWriteTheirOwnRowsCollectively) {
  const auto comm = mpi::Comm::world();
  test::TempDir dir("mb-ranks");
  io::MultibandInfo info;
  info.bands = 2;
  info.rows = 7;
  info.cols = 3;
  info.type = io::SampleType::uint16;
  info.scale = 0.5;
  info.offset = 10.0;
  info.has_nodata = true;
  info.nodata = 65535;
  info.georef = {1000.0, 2000.0, 2.0, 2.0, ""};
  auto physical =
      make_image(info, [](auto b, auto r, auto c) { return 10.0 + 0.5 * (100 * b + 10 * r + c); });
  physical[index_of(info, 1, 6, 2)] = kNaN;

  const long long first = info.rows * comm.rank() / comm.size();
  const long long last = info.rows * (comm.rank() + 1) / comm.size();
  const std::string path = dir / "ranks.h5";
  {
    auto file = io::H5File::create(path, comm);
    io::MultibandWriter w(file, "/fusion/starfm", info);
    // Two collective calls on every rank: rank 0 writes all its rows at once and then nothing,
    // the others split theirs in two.
    const long long split = comm.rank() == 0 ? last : std::min(last, first + 1);
    w.write_rows(first, split - first, rows_of(physical, info, first, split - first).data());
    w.write_rows(split, last - split, rows_of(physical, info, split, last - split).data());
    file.commit();
  }
  // Every rank reads every row on its own, including rows other ranks wrote.
  const auto reader = io::open_multiband(path + ":fusion/starfm");
  EXPECT_EQ(reader->info().scale, 0.5);
  EXPECT_EQ(reader->info().offset, 10.0);
  EXPECT_EQ(reader->info().georef.x0, 1000.0);
  EXPECT_EQ(reader->info().georef.dy, 2.0);
  EXPECT_TRUE(reader->info().georef.crs.empty());
  expect_same(read(*reader, 0, 7), physical, "all rows");
  expect_same(read(*reader, 2, 3), rows_of(physical, info, 2, 3), "rows 2..4");
  expect_same(read(*reader, 6, 1), rows_of(physical, info, 6, 1), "row 6");
}

TEST(MultibandHdf5, BadValuesAndRowsNameTheDataset) {
  test::TempDir dir("mb-bad", mpi::Comm::self());
  const std::string path = dir / "bad.h5";
  auto file = io::H5File::create(path, mpi::Comm::self());
  auto info = reflectance_info();
  io::MultibandWriter w(file, "refl", info);
  std::vector<double> row(static_cast<size_t>(info.bands * info.cols), 0.1);
  row[5] = 4.0;  // 40000 counts of 1e-4: past int16
  auto msg = test::error_of([&] { w.write_rows(1, 1, row.data()); });
  EXPECT_MENTIONS(msg, "bad.h5:refl");
  EXPECT_MENTIONS(msg, "band 1, row 1, col 1");
  EXPECT_MENTIONS(msg, "40000");
  msg = test::error_of([&] { w.write_rows(4, 2, row.data()); });
  EXPECT_MENTIONS(msg, "bad.h5:refl");
  EXPECT_MENTIONS(msg, "rows [4, 6)");

  info.has_nodata = false;
  io::MultibandWriter no_nodata(file, "counts", info);
  std::vector<double> nan_row(static_cast<size_t>(info.bands * info.cols), kNaN);
  msg = test::error_of([&] { no_nodata.write_rows(0, 1, nan_row.data()); });
  EXPECT_MENTIONS(msg, "bad.h5:counts");
  EXPECT_MENTIONS(msg, "NaN");

  msg = test::error_of([&] { io::MultibandWriter again(file, "refl", reflectance_info()); });
  EXPECT_MENTIONS(msg, "bad.h5:refl");
  info.nodata = 1e6;
  info.has_nodata = true;
  msg = test::error_of([&] { io::MultibandWriter w2(file, "wide", info); });
  EXPECT_MENTIONS(msg, "is not representable as int16");

  // Reading: rows out of range, missing dataset, missing file.
  w.write_rows(0, 5, std::vector<double>(60, 0.5).data());
  file.commit();
  const auto reader = io::open_multiband(path + ":refl");
  std::vector<double> out(60);
  msg = test::error_of([&] { reader->read_rows(3, 3, out.data()); });
  EXPECT_MENTIONS(msg, "bad.h5:refl");
  EXPECT_MENTIONS(msg, "rows [3, 6)");
  EXPECT_MENTIONS(test::error_of([&] { io::open_multiband(path + ":nope"); }), "bad.h5:nope");
  EXPECT_MENTIONS(test::error_of([&] { io::open_multiband(dir / "missing.h5:x"); }),
                  "missing.h5: file does not exist");
}

// Found by the bad-input matrix (bad_input.fusion_inf_pixel): an infinite sample went into
// STARFM and the run "succeeded". Every reader decodes through here, so every format refuses it.
TEST(MultibandDecode, InfiniteSampleNamesBandRowAndCol) {
  io::MultibandInfo info;
  info.bands = 2;
  info.rows = 6;
  info.cols = 4;
  info.type = io::SampleType::float64;
  info.source = "x.h5:image";
  std::vector<double> v(2 * 2 * 4, 0.5);  // rows 3 and 4 of both bands
  v[0] = kNaN;                            // missing: stays NaN
  io::detail::decode_in_place(info, v.data(), 3, 2);
  EXPECT_TRUE(std::isnan(v[0]));
  v[(1 * 2 + 1) * 4 + 2] = -INFINITY;  // band 2, row 4, col 2
  EXPECT_MENTIONS(test::error_of([&] { io::detail::decode_in_place(info, v.data(), 3, 2); }),
                  "x.h5:image: band 2, row 4, col 2 holds -inf");
}

namespace {
struct EnviCase {
  io::EnviInterleave interleave;
  io::SampleType type;
  bool big_endian;
};
}  // namespace

TEST(Envi, EveryInterleaveTypeAndByteOrderRoundTripsExactly) {
  test::TempDir dir("mb-envi", mpi::Comm::self());
  int n = 0;
  for (auto il : {io::EnviInterleave::bsq, io::EnviInterleave::bil, io::EnviInterleave::bip})
    for (auto type : {io::SampleType::int16, io::SampleType::float32})
      for (bool big : {false, true}) {
        const std::string tag = "case " + std::to_string(n);
        io::MultibandInfo info;
        info.bands = 3;
        info.rows = 4;
        info.cols = 5;
        info.type = type;
        info.has_nodata = true;
        info.nodata = -9999;
        const double k = type == io::SampleType::int16 ? 1.0 : 0.25;
        auto physical =
            make_image(info, [&](auto b, auto r, auto c) { return k * stored_value(b, r, c); });
        physical[index_of(info, 2, 1, 3)] = kNaN;
        const std::string hdr = dir / ("img" + std::to_string(n++) + ".hdr");
        io::write_envi(hdr, info, physical.data(), il, big);

        // The bytes on disk, decoded by hand at the offset each interleave defines.
        const auto bytes = file_bytes(hdr.substr(0, hdr.size() - 4));
        ASSERT_EQ(bytes.size(), 60 * io::sample_size(type)) << tag;
        for (long long b = 0; b < 3; ++b)
          for (long long r = 0; r < 4; ++r)
            for (long long c = 0; c < 5; ++c) {
              const size_t at = il == io::EnviInterleave::bsq   ? (b * 4 + r) * 5 + c
                                : il == io::EnviInterleave::bil ? (r * 3 + b) * 5 + c
                                                                : (r * 5 + c) * 3 + b;
              const double want = std::isnan(physical[index_of(info, b, r, c)])
                                      ? -9999.0
                                      : k * stored_value(b, r, c);
              ASSERT_EQ(raw_sample(bytes, at, type, big), want) << tag << " " << b << r << c;
            }

        const auto reader = io::open_envi(hdr);
        EXPECT_EQ(reader->info().type, type) << tag;
        EXPECT_EQ(reader->info().nodata, -9999.0) << tag;
        expect_same(read(*reader, 0, 4), physical, tag + " all rows");
        expect_same(read(*reader, 1, 2), rows_of(physical, info, 1, 2), tag + " rows 1..2");
        expect_same(read(*reader, 3, 1), rows_of(physical, info, 3, 1), tag + " row 3");
        // The data file itself opens too: its header is name-without-extension + .hdr.
        expect_same(read(*io::open_multiband(hdr.substr(0, hdr.size() - 4)), 2, 2),
                    rows_of(physical, info, 2, 2), tag + " via data file");
      }
}

TEST(Envi, HandWrittenHeaderWithOffsetMapInfoAndReflectanceScale) {
  test::TempDir dir("mb-hand", mpi::Comm::self());
  write_text(dir / "hand.hdr",
             "ENVI\n"
             "description = {made by hand,\n"
             "  over two lines}\n"
             "samples = 3\n"
             "lines   = 2\n"
             "Bands = 2\n"
             "header offset = 16\n"
             "file type = ENVI Standard\n"
             "data type = 12\n"
             "interleave = BIL\n"
             "byte order = 1\n"
             "; a comment\n"
             "data ignore value = 0\n"
             "reflectance scale factor = 10000\n"
             "map info = {UTM, 1.5, 1.5, 500015.0, 4599985.0, 30.0, 30.0, 31, North, WGS-84, "
             "units=Meters}\n"
             "band names = {red,\n nir}\n");
  // 16 bytes of header offset, then bil (row, band, col) big-endian uint16.
  std::vector<unsigned char> bytes(16, 0xAB);
  for (int v : {1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12}) {
    bytes.push_back(static_cast<unsigned char>(v >> 8));
    bytes.push_back(static_cast<unsigned char>(v & 0xFF));
  }
  std::ofstream(dir / "hand.dat", std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));

  for (const auto& spec : {dir / "hand.hdr", dir / "hand.dat"}) {
    const auto reader = io::open_multiband(spec);
    const auto& info = reader->info();
    EXPECT_EQ(info.bands, 2);
    EXPECT_EQ(info.rows, 2);
    EXPECT_EQ(info.cols, 3);
    EXPECT_EQ(info.type, io::SampleType::uint16);
    EXPECT_EQ(info.band_names, (std::vector<std::string>{"red", "nir"}));
    EXPECT_TRUE(info.has_scale);  // stated by `reflectance scale factor` (issue 20)
    // Reference pixel (1.5, 1.5) is the centre of pixel (0, 0).
    EXPECT_EQ(info.georef.x0, 500000.0);
    EXPECT_EQ(info.georef.y0, 4600000.0);
    EXPECT_EQ(info.georef.dx, 30.0);
    EXPECT_EQ(info.georef.dy, 30.0);
    EXPECT_EQ(info.georef.crs, "EPSG:32631");
    const auto all = read(*reader, 0, 2);
    const std::vector<double> counts = {1, 2, 3, 7, kNaN, 9, 4, 5, 6, 10, 11, 12};
    ASSERT_EQ(all.size(), counts.size());
    for (size_t k = 0; k < all.size(); ++k) {
      if (std::isnan(counts[k]))
        EXPECT_TRUE(std::isnan(all[k])) << k;
      else
        EXPECT_DOUBLE_EQ(all[k], counts[k] / 10000.0) << k;
    }
    const auto row1 = read(*reader, 1, 1);
    EXPECT_DOUBLE_EQ(row1[0], 7e-4);
    EXPECT_TRUE(std::isnan(row1[1]));
    EXPECT_DOUBLE_EQ(row1[5], 12e-4);
  }
}

TEST(Envi, GeorefAndCrsRoundTrip) {
  test::TempDir dir("mb-georef", mpi::Comm::self());
  io::MultibandInfo info;
  info.bands = 1;
  info.rows = 2;
  info.cols = 2;
  info.type = io::SampleType::float64;
  info.band_names = {"elevation"};
  const std::vector<double> v = {1.5, -2.25, 1e300, 0.1};
  for (const std::string crs :
       {"EPSG:32648", "EPSG:32733", "EPSG:4326", "LOCAL_CS[\"grid\"]", ""}) {
    info.georef = {512345.5, 2950001.25, 12.5, 7.5, crs};
    const std::string hdr = dir / "g.hdr";
    io::write_envi(hdr, info, v.data());
    const auto reader = io::open_multiband(hdr);
    const auto& g = reader->info().georef;
    EXPECT_EQ(g.x0, 512345.5) << crs;
    EXPECT_EQ(g.y0, 2950001.25) << crs;
    EXPECT_EQ(g.dx, 12.5) << crs;
    EXPECT_EQ(g.dy, 7.5) << crs;
    EXPECT_EQ(g.crs, crs);
    EXPECT_EQ(reader->info().band_names, info.band_names);
    expect_same(read(*reader, 0, 2), v, crs);
  }
  info.georef = {};
  io::write_envi(dir / "nogeo.hdr", info, v.data());
  EXPECT_FALSE(io::open_envi(dir / "nogeo.hdr")->info().georef.valid());
}

TEST(Envi, HeaderAndDataErrorsNameFileAndLine) {
  test::TempDir dir("mb-enverr", mpi::Comm::self());
  const std::string body = "samples = 3\nlines = 4\nbands = 2\ndata type = 2\ninterleave = bsq\n";
  auto error_for = [&](const std::string& name, const std::string& header, long long data_bytes) {
    write_text(dir / (name + ".hdr"), header);
    if (data_bytes >= 0) write_text(dir / (name + ".img"), std::string(size_t(data_bytes), '\0'));
    return test::error_of([&] { io::open_envi(dir / (name + ".hdr")); });
  };
  auto msg = error_for("nosamples", "ENVI\nlines = 4\nbands = 2\ndata type = 2\n", 48);
  EXPECT_MENTIONS(msg, "nosamples.hdr");
  EXPECT_MENTIONS(msg, "missing required key 'samples'");
  msg = error_for("dtype", "ENVI\nsamples = 3\nlines = 4\nbands = 2\ndata type = 3\n", 96);
  EXPECT_MENTIONS(msg, "dtype.hdr:5: data type 3 is not supported");
  msg = error_for("syntax", "ENVI\nsamples = 3\nlines 4\n", 48);
  EXPECT_MENTIONS(msg, "syntax.hdr:3: expected 'key = value'");
  msg = error_for("brace", "ENVI\nsamples = 3\nlines = 4\nband names = {a,\nb\n", 48);
  EXPECT_MENTIONS(msg, "brace.hdr:4:");
  EXPECT_MENTIONS(msg, "never closed");
  msg = error_for("notenvi", "samples = 3\n", 48);
  EXPECT_MENTIONS(msg, "notenvi.hdr:1:");
  msg = error_for("interleave", "ENVI\n" + body + "interleave = bsx\n", 48);
  EXPECT_MENTIONS(msg, "interleave.hdr:7: interleave 'bsx'");
  msg = error_for("lines", "ENVI\nsamples = 3\nlines = four\nbands = 2\ndata type = 2\n", 48);
  EXPECT_MENTIONS(msg, "lines.hdr:3: lines = 'four'");
  msg = error_for("names", "ENVI\n" + body + "band names = {a, b, c}\n", 48);
  EXPECT_MENTIONS(msg, "names.hdr:7: band names lists 3 names for 2 bands");
  msg = error_for("mapinfo", "ENVI\n" + body + "map info = {UTM, 1, 1, 5, 6}\n", 48);
  EXPECT_MENTIONS(msg, "mapinfo.hdr:7: map info has 5 fields");

  msg = error_for("trunc", "ENVI\n" + body + "header offset = 4\n", 40);
  EXPECT_MENTIONS(msg, "trunc.img: is 40 bytes");
  EXPECT_MENTIONS(msg, "trunc.hdr needs 52");

  msg = error_for("nodatafile", "ENVI\n" + body, -1);
  EXPECT_MENTIONS(msg, "nodatafile.hdr: no data file");
  EXPECT_MENTIONS(msg, dir / "nodatafile");
  EXPECT_MENTIONS(msg, "nodatafile.img");
  EXPECT_MENTIONS(msg, "nodatafile.dat");

  EXPECT_MENTIONS(test::error_of([&] { io::open_envi(dir / "absent.hdr"); }),
                  "absent.hdr: file does not exist");
  const auto ok = error_for("ok", "ENVI\n" + body, 48);
  ASSERT_EQ(ok, "");
  const auto reader = io::open_envi(dir / "ok.hdr");
  std::vector<double> out(24);
  msg = test::error_of([&] { reader->read_rows(-1, 1, out.data()); });
  EXPECT_MENTIONS(msg, "ok.hdr: rows [-1, 0) requested");
}

// Headers that fuzz_envi_header (tests/fuzz/) found accepted with nonsense or undefined
// behaviour, opened as a user would: each is refused before any data file is looked for.
TEST(Envi, FuzzReproducersAreCleanErrors) {
  // "nan" as the reference pixel put the image nowhere.
  EXPECT_MENTIONS(test::error_of([] {
                    io::open_envi(test::fuzz_corpus("fuzz_envi_header", "crash_nan_map_info.hdr"));
                  }),
                  "crash_nan_map_info.hdr:6: map info field 3 'nan' is not finite");
  // bands x lines x samples overflowed long long (signed overflow: undefined behaviour).
  const auto msg = test::error_of(
      [] { io::open_envi(test::fuzz_corpus("fuzz_envi_header", "ub_size_overflow.hdr")); });
  EXPECT_MENTIONS(msg, "ub_size_overflow.hdr: 1 bands x 2 lines x 4611686018427387904 samples");
  EXPECT_MENTIONS(msg, "is more than any file holds");
  // A UTM zone too long for an int went through atoi (undefined behaviour); now it is not EPSG.
  const auto h = io::parse_envi_header(
      "ENVI\nsamples = 1\nlines = 1\nbands = 1\ndata type = 1\nmap info = {UTM, 1, 1, 0, 0, "
      "30, 30, 99999999999999999999, North, WGS-84}\n",
      "zone.hdr");
  EXPECT_EQ(h.info.georef.crs, "UTM zone 99999999999999999999 North, WGS-84");
}

TEST(Envi, ScaleAndOffsetTravelAsGainAndOffsetValues) {
  test::TempDir dir("mb-gain", mpi::Comm::self());
  auto info = reflectance_info();
  info.offset = 0.5;
  const auto physical =
      make_image(info, [](auto b, auto r, auto c) { return stored_value(b, r, c) * 1e-4 + 0.5; });
  io::write_envi(dir / "gain.hdr", info, physical.data(), io::EnviInterleave::bip, true);
  const auto reader = io::open_envi(dir / "gain.hdr");
  EXPECT_EQ(reader->info().scale, 1e-4);
  EXPECT_EQ(reader->info().offset, 0.5);
  EXPECT_EQ(reader->info().band_names, info.band_names);
  EXPECT_TRUE(reader->info().has_scale);
  const auto bytes = file_bytes(dir / "gain");
  EXPECT_EQ(raw_sample(bytes, 1, io::SampleType::int16, true), stored_value(1, 0, 0));
  const auto got = read(*reader, 1, 3);
  const auto want = rows_of(physical, info, 1, 3);
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-12) << k;
}

TEST(Envi, WriterChecksValues) {
  test::TempDir dir("mb-envw", mpi::Comm::self());
  io::MultibandInfo info;
  info.bands = 2;
  info.rows = 1;
  info.cols = 2;
  info.type = io::SampleType::uint8;
  const std::vector<double> v = {1, 2, 3, 256};
  auto msg = test::error_of(
      [&] { io::write_envi(dir / "w.hdr", info, v.data(), io::EnviInterleave::bip); });
  EXPECT_MENTIONS(msg, "w.hdr: band 1, row 0, col 1");
  EXPECT_MENTIONS(msg, "uint8 range");
  EXPECT_FALSE(std::filesystem::exists(dir / "w"));  // nothing half-written left behind
  EXPECT_FALSE(std::filesystem::exists(dir / "w.tmp"));
  EXPECT_MENTIONS(test::error_of([&] { io::write_envi(dir / "w.img", info, v.data()); }),
                  "must end in .hdr");
}

// GDAL-backed tests skip on a Karst built without it.
#define SKIP_WITHOUT_GDAL(call)                                                                    \
  try {                                                                                            \
    call;                                                                                          \
  } catch (const Error& e) {                                                                       \
    if (std::string(e.what()).find("without GDAL") != std::string::npos) GTEST_SKIP() << e.what(); \
    throw;                                                                                         \
  }

TEST(MultibandGdal, ReadsTheSharedLuxembourgDem) {
  const std::string path = karst::test::source_dir() + "/../shared/data/dem/luxembourg-elev.tif";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  std::unique_ptr<io::MultibandReader> reader;
  SKIP_WITHOUT_GDAL(reader = io::open_multiband(path));
  const auto& info = reader->info();
  EXPECT_EQ(info.bands, 1);
  EXPECT_GT(info.rows, 0);
  EXPECT_GT(info.cols, 0);
  EXPECT_TRUE(info.georef.valid());
  const auto all = read(*reader, 0, info.rows);
  const long long mid = info.rows / 2;
  const auto row = read(*reader, mid, 1);
  expect_same(row, rows_of(all, info, mid, 1), "middle row");
  size_t finite = 0;
  for (double v : row) finite += std::isfinite(v) ? 1 : 0;
  EXPECT_GT(finite, 0u) << "the middle row of the DEM is all nodata";
}

TEST(MultibandGdal, ReadsOurEnviExportLikeOurReader) {
  // GDAL's own ENVI driver is an independent reading of write_envi's output.
  test::TempDir dir("mb-gdal", mpi::Comm::self());
  auto info = reflectance_info();
  info.scale = 1.0;
  info.band_names.clear();
  auto physical = make_image(info, [](auto b, auto r, auto c) { return stored_value(b, r, c); });
  physical[index_of(info, 2, 4, 0)] = kNaN;
  io::write_envi(dir / "g.hdr", info, physical.data(), io::EnviInterleave::bil, true);
  std::unique_ptr<io::MultibandReader> reader;
  SKIP_WITHOUT_GDAL(reader = io::open_multiband_gdal(dir / "g"));
  const auto& got = reader->info();
  // Scale 1 is written as no gains: neither reader sees a stated scale (issue 20).
  EXPECT_FALSE(got.has_scale);
  EXPECT_FALSE(io::open_multiband(dir / "g.hdr")->info().has_scale);
  EXPECT_EQ(got.bands, 3);
  EXPECT_EQ(got.rows, 5);
  EXPECT_EQ(got.cols, 4);
  EXPECT_EQ(got.type, io::SampleType::int16);
  EXPECT_TRUE(got.has_nodata);
  EXPECT_EQ(got.nodata, -9999.0);
  EXPECT_EQ(got.georef.x0, 500000.0);
  EXPECT_EQ(got.georef.y0, 2950000.0);
  EXPECT_EQ(got.georef.dx, 30.0);
  EXPECT_EQ(got.georef.dy, 30.0);
  expect_same(read(*reader, 0, 5), physical, "GDAL, all rows");
  expect_same(read(*reader, 3, 2), rows_of(physical, info, 3, 2), "GDAL, rows 3..4");
}
