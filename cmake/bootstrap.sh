#!/usr/bin/env bash
# Installs what Karst needs and builds it, doing only the work that is missing.
#
#   cmake/bootstrap.sh [PRESET]        PRESET: cpu-openmp (default), debug, asan, gpu-cuda
#   cmake/bootstrap.sh --configure-only PRESET
#
# 1. Debian packages (Open MPI, parallel HDF5, GoogleTest, CMake, the field libraries, matplotlib).
# 2. Kokkos: $Kokkos_ROOT, or one that find_package() already sees (Spack, modules,
#    CMAKE_PREFIX_PATH) with the backend the preset needs; otherwise Kokkos 3.4.01 is built from
#    Debian's Trilinos source into build/_deps/kokkos-<flavour>.
# 3. Configure (once) and build the preset.
# A second run does no work beyond a no-op build and finishes in seconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
configure_only=0
if [[ "${1:-}" == "--configure-only" ]]; then configure_only=1; shift; fi
preset=${1:-cpu-openmp}
log() { echo "karst-bootstrap: $*" >&2; }

case "$preset" in
  cpu-openmp) flavour=openmp ;;
  # The sanitizer build also checks every View access against its bounds: one extra pass in CI
  # catches out-of-range indices that land inside another allocation, which ASan cannot see.
  debug | asan) flavour=openmp-debug ;;
  gpu-cuda) flavour=cuda ;;
  *) log "error: unknown preset '$preset' (expected cpu-openmp, debug, asan or gpu-cuda)"; exit 2 ;;
esac

# --- 1. Debian packages -----------------------------------------------------------------------
packages=(g++ make ninja-build cmake pkg-config python3 xz-utils dpkg-dev
  libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools libgtest-dev
  libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libcli11-dev libgdal-dev libnetcdf-dev
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev
  python3-matplotlib python3-h5py)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "error: missing Debian packages: ${missing[*]}"
    log "install them with: sudo apt-get install ${missing[*]}   (or use Spack: see README.md)"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# --- 2. Kokkos ----------------------------------------------------------------------------------
build_dir="$root/build/$preset"
deps="$root/build/_deps"
prefix="$deps/kokkos-$flavour"
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  if [[ -n "${Kokkos_ROOT:-}" ]]; then
    log "using Kokkos from Kokkos_ROOT=$Kokkos_ROOT"
  elif [[ -f "$prefix/.karst-kokkos-complete" ]]; then
    :
  else
    device=OPENMP
    [[ $flavour == cuda ]] && device=CUDA
    probe="$deps/probe-kokkos-$flavour"
    mkdir -p "$deps"
    if cmake -S "$root/cmake/probe-kokkos" -B "$probe" -DKARST_REQUIRED_DEVICE=$device \
      >"$probe.log" 2>&1; then
      log "using the Kokkos that find_package() found: $(grep -m1 'KARST_PROBE' "$probe.log")"
    else
      log "no Kokkos with the $device backend found by find_package(); building one"
      "$root/cmake/build-kokkos.sh" "$flavour" "$prefix"
    fi
    rm -rf "$probe"
  fi
fi

# --- 3. Configure and build --------------------------------------------------------------------
cd "$root"
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  log "configuring preset $preset"
  cmake --preset "$preset" >"$root/build/$preset.configure.log" 2>&1 ||
    { cat "$root/build/$preset.configure.log" >&2; log "error: configure failed"; exit 1; }
fi
[[ $configure_only -eq 1 ]] && exit 0
if ! cmake --build --preset "$preset" >"$root/build/$preset.build.log" 2>&1; then
  cat "$root/build/$preset.build.log" >&2
  log "error: build failed (log: build/$preset.build.log)"
  exit 1
fi
