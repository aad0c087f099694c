#pragma once
//! Multiband rasters (satellite scenes) read and written a strip of rows at a time, so that a
//! scene far larger than one rank's memory streams through the fusion workload. Readers exist
//! for HDF5 (3D datasets, CF-style scale/offset attributes), ENVI (.hdr + raw) and, when Karst
//! is built with it, anything GDAL reads (GeoTIFF ...). Values are always handed out in
//! physical units with missing data as quiet NaN, whatever the file stores.

#include "io/hdf5/h5_file.hpp"
#include "io/raster/envi_header.hpp"
#include "io/raster/multiband_info.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace karst::io {

class MultibandReader {
 public:
  virtual ~MultibandReader() = default;
  virtual const MultibandInfo& info() const = 0;
  //! Rows [row0, row0+nrows) of every band in physical units, band-major (band, row, col) into
  //! out[bands*nrows*cols]. Stored nodata (and NaN) becomes quiet NaN. Not collective: any rank
  //! reads any rows independently. Throws karst::Error naming the file for rows out of range.
  //! One reader must not be used from several threads at once (GDAL and HDF5 handles are not
  //! thread-safe); open one reader per thread instead.
  virtual void read_rows(long long row0, long long nrows, double* out) const = 0;
};

//! "file.h5:dataset" (or file.h5 alone, dataset "image"), "x.hdr" or an ENVI data file whose
//! sibling .hdr exists (try name.hdr and name-without-extension.hdr), else GDAL (GeoTIFF ...).
std::unique_ptr<MultibandReader> open_multiband(const std::string& spec);
//! A 3D (bands, rows, cols) or 2D (rows, cols: one band) integer or float dataset. Attributes
//! scale_factor, add_offset, nodata (else _FillValue), geotransform, crs and band_names are used
//! when present. The file is opened on MPI_COMM_SELF, so every rank reads on its own.
std::unique_ptr<MultibandReader> open_multiband_hdf5(const std::string& path,
                                                     const std::string& dataset);
//! An ENVI header and its raw data file (bsq/bil/bip, either byte order).
std::unique_ptr<MultibandReader> open_envi(const std::string& header_path);
//! Anything GDAL opens as a raster. Throws if Karst was built without GDAL.
std::unique_ptr<MultibandReader> open_multiband_gdal(const std::string& path);
//! `path` (anything GDAL reads, with a geotransform and a CRS) warped onto `target`'s grid
//! (rows, cols, georef with CRS) by GDAL's warper (gdalwarp -t_srs -te -ts -r, exact
//! transformer): info() is the target grid with the source's bands, scale and offset; target
//! pixels the source does not cover, or covers only with nodata, read as NaN. Throws naming
//! `path` when it has no georeferencing or does not overlap the target, or without GDAL.
std::unique_ptr<MultibandReader> open_multiband_warped(const std::string& path,
                                                       const MultibandInfo& target,
                                                       Resampling resampling);

//! Writes a 3D dataset (bands, rows, cols) into an H5File that is open on a communicator.
//! Collective: every rank of the file's communicator constructs the writer with the same info
//! and calls write_rows the same number of times (a rank with nothing to write passes
//! nrows = 0). NaN is stored as info.nodata for integer types (has_nodata must then be true,
//! else throw); for int types values are rounded (physical-offset)/scale and range-checked
//! (throw naming the dataset on overflow). A failure on one rank makes every rank throw, so no
//! rank is left waiting in a collective call.
//! Attributes: scale_factor, add_offset, nodata (if has_nodata), georef as `geotransform`
//! (6 doubles, GDAL order: x0, dx, 0, y0, 0, -dy), `crs` string, `band_names` (one
//! comma-separated string attribute).
//! The writer keeps no HDF5 object open between calls, so the file may be committed while a
//! writer still exists; the H5File must outlive the writer and must not be moved meanwhile.
class MultibandWriter {
 public:
  //! Collective: creates the dataset (and its parent groups) and writes the attributes.
  MultibandWriter(H5File& file, const std::string& dataset, const MultibandInfo& info);
  //! Collective. `physical` holds bands*nrows*cols values, band-major like read_rows.
  void write_rows(long long row0, long long nrows, const double* physical);
  const MultibandInfo& info() const { return info_; }
  const std::string& dataset() const { return dataset_; }

 private:
  H5File* file_;
  std::string dataset_;
  std::string where_;  //!< "<file>:<dataset>" for messages
  MultibandInfo info_;
};

//! ENVI writer (header + raw, bsq/bil/bip, little or big endian) for tests and exports.
//! `header_path` must end in ".hdr"; the data file is the same name without it. Values are
//! encoded as MultibandWriter does (integers rounded and range-checked, NaN as nodata).
//! Scale and offset go to `data gain values` / `data offset values`, the georeference to
//! `map info` (and `coordinate system string` unless the CRS is a UTM/WGS-84 EPSG code).
void write_envi(const std::string& header_path, const MultibandInfo& info,
                const double* physical_all_rows, EnviInterleave interleave = EnviInterleave::bsq,
                bool big_endian = false);

}  // namespace karst::io
