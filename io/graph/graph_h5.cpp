#include "io/graph/graph_h5.hpp"

#include "base/error.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/physical_memory.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <new>
#include <type_traits>

namespace karst::io {

namespace {

template <class T>
hid_t native_type();
template <>
hid_t native_type<std::int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
hid_t native_type<double>() {
  return H5T_NATIVE_DOUBLE;
}

template <class T>
void write_array(hid_t group, const std::string& where, const char* name, const std::vector<T>& v) {
  hsize_t n = v.size();
  H5Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  H5Handle ds(
      H5Dcreate2(group, name, native_type<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose);
  h5_check(ds.get(), where + "/" + name, "creating dataset");
  if (n > 0)
    h5_check(H5Dwrite(ds.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
             where + "/" + name, "writing");
}

template <class T>
std::vector<T> read_array(hid_t group, const std::string& where, const char* name,
                          bool required = true) {
  const std::string at = where + "/" + name;
  if (H5Lexists(group, name, H5P_DEFAULT) <= 0) {
    if (required) throw Error(at, "dataset not found");
    return {};
  }
  H5Handle ds(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
  h5_check(ds.get(), at, "opening dataset");
  H5Handle space(H5Dget_space(ds.get()), H5Sclose);
  if (H5Sget_simple_extent_ndims(space.get()) != 1) throw Error(at, "is not one-dimensional");
  H5Handle type(H5Dget_type(ds.get()), H5Tclose);
  const auto expected = std::is_integral_v<T> ? H5T_INTEGER : H5T_FLOAT;
  if (H5Tget_class(type.get()) != expected)
    throw Error(at, std::is_integral_v<T> ? "is not an integer dataset"
                                          : "is not a floating-point dataset");
  // A chunked dataset that was never written can declare any length in a file of kilobytes.
  const auto n = H5Sget_simple_extent_npoints(space.get());
  const double bytes = double(n) * sizeof(T), node = physical_memory_bytes();
  const auto too_big = [&](const std::string& than) {
    return Error(
        at, fmt::format("has {} entries, {:.1f} GiB: more than {}", n, bytes / (1 << 30), than));
  };
  if (node > 0 && bytes > node)
    throw too_big(fmt::format("the {:.1f} GiB of memory of this node", node / (1 << 30)));
  std::vector<T> v;
  try {
    v.resize(static_cast<size_t>(n));
  } catch (const std::bad_alloc&) {
    throw too_big("this process can allocate");
  }
  if (!v.empty())
    h5_check(H5Dread(ds.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), at,
             "reading");
  return v;
}

}  // namespace

void write_graph_h5(const std::string& path, const StoredGraph& graph) {
  const auto& g = graph.arcs;
  if (!graph.xy.empty() && static_cast<std::int64_t>(graph.xy.size()) != g.num_vertices)
    throw Error(path,
                fmt::format("{} coordinates for {} vertices", graph.xy.size(), g.num_vertices));
  auto file = H5File::create(path, mpi::Comm::self());
  const std::string where = path + ":/graph";
  auto group = ensure_group(file.id(), "graph");
  write_array(group.get(), where, "tail", g.src);
  write_array(group.get(), where, "head", g.dst);
  write_array(group.get(), where, "weight", g.weight);
  if (!graph.xy.empty()) {
    std::vector<double> x, y;
    for (const auto& [a, b] : graph.xy) x.push_back(a), y.push_back(b);
    write_array(group.get(), where, "x", x);
    write_array(group.get(), where, "y", y);
  }
  if (!graph.osm_ids.empty()) {
    if (static_cast<std::int64_t>(graph.osm_ids.size()) != g.num_vertices)
      throw Error(path,
                  fmt::format("{} OSM ids for {} vertices", graph.osm_ids.size(), g.num_vertices));
    write_array(group.get(), where, "osm_id", graph.osm_ids);
  }
  write_string_attribute(group.get(), "num_vertices", std::to_string(g.num_vertices));
  write_string_attribute(group.get(), "source", g.source);
  group.reset();
  file.commit();
}

StoredGraph read_graph_h5(const std::string& path) {
  auto file = H5File::open_read(path, mpi::Comm::self());
  const std::string where = path + ":/graph";
  if (H5Lexists(file.id(), "graph", H5P_DEFAULT) <= 0)
    throw Error(where, "group not found (not a karst graph file)");
  H5Handle group(H5Gopen2(file.id(), "graph", H5P_DEFAULT), H5Gclose);
  h5_check(group.get(), where, "opening group");
  StoredGraph out;
  auto& g = out.arcs;
  g.source = path;
  if (H5Aexists(group.get(), "num_vertices") <= 0)
    throw Error(where, "attribute num_vertices not found");
  const auto n_text = read_string_attribute(group.get(), "num_vertices");
  size_t used = 0;
  try {
    g.num_vertices = std::stoll(n_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != n_text.size() || g.num_vertices < 0)
    throw Error(where, "attribute num_vertices '" + n_text + "' is not a vertex count");
  g.src = read_array<std::int64_t>(group.get(), where, "tail");
  g.dst = read_array<std::int64_t>(group.get(), where, "head");
  g.weight = read_array<std::int64_t>(group.get(), where, "weight");
  if (g.dst.size() != g.src.size() || g.weight.size() != g.src.size())
    throw Error(where, fmt::format("tail, head and weight differ in length ({}, {}, {})",
                                   g.src.size(), g.dst.size(), g.weight.size()));
  for (size_t a = 0; a < g.src.size(); ++a) {
    for (auto [id, name] : {std::pair{g.src[a], "tail"}, std::pair{g.dst[a], "head"}})
      if (id < 0 || id >= g.num_vertices)
        throw Error(fmt::format("{}/{}[{}]", where, name, a),
                    fmt::format("vertex {} outside [0, {})", id, g.num_vertices));
    if (g.weight[a] < 0)
      throw Error(fmt::format("{}/weight[{}]", where, a),
                  fmt::format("negative weight {}", g.weight[a]));
  }
  const auto x = read_array<double>(group.get(), where, "x", false);
  const auto y = read_array<double>(group.get(), where, "y", false);
  if (x.size() != y.size() || (!x.empty() && static_cast<std::int64_t>(x.size()) != g.num_vertices))
    throw Error(where, fmt::format("x and y must both hold {} coordinates (have {} and {})",
                                   g.num_vertices, x.size(), y.size()));
  for (size_t v = 0; v < x.size(); ++v) out.xy.emplace_back(x[v], y[v]);
  out.osm_ids = read_array<std::int64_t>(group.get(), where, "osm_id", false);
  if (!out.osm_ids.empty() && static_cast<std::int64_t>(out.osm_ids.size()) != g.num_vertices)
    throw Error(where + "/osm_id",
                fmt::format("has {} ids for {} vertices", out.osm_ids.size(), g.num_vertices));
  return out;
}

}  // namespace karst::io
