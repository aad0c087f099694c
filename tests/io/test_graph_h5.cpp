// Graphs stored in HDF5 come back exactly (arcs, weights, coordinates), and every kind of damage
// is an error naming the file, dataset and index.
#include "io/graph/graph_h5.hpp"
#include "io/hdf5/h5_file.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace karst;

namespace {

io::StoredGraph small_graph() {
  io::StoredGraph g;
  g.arcs.num_vertices = 4;
  g.arcs.src = {0, 1, 2, 3, 3};
  g.arcs.dst = {1, 2, 3, 0, 3};
  g.arcs.weight = {7, 0, 12, 1LL << 40, 5};
  g.arcs.source = "hand-made";
  g.xy = {{0.5, 1.5}, {2, 3}, {-4, 5.25}, {1e6, -1e-6}};
  return g;
}

// Rewrites one int64 dataset of a stored graph in place.
void overwrite(const std::string& path, const char* dataset, const std::vector<std::int64_t>& v) {
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const std::string full = std::string("/graph/") + dataset;
  H5Ldelete(f, full.c_str(), H5P_DEFAULT);
  hsize_t n = v.size();
  hid_t space = H5Screate_simple(1, &n, nullptr);
  hid_t ds =
      H5Dcreate2(f, full.c_str(), H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(ds);
  H5Sclose(space);
  H5Fclose(f);
}

}  // namespace

TEST(GraphH5, RoundTripIsExact) {
  test::TempDir dir("graph-h5");
  const auto path = dir.path() + "/g.h5";
  const auto g = small_graph();
  io::write_graph_h5(path, g);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  const auto back = io::read_graph_h5(path);
  EXPECT_EQ(back.arcs.num_vertices, 4);
  EXPECT_EQ(back.arcs.src, g.arcs.src);
  EXPECT_EQ(back.arcs.dst, g.arcs.dst);
  EXPECT_EQ(back.arcs.weight, g.arcs.weight);
  EXPECT_EQ(back.xy, g.xy);

  io::StoredGraph no_xy = g;
  no_xy.xy.clear();
  io::write_graph_h5(dir.path() + "/plain.h5", no_xy);
  EXPECT_TRUE(io::read_graph_h5(dir.path() + "/plain.h5").xy.empty());
}

TEST(GraphH5, DamageIsNamed) {
  test::TempDir dir("graph-h5");
  const auto path = dir.path() + "/g.h5";
  auto fresh = [&] { io::write_graph_h5(path, small_graph()); };

  fresh();
  overwrite(path, "head", {1, 2, 3, 0, 4});
  EXPECT_NE(test::error_of([&] {
              io::read_graph_h5(path);
            }).find("g.h5:/graph/head[4]: vertex 4 outside [0, 4)"),
            std::string::npos);
  fresh();
  overwrite(path, "weight", {7, 0, -3, 1, 5});
  EXPECT_NE(test::error_of([&] {
              io::read_graph_h5(path);
            }).find("g.h5:/graph/weight[2]: negative weight -3"),
            std::string::npos);
  fresh();
  overwrite(path, "tail", {0, 1, 2});
  EXPECT_NE(test::error_of([&] { io::read_graph_h5(path); }).find("differ in length (3, 5, 5)"),
            std::string::npos);

  EXPECT_NE(
      test::error_of([&] { io::read_graph_h5(dir.path() + "/none.h5"); }).find("does not exist"),
      std::string::npos);
  io::StoredGraph bad = small_graph();
  bad.xy.pop_back();
  EXPECT_NE(test::error_of([&] {
              io::write_graph_h5(dir.path() + "/bad.h5", bad);
            }).find("3 coordinates for 4 vertices"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/bad.h5"));
}
