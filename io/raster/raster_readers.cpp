#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/physical_memory.hpp"
#include "io/raster/raster.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <new>

#if defined(KARST_HAVE_GDAL)
#include <gdal_priv.h>
#endif

namespace karst::io {

Raster read_gdal(const std::string& path) {
#if defined(KARST_HAVE_GDAL)
  if (!std::filesystem::exists(path)) throw Error(path, "file does not exist");
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly)));
  CPLPopErrorHandler();
  if (!ds) throw Error(path, "GDAL cannot read this file as a raster");
  Raster r;
  r.source = path;
  r.nx = ds->GetRasterXSize();
  r.ny = ds->GetRasterYSize();
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None) throw Error(path, "has no geotransform");
  if (gt[2] != 0 || gt[4] != 0) throw Error(path, "rotated rasters are not supported");
  if (std::fabs(std::fabs(gt[5]) - gt[1]) > 1e-9 * gt[1])
    throw Error(path, fmt::format("cells are not square ({} x {})", gt[1], -gt[5]));
  r.dx = gt[1];
  r.x0 = gt[0];
  r.y0 = gt[3];
  GDALRasterBand* band = ds->GetRasterBand(1);
  int has = 0;
  const double nd = band->GetNoDataValue(&has);
  r.has_nodata = has != 0;
  r.nodata = nd;
  r.values.resize(static_cast<size_t>(r.nx * r.ny));
  if (band->RasterIO(GF_Read, 0, 0, static_cast<int>(r.nx), static_cast<int>(r.ny), r.values.data(),
                     static_cast<int>(r.nx), static_cast<int>(r.ny), GDT_Float64, 0, 0) != CE_None)
    throw Error(path, "GDAL failed to read band 1");
  return r;
#else
  throw Error(path,
              "this Karst was built without GDAL; convert to .asc or HDF5, or rebuild with GDAL");
#endif
}

Raster read_raster_h5(const std::string& path, const std::string& dataset) {
  auto file = H5File::open_read(path, mpi::Comm::self());
  const auto shape = dataset_shape(file, dataset);
  if (shape.size() != 2)
    throw Error(path + ":" + dataset, fmt::format("has {} dimensions, expected 2", shape.size()));
  Raster r;
  r.source = path;
  r.ny = static_cast<long long>(shape[0]);
  r.nx = static_cast<long long>(shape[1]);
  // A chunked dataset that was never written can declare any shape in a file of kilobytes.
  const double bytes = 8.0 * double(r.ny) * double(r.nx), node = physical_memory_bytes();
  const auto too_big = [&](const std::string& than) {
    return Error(path + ":" + dataset, fmt::format("has {} x {} cells, {:.1f} GiB as doubles: more "
                                                   "than {}",
                                                   r.ny, r.nx, bytes / (1 << 30), than));
  };
  if (node > 0 && bytes > node)
    throw too_big(fmt::format("the {:.1f} GiB of memory of this node", node / (1 << 30)));
  try {
    r.values.resize(static_cast<size_t>(r.ny * r.nx));
  } catch (const std::bad_alloc&) {
    throw too_big("this process can allocate");
  }
  read_block(file, dataset, Block::whole(shape), r.values.data());
  const auto meta = read_meta(file, dataset);
  if (meta.spacing.size() != 2 || meta.origin.size() != 2)
    throw Error(path + ":" + dataset, "needs 'spacing' and 'origin' attributes of 2 values");
  if (meta.spacing[0] != meta.spacing[1]) throw Error(path + ":" + dataset, "cells are not square");
  r.dx = meta.spacing[0];
  // origin is (y, x) of the centre of cell (0,0), as write_block documents for Karst fields.
  r.y0 = meta.origin[0] + 0.5 * r.dx;
  r.x0 = meta.origin[1] - 0.5 * r.dx;
  return r;
}

Raster read_raster(const std::string& path, const std::string& h5_dataset) {
  const auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".asc") return read_esri_ascii(path);
  if (ext == ".h5" || ext == ".hdf5") return read_raster_h5(path, h5_dataset);
  return read_gdal(path);
}

}  // namespace karst::io
