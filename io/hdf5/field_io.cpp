#include "io/hdf5/field_io.hpp"

#include "base/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace karst::io {

namespace {

std::string where(const H5File& file, const std::string& dataset) {
  return file.path() + ":" + dataset;
}

H5Handle collective_transfer() {
  H5Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  h5_check(dxpl.get(), "hdf5", "H5Pcreate(transfer)");
  h5_check(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE), "hdf5", "H5Pset_dxpl_mpio");
  return dxpl;
}

void check_block(const Block& b, const std::string& at) {
  const size_t rank = b.global.size();
  if (rank == 0 || b.offset.size() != rank || b.count.size() != rank)
    throw Error(at, "block global/offset/count ranks differ");
  for (size_t d = 0; d < rank; ++d)
    if (b.offset[d] + b.count[d] > b.global[d])
      throw Error(at, fmt::format("block [{}] + [{}] exceeds the global shape [{}]",
                                  fmt::join(b.offset, ","), fmt::join(b.count, ","),
                                  fmt::join(b.global, ",")));
}

// Selects this rank's hyperslab in the file and returns the matching memory space.
H5Handle select_block(hid_t filespace, const Block& b) {
  const int rank = static_cast<int>(b.global.size());
  H5Handle memspace(H5Screate_simple(rank, b.count.data(), nullptr), H5Sclose);
  if (b.size() == 0) {
    H5Sselect_none(filespace);
    H5Sselect_none(memspace.get());
  } else {
    H5Sselect_hyperslab(filespace, H5S_SELECT_SET, b.offset.data(), nullptr, b.count.data(),
                        nullptr);
  }
  return memspace;
}

void write_doubles_attribute(hid_t obj, const char* name, const std::vector<double>& v) {
  if (v.empty()) return;
  hsize_t n = v.size();
  H5Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  H5Handle attr(H5Acreate2(obj, name, H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  h5_check(attr.get(), "hdf5", std::string("creating attribute ") + name);
  h5_check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, v.data()), "hdf5", "writing attribute");
}

std::vector<double> read_doubles_attribute(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return {};
  H5Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  std::vector<double> v(static_cast<size_t>(H5Sget_simple_extent_npoints(space.get())));
  H5Aread(attr.get(), H5T_NATIVE_DOUBLE, v.data());
  return v;
}

H5Handle open_dataset(const H5File& file, const std::string& dataset) {
  if (H5Lexists(file.id(), dataset.c_str(), H5P_DEFAULT) <= 0)
    throw Error(where(file, dataset), "dataset not found");
  H5Handle ds(H5Dopen2(file.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
  h5_check(ds.get(), where(file, dataset), "opening dataset");
  return ds;
}

}  // namespace

size_t Block::size() const {
  size_t n = 1;
  for (auto c : count) n *= static_cast<size_t>(c);
  return n;
}

Block Block::whole(std::vector<hsize_t> shape) {
  Block b;
  b.offset.assign(shape.size(), 0);
  b.count = shape;
  b.global = std::move(shape);
  return b;
}

namespace {

// One block of a dataset stored as `file_type`, from memory of `memory_type`.
void write_typed_block(H5File& file, const std::string& dataset, const Block& block,
                       const void* data, hid_t file_type, hid_t memory_type,
                       const FieldMeta& meta) {
  const auto at = where(file, dataset);
  check_block(block, at);
  const auto slash = dataset.rfind('/');
  if (slash != std::string::npos && slash > 0) ensure_group(file.id(), dataset.substr(0, slash));
  H5Handle filespace(
      H5Screate_simple(static_cast<int>(block.global.size()), block.global.data(), nullptr),
      H5Sclose);
  H5Handle ds(H5Dcreate2(file.id(), dataset.c_str(), file_type, filespace.get(), H5P_DEFAULT,
                         H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
  h5_check(ds.get(), at, "creating dataset (does it exist already?)");
  auto memspace = select_block(filespace.get(), block);
  auto dxpl = collective_transfer();
  h5_check(H5Dwrite(ds.get(), memory_type, memspace.get(), filespace.get(), dxpl.get(), data), at,
           "writing");
  if (!meta.units.empty()) write_string_attribute(ds.get(), "units", meta.units);
  write_doubles_attribute(ds.get(), "spacing", meta.spacing);
  write_doubles_attribute(ds.get(), "origin", meta.origin);
}

}  // namespace

void write_block(H5File& file, const std::string& dataset, const Block& block, const double* data,
                 const FieldMeta& meta) {
  write_typed_block(file, dataset, block, data, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, meta);
}

void write_block(H5File& file, const std::string& dataset, const Block& block,
                 const std::int64_t* data, const FieldMeta& meta) {
  write_typed_block(file, dataset, block, data, H5T_STD_I64LE, H5T_NATIVE_INT64, meta);
}

std::vector<hsize_t> dataset_shape(const H5File& file, const std::string& dataset) {
  auto ds = open_dataset(file, dataset);
  H5Handle space(H5Dget_space(ds.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> shape(static_cast<size_t>(rank > 0 ? rank : 0));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr);
  return shape;
}

void read_block(const H5File& file, const std::string& dataset, const Block& block, double* data) {
  const auto at = where(file, dataset);
  check_block(block, at);
  auto ds = open_dataset(file, dataset);
  H5Handle type(H5Dget_type(ds.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_FLOAT)
    throw Error(at, "has a non-floating-point type; expected float32 or float64");
  const auto shape = dataset_shape(file, dataset);
  if (shape != block.global)
    throw Error(at, fmt::format("has shape [{}] but [{}] was expected", fmt::join(shape, ","),
                                fmt::join(block.global, ",")));
  H5Handle filespace(H5Dget_space(ds.get()), H5Sclose);
  auto memspace = select_block(filespace.get(), block);
  auto dxpl = collective_transfer();
  h5_check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, memspace.get(), filespace.get(), dxpl.get(), data),
           at, "reading");
}

FieldMeta read_meta(const H5File& file, const std::string& dataset) {
  auto ds = open_dataset(file, dataset);
  FieldMeta meta;
  if (H5Aexists(ds.get(), "units") > 0) meta.units = read_string_attribute(ds.get(), "units");
  meta.spacing = read_doubles_attribute(ds.get(), "spacing");
  meta.origin = read_doubles_attribute(ds.get(), "origin");
  return meta;
}

}  // namespace karst::io
