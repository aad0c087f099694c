#pragma once
//! View aliases for every room. Layouts are chosen by Kokkos per memory space (LayoutRight on the
//! host, LayoutLeft on CUDA by default); fields that cross MPI or HDF5 are LayoutRight everywhere
//! so a row is contiguous in both memory and file.

#include <Kokkos_Core.hpp>

namespace karst {

using ExecSpace = Kokkos::DefaultExecutionSpace;
using MemSpace = ExecSpace::memory_space;
using HostSpace = Kokkos::HostSpace;

using Field2D = Kokkos::View<double**, Kokkos::LayoutRight, MemSpace>;
using Field2DHost = Field2D::HostMirror;
using Field3D = Kokkos::View<double***, Kokkos::LayoutRight, MemSpace>;
using Field3DHost = Field3D::HostMirror;
using Field1D = Kokkos::View<double*, MemSpace>;
using Field1DHost = Field1D::HostMirror;

using Policy1D = Kokkos::RangePolicy<ExecSpace>;

}  // namespace karst
