// make_bad_h5 DIR: writes the HDF5 inputs of the bad-input catalogue that Karst itself never
// writes (integer, non-finite, wrongly shaped and absurdly sized datasets), with the raw HDF5
// API. The truncated files of the catalogue are cut from files a real karst run wrote instead
// (run_bad_inputs.py). Datasets declared huge are chunked and never written: the files stay a
// few kilobytes, and only a reader that believes the shape would allocate terabytes.
#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace {

// Every call is checked: a helper that writes a subtly different file tests nothing.
hid_t ok(hid_t id, const char* what) {
  if (id < 0) {
    std::fprintf(stderr, "make_bad_h5: %s failed\n", what);
    std::exit(1);
  }
  return id;
}

class File {
 public:
  explicit File(const std::string& path)
      : id_(ok(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "H5Fcreate")) {}
  ~File() { H5Fclose(id_); }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  hid_t id() const { return id_; }

 private:
  hid_t id_;
};

// A dataset of `dims`; `data` (in `mem_type`) is written unless null, and then the dataset is
// chunked so that its declared size costs nothing on disk.
void dataset(hid_t where, const char* name, const std::vector<hsize_t>& dims, hid_t file_type,
             hid_t mem_type, const void* data) {
  hid_t space = ok(H5Screate_simple(int(dims.size()), dims.data(), nullptr), "H5Screate_simple");
  hid_t plist = ok(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate");
  if (!data) {
    std::vector<hsize_t> chunk(dims.size(), 1);
    chunk.back() = std::min<hsize_t>(dims.back(), 1024);
    ok(H5Pset_chunk(plist, int(chunk.size()), chunk.data()), "H5Pset_chunk");
  }
  hid_t ds =
      ok(H5Dcreate2(where, name, file_type, space, H5P_DEFAULT, plist, H5P_DEFAULT), "H5Dcreate2");
  if (data) ok(H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite");
  H5Dclose(ds);
  H5Pclose(plist);
  H5Sclose(space);
}

void doubles_attribute(hid_t on, const char* name, std::vector<double> v) {
  hsize_t n = v.size();
  hid_t space = ok(H5Screate_simple(1, &n, nullptr), "H5Screate_simple");
  hid_t a = ok(H5Acreate2(on, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2");
  ok(H5Awrite(a, H5T_NATIVE_DOUBLE, v.data()), "H5Awrite");
  H5Aclose(a);
  H5Sclose(space);
}

void string_attribute(hid_t on, const char* name, const std::string& text) {
  hid_t type = ok(H5Tcopy(H5T_C_S1), "H5Tcopy");
  H5Tset_size(type, text.size() + 1);
  hid_t space = ok(H5Screate(H5S_SCALAR), "H5Screate");
  hid_t a = ok(H5Acreate2(on, name, type, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2");
  ok(H5Awrite(a, type, text.c_str()), "H5Awrite");
  H5Aclose(a);
  H5Sclose(space);
  H5Tclose(type);
}

// A DEM as io::read_raster_h5 reads it: "elevation" with spacing and origin.
void dem(const std::string& path, const std::vector<hsize_t>& dims, hid_t file_type, hid_t mem_type,
         const void* data) {
  File f(path);
  dataset(f.id(), "elevation", dims, file_type, mem_type, data);
  hid_t ds = ok(H5Dopen2(f.id(), "elevation", H5P_DEFAULT), "H5Dopen2");
  doubles_attribute(ds, "spacing", {10.0, 10.0});
  doubles_attribute(ds, "origin", {0.0, 0.0});
  H5Dclose(ds);
}

// A road graph as io::read_graph_h5 reads it.
void graph(const std::string& path, const std::string& vertices, const std::vector<hsize_t>& arcs,
           const std::vector<long long>* weights, bool float_weights) {
  File f(path);
  hid_t g = ok(H5Gcreate2(f.id(), "graph", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "H5Gcreate2");
  string_attribute(g, "num_vertices", vertices);
  const std::vector<long long> tail = {0, 1}, head = {1, 2};
  const bool small = arcs[0] <= 2;
  dataset(g, "tail", arcs, H5T_STD_I64LE, H5T_NATIVE_LLONG, small ? tail.data() : nullptr);
  dataset(g, "head", arcs, H5T_STD_I64LE, H5T_NATIVE_LLONG, small ? head.data() : nullptr);
  if (float_weights) {
    const std::vector<double> w = {5.0, 7.5};
    dataset(g, "weight", arcs, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, w.data());
  } else {
    dataset(g, "weight", arcs, H5T_STD_I64LE, H5T_NATIVE_LLONG, small ? weights->data() : nullptr);
  }
  H5Gclose(g);
}

// A one-band image as io::open_multiband reads "file.h5" (dataset "image").
void image(const std::string& path, const std::vector<hsize_t>& dims, hid_t file_type,
           hid_t mem_type, const void* data) {
  File f(path);
  dataset(f.id(), "image", dims, file_type, mem_type, data);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_bad_h5 DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();

  std::vector<double> z(16, 100.0);
  std::vector<int> zi(16, 100);
  dem(dir + "/dem_int.h5", {4, 4}, H5T_STD_I32LE, H5T_NATIVE_INT, zi.data());
  dem(dir + "/dem_1d.h5", {16}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, z.data());
  z[5] = inf;
  dem(dir + "/dem_inf.h5", {4, 4}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, z.data());
  z[5] = nan;
  dem(dir + "/dem_nan.h5", {4, 4}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, z.data());
  dem(dir + "/dem_huge.h5", {400000, 400000}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, nullptr);

  const std::vector<long long> w = {5, 7}, negative = {5, -7};
  graph(dir + "/graph_negative.h5", "3", {2}, &negative, false);
  graph(dir + "/graph_float_weight.h5", "3", {2}, nullptr, true);
  graph(dir + "/graph_absurd_vertices.h5", "2000000000", {2}, &w, false);
  graph(dir + "/graph_huge.h5", "3", {20000000000ULL}, nullptr, false);

  std::vector<double> px(64);
  for (size_t i = 0; i < px.size(); ++i) px[i] = 0.1 + 0.001 * double(i);
  image(dir + "/image_ok.h5", {1, 8, 8}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, px.data());
  image(dir + "/image_4d.h5", {1, 1, 8, 8}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, px.data());
  std::vector<long long> pxi(64, 1);
  image(dir + "/image_int64.h5", {1, 8, 8}, H5T_STD_I64LE, H5T_NATIVE_LLONG, pxi.data());
  px[19] = inf;  // row 2, col 3: among rank 0's rows of two
  image(dir + "/image_inf.h5", {1, 8, 8}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, px.data());
  px[19] = 0.1;
  px[58] = -inf;  // row 7, col 2: among rank 1's rows only
  image(dir + "/image_inf_last_row.h5", {1, 8, 8}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, px.data());
  std::vector<double> all_nan(64, nan);
  image(dir + "/image_nan.h5", {1, 8, 8}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, all_nan.data());
  image(dir + "/image_huge.h5", {4, 1024, 50000000}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, nullptr);
  return 0;
}
