// Parallel HDF5: ranks write row blocks of a known field collectively; every rank reads the whole
// field back and compares with the formula. Also checks attributes and atomic commit.
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "kernels/common/views.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace karst;

namespace {
double f2(size_t i, size_t j) {
  return 1000.0 * i + j + 0.25;
}
double f3(size_t k, size_t i, size_t j) {
  return 1e6 * k + 1000.0 * i + j;
}

// Rows split as evenly as possible; with more ranks than rows some blocks are empty.
std::pair<hsize_t, hsize_t> row_range(hsize_t rows, int rank, int size) {
  const hsize_t begin = rows * rank / size, end = rows * (rank + 1) / size;
  return {begin, end - begin};
}
}  // namespace

TEST(FieldIO, Distributed2DWriteThenReadBack) {
  const auto comm = mpi::Comm::world();
  test::TempDir dir("field2d");
  const hsize_t rows = 37, cols = 23;
  const auto [r0, nr] = row_range(rows, comm.rank(), comm.size());
  Field2DHost mine("mine", nr, cols);
  for (size_t i = 0; i < nr; ++i)
    for (size_t j = 0; j < cols; ++j) mine(i, j) = f2(r0 + i, j);
  {
    auto file = io::H5File::create(dir / "field.h5", comm);
    io::Block block{{rows, cols}, {r0, 0}, {nr, cols}};
    io::write_view(file, "/fields/depth", block, mine, {"m", {30.0, 30.0}, {100.0, 200.0}});
    EXPECT_FALSE(std::filesystem::exists(dir / "field.h5"));  // not visible before commit
    file.commit();
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "field.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "field.h5.tmp"));

  auto file = io::H5File::open_read(dir / "field.h5", comm);
  EXPECT_EQ(io::dataset_shape(file, "/fields/depth"), (std::vector<hsize_t>{rows, cols}));
  Field2DHost all("all", rows, cols);
  io::read_view(file, "/fields/depth", io::Block::whole({rows, cols}), all);
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < cols; ++j) ASSERT_EQ(all(i, j), f2(i, j)) << i << "," << j;
  const auto meta = io::read_meta(file, "/fields/depth");
  EXPECT_EQ(meta.units, "m");
  EXPECT_EQ(meta.spacing, (std::vector<double>{30.0, 30.0}));
  EXPECT_EQ(meta.origin, (std::vector<double>{100.0, 200.0}));
}

TEST(FieldIO, Distributed3DBlocksAlongTheMiddleAxis) {
  const auto comm = mpi::Comm::world();
  test::TempDir dir("field3d");
  const hsize_t bands = 3, rows = 10, cols = 7;
  const auto [r0, nr] = row_range(rows, comm.rank(), comm.size());
  Field3DHost mine("mine", bands, nr, cols);
  for (size_t k = 0; k < bands; ++k)
    for (size_t i = 0; i < nr; ++i)
      for (size_t j = 0; j < cols; ++j) mine(k, i, j) = f3(k, r0 + i, j);
  {
    auto file = io::H5File::create(dir / "cube.h5", comm);
    io::write_view(file, "reflectance",
                   io::Block{{bands, rows, cols}, {0, r0, 0}, {bands, nr, cols}}, mine,
                   {"1", {30.0, 30.0}, {0.0, 0.0}});
    file.commit();
  }
  auto file = io::H5File::open_read(dir / "cube.h5", comm);
  // Each rank reads back a different block than it wrote: the next rank's rows.
  const auto [q0, nq] = row_range(rows, (comm.rank() + 1) % comm.size(), comm.size());
  Field3DHost other("other", bands, nq, cols);
  io::read_view(file, "reflectance", io::Block{{bands, rows, cols}, {0, q0, 0}, {bands, nq, cols}},
                other);
  for (size_t k = 0; k < bands; ++k)
    for (size_t i = 0; i < nq; ++i)
      for (size_t j = 0; j < cols; ++j) ASSERT_EQ(other(k, i, j), f3(k, q0 + i, j));
}

TEST(FieldIO, UncommittedFileLeavesNothingBehind) {
  const auto comm = mpi::Comm::world();
  test::TempDir dir("atomic");
  {
    auto file = io::H5File::create(dir / "never.h5", comm);
    Field2DHost v("v", 2, 2);
    io::write_view(file, "x", io::Block::whole({2, 2}), v, {});
    // No commit: as if the run failed half-way.
  }
  comm.barrier();
  EXPECT_FALSE(std::filesystem::exists(dir / "never.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "never.h5.tmp"));
}

TEST(FieldIO, CommitReplacesAnOlderFileOnlyWhenDone) {
  const auto comm = mpi::Comm::world();
  test::TempDir dir("replace");
  Field2DHost v("v", 4, 4);
  Kokkos::deep_copy(v, 1.0);
  {
    auto file = io::H5File::create(dir / "out.h5", comm);
    io::write_view(file, "x", io::Block::whole({4, 4}), v, {});
    file.commit();
  }
  Kokkos::deep_copy(v, 2.0);
  {
    auto file = io::H5File::create(dir / "out.h5", comm);
    io::write_view(file, "x", io::Block::whole({4, 4}), v, {});
    // Before commit the old result is still intact and readable.
    auto old = io::H5File::open_read(dir / "out.h5", comm);
    Field2DHost r("r", 4, 4);
    io::read_view(old, "x", io::Block::whole({4, 4}), r);
    EXPECT_EQ(r(3, 3), 1.0);
    file.commit();
  }
  auto file = io::H5File::open_read(dir / "out.h5", comm);
  Field2DHost r("r", 4, 4);
  io::read_view(file, "x", io::Block::whole({4, 4}), r);
  EXPECT_EQ(r(3, 3), 2.0);
}
