// Multiband images as HDF5 datasets (bands, rows, cols). The reader opens the file on
// MPI_COMM_SELF so any rank reads any rows on its own; the writer is collective on the file's
// communicator and writes one hyperslab of rows per call, so no rank ever holds a whole scene.
#include "base/error.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

namespace karst::io {

namespace {

hid_t file_type(SampleType t) {
  switch (t) {
    case SampleType::uint8:
      return H5T_STD_U8LE;
    case SampleType::int16:
      return H5T_STD_I16LE;
    case SampleType::uint16:
      return H5T_STD_U16LE;
    case SampleType::float32:
      return H5T_IEEE_F32LE;
    case SampleType::float64:
      return H5T_IEEE_F64LE;
  }
  return H5T_IEEE_F64LE;
}

hid_t memory_type(SampleType t) {
  switch (t) {
    case SampleType::uint8:
      return H5T_NATIVE_UINT8;
    case SampleType::int16:
      return H5T_NATIVE_INT16;
    case SampleType::uint16:
      return H5T_NATIVE_UINT16;
    case SampleType::float32:
      return H5T_NATIVE_FLOAT;
    case SampleType::float64:
      return H5T_NATIVE_DOUBLE;
  }
  return H5T_NATIVE_DOUBLE;
}

H5Handle collective_transfer() {
  H5Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  h5_check(dxpl.get(), "hdf5", "H5Pcreate(transfer)");
  h5_check(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE), "hdf5", "H5Pset_dxpl_mpio");
  return dxpl;
}

// Selects rows [row0, row0+nrows) of every band (of the only band for a 2D dataset) in
// `filespace` and returns the matching memory space; nothing is selected when nrows is 0.
H5Handle select_rows(hid_t filespace, int ndims, hsize_t bands, hsize_t row0, hsize_t nrows,
                     hsize_t cols) {
  const hsize_t offset3[3] = {0, row0, 0}, count3[3] = {bands, nrows, cols};
  const hsize_t* offset = ndims == 3 ? offset3 : offset3 + 1;
  const hsize_t* count = ndims == 3 ? count3 : count3 + 1;
  H5Handle memspace(H5Screate_simple(ndims, count, nullptr), H5Sclose);
  h5_check(memspace.get(), "hdf5", "H5Screate_simple");
  if (nrows == 0) {
    H5Sselect_none(filespace);
    H5Sselect_none(memspace.get());
  } else {
    h5_check(H5Sselect_hyperslab(filespace, H5S_SELECT_SET, offset, nullptr, count, nullptr),
             "hdf5", "H5Sselect_hyperslab");
  }
  return memspace;
}

void write_doubles_attribute(hid_t obj, const char* name, const double* v, hsize_t n,
                             const std::string& at) {
  H5Handle space(n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr), H5Sclose);
  H5Handle attr(H5Acreate2(obj, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  h5_check(attr.get(), at, fmt::format("creating attribute '{}'", name));
  h5_check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, v), at,
           fmt::format("writing attribute '{}'", name));
}

// All values of a numeric attribute as doubles; empty when the attribute is absent.
std::vector<double> read_doubles_attribute(hid_t obj, const char* name, const std::string& at) {
  if (H5Aexists(obj, name) <= 0) return {};
  H5Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  h5_check(attr.get(), at, fmt::format("opening attribute '{}'", name));
  H5Handle type(H5Aget_type(attr.get()), H5Tclose);
  const auto cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT)
    throw Error(at, fmt::format("attribute '{}' is not numeric", name));
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  std::vector<double> v(static_cast<size_t>(H5Sget_simple_extent_npoints(space.get())));
  h5_check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, v.data()), at,
           fmt::format("reading attribute '{}'", name));
  return v;
}

// One value for the whole image: per-band values are accepted only when they all agree.
bool read_scalar_attribute(hid_t obj, const char* name, const std::string& at, double& out) {
  const auto v = read_doubles_attribute(obj, name, at);
  if (v.empty()) return false;
  for (double x : v)
    if (!(x == v[0]) && !(std::isnan(x) && std::isnan(v[0])))
      throw Error(at, fmt::format("attribute '{}' differs between bands; per-band values are "
                                  "not supported",
                                  name));
  out = v[0];
  return true;
}

// A string attribute written as fixed- or variable-length strings (h5py writes the latter),
// scalar or an array; array elements are joined with ','.
std::string read_text_attribute(hid_t obj, const char* name, const std::string& at) {
  H5Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  h5_check(attr.get(), at, fmt::format("opening attribute '{}'", name));
  H5Handle type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw Error(at, fmt::format("attribute '{}' is not a string", name));
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  const auto n = static_cast<size_t>(H5Sget_simple_extent_npoints(space.get()));
  std::vector<std::string> parts;
  if (H5Tis_variable_str(type.get()) > 0) {
    H5Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    std::vector<char*> ptrs(n, nullptr);
    h5_check(H5Aread(attr.get(), mem.get(), ptrs.data()), at,
             fmt::format("reading attribute '{}'", name));
    for (char* p : ptrs) parts.emplace_back(p ? p : "");
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, ptrs.data());
  } else {
    const size_t size = H5Tget_size(type.get());
    std::string buf(size * n, '\0');
    h5_check(H5Aread(attr.get(), type.get(), buf.data()), at,
             fmt::format("reading attribute '{}'", name));
    for (size_t i = 0; i < n; ++i) parts.emplace_back(buf.substr(i * size, size).c_str());
  }
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) joined += (i ? "," : "") + parts[i];
  return joined;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

SampleType sample_type_of(hid_t type, const std::string& at) {
  const auto cls = H5Tget_class(type);
  const size_t size = H5Tget_size(type);
  if (cls == H5T_FLOAT && size == 4) return SampleType::float32;
  if (cls == H5T_FLOAT && size == 8) return SampleType::float64;
  if (cls == H5T_INTEGER) {
    const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    if (size == 1 && !is_signed) return SampleType::uint8;
    if (size == 2) return is_signed ? SampleType::int16 : SampleType::uint16;
    throw Error(at, fmt::format("has {}-bit {} integers; supported are uint8, int16, uint16, "
                                "float32 and float64",
                                8 * size, is_signed ? "signed" : "unsigned"));
  }
  throw Error(at, "has a type other than uint8, int16, uint16, float32 or float64");
}

class Hdf5Reader final : public MultibandReader {
 public:
  Hdf5Reader(const std::string& path, const std::string& dataset)
      : file_(H5File::open_read(path, mpi::Comm::self())) {
    const std::string at = path + ":" + dataset;
    info_.source = at;
    if (dataset.empty()) throw Error(at, "no dataset named after the ':'");
    if (H5Lexists(file_.id(), dataset.c_str(), H5P_DEFAULT) <= 0)
      throw Error(at, "dataset not found");
    ds_ = H5Handle(H5Dopen2(file_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    h5_check(ds_.get(), at, "opening dataset");
    {
      H5Handle space(H5Dget_space(ds_.get()), H5Sclose);
      ndims_ = H5Sget_simple_extent_ndims(space.get());
      if (ndims_ != 2 && ndims_ != 3)
        throw Error(at, fmt::format("has {} dimensions; expected (bands, rows, cols) or "
                                    "(rows, cols)",
                                    ndims_));
      hsize_t dims[3] = {1, 1, 1};
      H5Sget_simple_extent_dims(space.get(), ndims_ == 3 ? dims : dims + 1, nullptr);
      info_.bands = static_cast<long long>(dims[0]);
      info_.rows = static_cast<long long>(dims[1]);
      info_.cols = static_cast<long long>(dims[2]);
    }
    H5Handle type(H5Dget_type(ds_.get()), H5Tclose);
    info_.type = sample_type_of(type.get(), at);
    const hid_t d = ds_.get();
    const bool scaled = read_scalar_attribute(d, "scale_factor", at, info_.scale);
    info_.has_scale = read_scalar_attribute(d, "add_offset", at, info_.offset) || scaled;
    info_.has_nodata = read_scalar_attribute(d, "nodata", at, info_.nodata) ||
                       read_scalar_attribute(d, "_FillValue", at, info_.nodata);
    const auto gt = read_doubles_attribute(d, "geotransform", at);
    if (!gt.empty()) {
      if (gt.size() != 6)
        throw Error(at,
                    fmt::format("attribute 'geotransform' has {} values, expected 6", gt.size()));
      if (gt[2] != 0.0 || gt[4] != 0.0)
        throw Error(at, "geotransform is rotated; only north-up images are supported");
      info_.georef.x0 = gt[0];
      info_.georef.dx = gt[1];
      info_.georef.y0 = gt[3];
      info_.georef.dy = -gt[5];
    }
    if (H5Aexists(d, "crs") > 0) info_.georef.crs = read_text_attribute(d, "crs", at);
    if (H5Aexists(d, "band_names") > 0) {
      std::istringstream names(read_text_attribute(d, "band_names", at));
      std::string name;
      while (std::getline(names, name, ',')) info_.band_names.push_back(trim(name));
      if (static_cast<long long>(info_.band_names.size()) != info_.bands)
        throw Error(at, fmt::format("attribute 'band_names' lists {} names for {} bands",
                                    info_.band_names.size(), info_.bands));
    }
    detail::check_info(info_, at);
  }

  const MultibandInfo& info() const override { return info_; }

  void read_rows(long long row0, long long nrows, double* out) const override {
    detail::check_rows(info_, row0, nrows);
    if (nrows == 0) return;
    H5Handle filespace(H5Dget_space(ds_.get()), H5Sclose);
    auto memspace = select_rows(filespace.get(), ndims_, static_cast<hsize_t>(info_.bands),
                                static_cast<hsize_t>(row0), static_cast<hsize_t>(nrows),
                                static_cast<hsize_t>(info_.cols));
    // Independent transfer: the file is open on MPI_COMM_SELF. HDF5 converts to double.
    h5_check(
        H5Dread(ds_.get(), H5T_NATIVE_DOUBLE, memspace.get(), filespace.get(), H5P_DEFAULT, out),
        info_.source, fmt::format("reading rows [{}, {})", row0, row0 + nrows));
    detail::decode_in_place(info_, out, row0, nrows);
  }

 private:
  H5File file_;  // declared before ds_, so the dataset is closed before the file
  H5Handle ds_;
  int ndims_ = 3;
  MultibandInfo info_;
};

}  // namespace

std::unique_ptr<MultibandReader> open_multiband_hdf5(const std::string& path,
                                                     const std::string& dataset) {
  return std::make_unique<Hdf5Reader>(path, dataset);
}

MultibandWriter::MultibandWriter(H5File& file, const std::string& dataset,
                                 const MultibandInfo& info)
    : file_(&file), dataset_(dataset), where_(file.path() + ":" + dataset), info_(info) {
  info_.source = where_;
  detail::check_info(info_, where_);
  for (const auto& name : info_.band_names)
    if (name.find(',') != std::string::npos)
      throw Error(where_, fmt::format("band name '{}' contains a ',', which separates the names "
                                      "in the band_names attribute",
                                      name));
  const auto slash = dataset.rfind('/');
  if (slash != std::string::npos && slash > 0) ensure_group(file.id(), dataset.substr(0, slash));
  const hsize_t dims[3] = {static_cast<hsize_t>(info_.bands), static_cast<hsize_t>(info_.rows),
                           static_cast<hsize_t>(info_.cols)};
  H5Handle filespace(H5Screate_simple(3, dims, nullptr), H5Sclose);
  h5_check(filespace.get(), where_, "H5Screate_simple");
  H5Handle ds(H5Dcreate2(file.id(), dataset.c_str(), file_type(info_.type), filespace.get(),
                         H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
  h5_check(ds.get(), where_, "creating dataset (does it exist already?)");
  const hid_t d = ds.get();
  write_doubles_attribute(d, "scale_factor", &info_.scale, 1, where_);
  write_doubles_attribute(d, "add_offset", &info_.offset, 1, where_);
  if (info_.has_nodata) write_doubles_attribute(d, "nodata", &info_.nodata, 1, where_);
  const auto& g = info_.georef;
  if (g.valid()) {
    const double gt[6] = {g.x0, g.dx, 0.0, g.y0, 0.0, -g.dy};
    write_doubles_attribute(d, "geotransform", gt, 6, where_);
  }
  if (!g.crs.empty()) write_string_attribute(d, "crs", g.crs);
  if (!info_.band_names.empty()) {
    std::string names;
    for (size_t b = 0; b < info_.band_names.size(); ++b)
      names += (b ? "," : "") + info_.band_names[b];
    write_string_attribute(d, "band_names", names);
  }
}

void MultibandWriter::write_rows(long long row0, long long nrows, const double* physical) {
  const auto& comm = file_->comm();
  std::string error;
  std::vector<unsigned char> stored;
  const long long cols = info_.cols;
  if (row0 < 0 || nrows < 0 || row0 > info_.rows - nrows) {
    error = fmt::format("rows [{}, {}) written, but the dataset has rows [0, {})", row0,
                        row0 + nrows, info_.rows);
  } else if (nrows > 0 && physical == nullptr) {
    error = fmt::format("rows [{}, {}) written from a null pointer", row0, row0 + nrows);
  } else if (nrows > 0) {
    const auto n = static_cast<size_t>(info_.bands * nrows * cols);
    stored.resize(n * sample_size(info_.type));
    if (const auto bad = detail::encode(info_, physical, n, stored.data())) {
      const auto i = static_cast<long long>(bad.index);
      error = fmt::format("band {}, row {}, col {}: {}", i / (nrows * cols),
                          row0 + i / cols % nrows, i % cols, bad.what);
    }
  }
  // Agree before the collective write: a rank throwing alone would leave the others waiting.
  if (comm.allreduce_min(error.empty() ? 1.0 : 0.0) < 1.0)
    throw Error(where_, error.empty() ? "write_rows failed on another rank" : error);

  H5Handle ds(H5Dopen2(file_->id(), dataset_.c_str(), H5P_DEFAULT), H5Dclose);
  h5_check(ds.get(), where_, "opening dataset");
  H5Handle filespace(H5Dget_space(ds.get()), H5Sclose);
  auto memspace =
      select_rows(filespace.get(), 3, static_cast<hsize_t>(info_.bands), static_cast<hsize_t>(row0),
                  static_cast<hsize_t>(nrows), static_cast<hsize_t>(cols));
  auto dxpl = collective_transfer();
  unsigned char none[8] = {};  // HDF5 wants a buffer even when nothing is selected
  h5_check(H5Dwrite(ds.get(), memory_type(info_.type), memspace.get(), filespace.get(), dxpl.get(),
                    stored.empty() ? none : stored.data()),
           where_, fmt::format("writing rows [{}, {})", row0, row0 + nrows));
}

}  // namespace karst::io
