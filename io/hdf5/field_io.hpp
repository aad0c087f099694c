#pragma once
//! Distributed 2D/3D fields in HDF5. Every rank owns one block (offset + count) of a global
//! row-major array and writes or reads it collectively with MPI-IO. Each dataset carries its
//! units, grid spacing and origin as attributes, so a file is self-describing.

#include "io/hdf5/h5_file.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace karst::io {

struct FieldMeta {
  std::string units;            //!< e.g. "m", "m2/s"
  std::vector<double> spacing;  //!< grid spacing per dimension, in metres
  std::vector<double> origin;   //!< coordinates of the first cell centre
};

//! This rank's part of a global array: row-major, slowest dimension first.
struct Block {
  std::vector<hsize_t> global;  //!< shape of the whole dataset
  std::vector<hsize_t> offset;  //!< where this rank's block starts
  std::vector<hsize_t> count;   //!< this rank's block shape (may be zero)
  size_t size() const;
  //! A block covering the whole array (single-rank or replicated reads).
  static Block whole(std::vector<hsize_t> shape);
};

//! Collective. `data` holds count[0]*count[1]*... doubles in row-major order.
void write_block(H5File& file, const std::string& dataset, const Block& block, const double* data,
                 const FieldMeta& meta);
//! The same for 64-bit integers (stored as int64), e.g. ids.
void write_block(H5File& file, const std::string& dataset, const Block& block,
                 const std::int64_t* data, const FieldMeta& meta);
//! Collective. Checks that the dataset exists, is floating point and has the global shape.
void read_block(const H5File& file, const std::string& dataset, const Block& block, double* data);
//! Shape of a dataset, with clear errors for a missing one.
std::vector<hsize_t> dataset_shape(const H5File& file, const std::string& dataset);
FieldMeta read_meta(const H5File& file, const std::string& dataset);

//! Convenience for contiguous LayoutRight host views (Field2DHost, Field3DHost).
template <class HostView>
void write_view(H5File& file, const std::string& dataset, const Block& block, const HostView& v,
                const FieldMeta& meta) {
  static_assert(std::is_same<typename HostView::array_layout, Kokkos::LayoutRight>::value,
                "write_view needs a LayoutRight view");
  write_block(file, dataset, block, v.data(), meta);
}
template <class HostView>
void read_view(const H5File& file, const std::string& dataset, const Block& block,
               const HostView& v) {
  static_assert(std::is_same<typename HostView::array_layout, Kokkos::LayoutRight>::value,
                "read_view needs a LayoutRight view");
  read_block(file, dataset, block, v.data());
}

}  // namespace karst::io
