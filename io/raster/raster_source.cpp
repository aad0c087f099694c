// The format-independent part of RasterSource, the dispatch by extension, and the HDF5 source
// (a hyperslab per window on MPI_COMM_SELF: every rank reads its block on its own).
#include "io/raster/raster_source.hpp"

#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/physical_memory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

namespace karst::io {

std::unique_ptr<RasterSource> open_esri_ascii_source(const std::string& path);  // esri_ascii_source
std::unique_ptr<RasterSource> open_gdal_source(const std::string& path);  // raster_source_gdal

void RasterSource::check_window(long long i0, long long j0, int ny, int nx) const {
  if (i0 < 0 || j0 < 0 || ny < 0 || nx < 0 || i0 + ny > grid_.ny || j0 + nx > grid_.nx)
    throw Error(grid_.source,
                fmt::format("window rows [{}, {}) x columns [{}, {}) is outside the {}x{} grid", i0,
                            i0 + ny, j0, j0 + nx, grid_.ny, grid_.nx));
}

void RasterSource::scan(int rows, const StripVisitor& visit) const {
  rows = std::max(1, rows);
  std::vector<double> strip;
  for (long long i0 = 0; i0 < grid_.ny; i0 += rows) {
    const int n = static_cast<int>(std::min<long long>(rows, grid_.ny - i0));
    strip.resize(static_cast<size_t>(n) * static_cast<size_t>(grid_.nx));
    read_window(i0, 0, n, static_cast<int>(grid_.nx), strip.data());
    visit(i0, n, strip.data());
  }
}

namespace {

class H5Source final : public RasterSource {
 public:
  H5Source(const std::string& path, const std::string& dataset)
      : file_(H5File::open_read(path, mpi::Comm::self())), dataset_(dataset) {
    const std::string where = path + ":" + dataset;
    shape_ = dataset_shape(file_, dataset);
    if (shape_.size() != 2)
      throw Error(where, fmt::format("has {} dimensions, expected 2", shape_.size()));
    grid_.source = path;
    grid_.ny = static_cast<long long>(shape_[0]);
    grid_.nx = static_cast<long long>(shape_[1]);
    refuse_absurd_shape(where);
    const auto meta = read_meta(file_, dataset);
    if (meta.spacing.size() != 2 || meta.origin.size() != 2)
      throw Error(where, "needs 'spacing' and 'origin' attributes of 2 values");
    if (meta.spacing[0] != meta.spacing[1]) throw Error(where, "cells are not square");
    grid_.dx = meta.spacing[0];
    // origin is (y, x) of the centre of cell (0,0), as write_block documents for Karst fields.
    grid_.y0 = meta.origin[0] + 0.5 * grid_.dx;
    grid_.x0 = meta.origin[1] - 0.5 * grid_.dx;
    H5Handle ds(H5Dopen2(file_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    // The `crs` attribute is what io::write_multiband_h5 writes (EPSG:xxxx or WKT).
    if (ds.valid() && H5Aexists(ds.get(), "crs") > 0)
      grid_.crs_wkt = crs_to_wkt(read_string_attribute(ds.get(), "crs"), where + ": crs");
  }

  void read_window(long long i0, long long j0, int ny, int nx, double* out) const override {
    check_window(i0, j0, ny, nx);
    Block b;
    b.global = shape_;
    b.offset = {static_cast<hsize_t>(i0), static_cast<hsize_t>(j0)};
    b.count = {static_cast<hsize_t>(ny), static_cast<hsize_t>(nx)};
    read_block(file_, dataset_, b, out);
  }

 private:
  // A chunked dataset that was never written can declare any shape in a file of kilobytes;
  // scanning it would read terabytes of fill values. One node's memory bounds what is plausible.
  void refuse_absurd_shape(const std::string& where) const {
    const double bytes = 8.0 * double(grid_.ny) * double(grid_.nx), node = physical_memory_bytes();
    if (node > 0 && bytes > node)
      throw Error(where, fmt::format("has {} x {} cells, {:.1f} GiB as doubles: more than the "
                                     "{:.1f} GiB of memory of this node",
                                     grid_.ny, grid_.nx, bytes / (1 << 30), node / (1 << 30)));
  }

  H5File file_;
  std::string dataset_;
  std::vector<hsize_t> shape_;
};

}  // namespace

std::unique_ptr<RasterSource> open_raster_source(const std::string& path,
                                                 const std::string& h5_dataset) {
  const auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".asc") return open_esri_ascii_source(path);
  if (ext == ".h5" || ext == ".hdf5") return std::make_unique<H5Source>(path, h5_dataset);
  return open_gdal_source(path);
}

double round_cell_size(double suggested) {
  if (!(suggested > 0)) return suggested;
  const double scale = std::pow(10.0, std::floor(std::log10(suggested)) - 1);
  return std::round(suggested / scale) * scale;
}

std::string utm_crs_of(double lon_deg, double lat_deg) {
  const double lon = lon_deg - 360.0 * std::floor((lon_deg + 180.0) / 360.0);  // to [-180, 180)
  const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
  return fmt::format("EPSG:{}", (lat_deg >= 0 ? 32600 : 32700) + zone);
}

}  // namespace karst::io
