# Spack recipe for Karst, the Gui'an centre's HPC workload and benchmark suite. The environments
# build it from the checkout they sit in (their develop: section), so no git fetch is needed:
#   spack env activate . && spack install                             (CPU partition)
#   spack env activate spack/gpu && spack install                     (GPU partition, H100)
# Run by hand against Spack 1.1.0 and the builtin repository spack-packages v2025.11.0
# (docs/user-guide.md); tests/spack/run_spack.sh repeats that where a Spack is found.
# Variants map one-to-one onto the CMake options of the top-level CMakeLists.txt (a test in
# tests/spack checks that they stay in step).

from spack.package import *


class Karst(CMakePackage, CudaPackage):
    """HPC workloads (flash-flood shallow water, STARFM image fusion, delta-stepping routing) in
    Kokkos + MPI + HDF5, and a benchmark harness reporting PFlop/s against the centre's peak."""

    homepage = "https://github.com/guian-hpc/karst"
    git = "https://github.com/guian-hpc/karst.git"

    maintainers("guian-hpc")
    license("BSD-3-Clause")

    version("main", branch="main")

    variant("openmp", default=True, description="Kokkos OpenMP backend on the host")
    variant("gdal", default=True, description="GeoTIFF import through GDAL")
    variant("netcdf", default=True, description="Gridded rain (flood.rain.file) through NetCDF-C")
    # Off by default until libosmium and protozero are confirmed as packages of the builtin
    # Spack repository this site uses (Debian builds get them from cmake/bootstrap.sh).
    variant("osm", default=False, description="OpenStreetMap road graphs through libosmium")

    # Spack 1.x injects a compiler only into packages that declare the languages they compile.
    depends_on("c", type="build")
    depends_on("cxx", type="build")
    depends_on("cmake@3.21:", type="build")
    # io/CMakeLists.txt finds NetCDF-C through pkg-config first (netcdf.pc).
    depends_on("pkgconfig", type="build", when="+netcdf")
    depends_on("mpi")
    depends_on("hdf5+mpi")
    depends_on("kokkos@3.4.01: cxxstd=17")
    depends_on("kokkos+openmp", when="+openmp")
    depends_on("kokkos+cuda+cuda_lambda+wrapper", when="+cuda")
    for arch in CudaPackage.cuda_arch_values:
        depends_on(f"kokkos cuda_arch={arch}", when=f"+cuda cuda_arch={arch}")
    depends_on("yaml-cpp")
    depends_on("nlohmann-json@3.10:")
    depends_on("fmt")
    depends_on("cli11")
    depends_on("gdal", when="+gdal")
    depends_on("netcdf-c", when="+netcdf")
    depends_on("libosmium", when="+osm")
    depends_on("protozero", when="+osm")
    depends_on("zlib-api", when="+osm")
    depends_on("bzip2", when="+osm")
    depends_on("expat", when="+osm")
    depends_on("googletest", type="test")
    depends_on("py-matplotlib", type="run")
    depends_on("py-h5py", type="run")

    conflicts("+cuda", when="+openmp", msg="one Kokkos device backend per build: +cuda ~openmp")

    def cmake_args(self):
        args = [
            self.define_from_variant("KARST_ENABLE_CUDA", "cuda"),
            self.define_from_variant("KARST_ENABLE_GDAL", "gdal"),
            self.define_from_variant("KARST_ENABLE_NETCDF", "netcdf"),
            self.define_from_variant("KARST_ENABLE_OSM", "osm"),
            # Spack builds for a target it chooses; -march=native would tie the binary to the
            # build node.
            self.define("KARST_ARCH_NATIVE", False),
            self.define("BUILD_TESTING", self.run_tests),
        ]
        if self.spec.satisfies("+cuda"):
            # kokkos_cxx is a property of Kokkos' package (nvcc_wrapper under +wrapper), not of
            # its spec: reading it through the spec raised AttributeError.
            args.append(self.define("CMAKE_CXX_COMPILER", self["kokkos"].kokkos_cxx))
        return args

    def check(self):
        # `spack install --test=root`: the suite, less the tests that start a Spack or a Slurm of
        # their own (the spack label would run spack install again from inside spack install).
        with working_dir(self.build_directory):
            ctest("--output-on-failure", "-LE", "spack|slurm", f"-j{make_jobs}")
