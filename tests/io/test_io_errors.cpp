// Every way an input file can be wrong gives a karst::Error naming the file (and dataset).
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "kernels/common/views.hpp"
#include "support/temp_dir.hpp"

#include "support/error_of.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace karst;
using karst::test::error_of;

namespace {
const auto self = mpi::Comm::self();

void expect_error(const std::string& msg, const std::string& a, const std::string& b) {
  EXPECT_NE(msg.find(a), std::string::npos) << "message: '" << msg << "' lacks '" << a << "'";
  EXPECT_NE(msg.find(b), std::string::npos) << "message: '" << msg << "' lacks '" << b << "'";
}

std::string make_file(const test::TempDir& dir) {
  const auto path = dir / "good.h5";
  auto file = io::H5File::create(path, self);
  Field2DHost v("v", 3, 4);
  io::write_view(file, "depth", io::Block::whole({3, 4}), v, {"m", {}, {}});
  // An integer dataset, written with the raw API: Karst itself never writes one.
  hsize_t dims[2] = {3, 4};
  int data[12] = {0};
  hid_t space = H5Screate_simple(2, dims, nullptr);
  hid_t ds =
      H5Dcreate2(file.id(), "classes", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose(ds);
  H5Sclose(space);
  file.commit();
  return path;
}
}  // namespace

TEST(IOErrors, MissingFile) {
  test::TempDir dir("err-missing", self);
  expect_error(error_of([&] { io::H5File::open_read(dir / "nope.h5", self); }), "nope.h5",
               "does not exist");
}

TEST(IOErrors, NotHdf5AndTruncated) {
  test::TempDir dir("err-trunc", self);
  std::ofstream(dir / "text.h5") << "this is not HDF5\n";
  expect_error(error_of([&] { io::H5File::open_read(dir / "text.h5", self); }), "text.h5",
               "not an HDF5 file");
  const auto good = make_file(dir);
  const auto size = std::filesystem::file_size(good);
  std::filesystem::copy_file(good, dir / "cut.h5");
  std::filesystem::resize_file(dir / "cut.h5", size / 3);
  const auto msg = error_of([&] {
    auto f = io::H5File::open_read(dir / "cut.h5", self);
    Field2DHost v("v", 3, 4);
    io::read_view(f, "depth", io::Block::whole({3, 4}), v);
  });
  EXPECT_NE(msg.find("cut.h5"), std::string::npos) << msg;
}

TEST(IOErrors, MissingDatasetWrongShapeWrongType) {
  test::TempDir dir("err-ds", self);
  const auto path = make_file(dir);
  auto file = io::H5File::open_read(path, self);
  Field2DHost v("v", 3, 4), w("w", 4, 3);
  expect_error(error_of([&] {
                 io::read_view(file, "velocity", io::Block::whole({3, 4}), v);
               }),
               "good.h5:velocity", "dataset not found");
  expect_error(error_of([&] {
                 io::read_view(file, "depth", io::Block::whole({4, 3}), w);
               }),
               "good.h5:depth", "has shape [3,4] but [4,3] was expected");
  expect_error(error_of([&] {
                 io::read_view(file, "classes", io::Block::whole({3, 4}), v);
               }),
               "good.h5:classes", "non-floating-point");
  expect_error(error_of([&] {
                 io::read_view(file, "depth", io::Block{{3, 4}, {2, 0}, {2, 4}}, v);
               }),
               "good.h5:depth", "exceeds the global shape");
}

TEST(IOErrors, UnwritableDestination) {
  test::TempDir dir("err-dest", self);
  expect_error(error_of([&] { io::H5File::create(dir / "no/such/dir/out.h5", self); }), "out.h5",
               "does not exist");
  expect_error(error_of([&] { io::write_text_atomically(dir / "no/such/out.json", "{}"); }),
               "out.json", "cannot open for writing");
}

TEST(AtomicText, WritesCompletelyOrNotAtAll) {
  test::TempDir dir("text", self);
  io::write_text_atomically(dir / "a.json", "first");
  io::write_text_atomically(dir / "a.json", "second");
  EXPECT_EQ(io::read_text(dir / "a.json"), "second");
  EXPECT_FALSE(std::filesystem::exists(dir / "a.json.tmp"));
}
