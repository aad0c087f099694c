#!/usr/bin/env bash
# Builds Kokkos 3.4.01 from Debian's Trilinos 13.2 source package into a prefix.
#
#   cmake/build-kokkos.sh FLAVOUR PREFIX
#
# FLAVOUR is one of:
#   openmp        Serial + OpenMP, Release
#   openmp-debug  Serial + OpenMP with Kokkos_ENABLE_DEBUG_BOUNDS_CHECK (the `debug` preset)
#   cuda          Serial + CUDA (Ampere80, runs on Hopper by PTX JIT), patched for CUDA 13
#
# Why Trilinos: no Kokkos >= 4 source or package is reachable from this centre's registries, but
# Debian ships Trilinos 13.2 as a source package and it contains a standalone Kokkos 3.4.01.
# The source is fetched with a private apt configuration (a deb-src entry derived from the
# system's own apt sources), so the system's apt setup is never modified.
set -euo pipefail

flavour=${1:?usage: build-kokkos.sh openmp|openmp-debug|cuda PREFIX}
prefix=${2:?usage: build-kokkos.sh openmp|openmp-debug|cuda PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
deps=$(dirname "$prefix")
src_root="$deps/trilinos-src"
kokkos_src="$src_root/kokkos-3.4.01"
jobs=${KARST_BUILD_JOBS:-$(nproc)}

log() { echo "karst-bootstrap: $*" >&2; }

fetch_source() {
  [[ -f "$kokkos_src/CMakeLists.txt" ]] && return 0
  mkdir -p "$src_root/apt/lists/partial" "$src_root/apt/etc"
  local sources="$src_root/apt/etc/deb-src.sources" found=0
  : >"$sources"
  # Derive deb-src entries from the system's own apt sources (deb822 and one-line formats).
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    sed -E 's/^Types:.*/Types: deb-src/' "$f" >>"$sources" && echo >>"$sources" && found=1
  done
  if [[ $found -eq 0 ]]; then
    sources="$src_root/apt/etc/deb-src.list"
    grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E 's/^deb /deb-src /' >"$sources" || true
  fi
  [[ -s "$sources" ]] || { log "error: no apt sources found to derive a deb-src entry from"; exit 1; }
  local apt_opts=(-o "Dir::Etc::SourceList=$sources" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$src_root/apt/lists" -o "APT::Sandbox::User=root")
  log "fetching Debian's trilinos source package (about 166 MB) for Kokkos 3.4.01"
  apt-get "${apt_opts[@]}" -qq update >&2
  (cd "$src_root" && apt-get "${apt_opts[@]}" -qq source --download-only trilinos >&2)
  local tarball
  tarball=$(ls "$src_root"/trilinos_*.orig.tar.* 2>/dev/null | head -n1)
  [[ -n "$tarball" ]] || { log "error: apt-get source did not produce a trilinos orig tarball"; exit 1; }
  log "extracting packages/kokkos from $(basename "$tarball")"
  rm -rf "$src_root/extract" && mkdir -p "$src_root/extract"
  tar -xf "$tarball" -C "$src_root/extract" --wildcards '*/packages/kokkos/*'
  mv "$src_root"/extract/*/packages/kokkos "$kokkos_src"
  rm -rf "$src_root/extract" "$tarball"
  grep -q 'Kokkos_VERSION_MINOR 4' "$kokkos_src/CMakeLists.txt" ||
    { log "error: $kokkos_src is not Kokkos 3.4"; exit 1; }
}

fetch_source

opts=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_STANDARD=17 -DKokkos_ENABLE_SERIAL=ON
  -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DKokkos_ENABLE_TESTS=OFF)
work_src="$kokkos_src"
case "$flavour" in
  openmp) opts+=(-DKokkos_ENABLE_OPENMP=ON) ;;
  openmp-debug) opts+=(-DKokkos_ENABLE_OPENMP=ON -DKokkos_ENABLE_DEBUG=ON
    -DKokkos_ENABLE_DEBUG_BOUNDS_CHECK=ON) ;;
  cuda)
    # The CUDA patches touch the source, so they go to a private copy of it.
    work_src="$src_root/kokkos-3.4.01-cuda13"
    if [[ ! -f "$work_src/.karst-patched" ]]; then
      rm -rf "$work_src" && cp -r "$kokkos_src" "$work_src"
      "$here/patch-kokkos-cuda13.sh" "$work_src"
      touch "$work_src/.karst-patched"
    fi
    # nvcc_wrapper 3.4 defaults to sm_35, which nvcc 13 rejects: give the compiler check an arch.
    opts+=(-DKokkos_ENABLE_CUDA=ON -DKokkos_ENABLE_CUDA_LAMBDA=ON -DKokkos_ARCH_AMPERE80=ON
      -DCMAKE_CXX_FLAGS=-arch=sm_80
      -DCMAKE_CXX_COMPILER="$work_src/bin/nvcc_wrapper")
    export NVCC_WRAPPER_DEFAULT_COMPILER=${NVCC_WRAPPER_DEFAULT_COMPILER:-g++}
    ;;
  *) log "error: unknown Kokkos flavour '$flavour' (expected openmp, openmp-debug or cuda)"; exit 2 ;;
esac

build="$deps/kokkos-build-$flavour"
log "building Kokkos 3.4.01 ($flavour) into $prefix"
rm -rf "$build"
cmake -S "$work_src" -B "$build" -DCMAKE_INSTALL_PREFIX="$prefix" "${opts[@]}" >"$deps/kokkos-$flavour-configure.log" 2>&1 ||
  { log "error: Kokkos configure failed, see $deps/kokkos-$flavour-configure.log"; exit 1; }
cmake --build "$build" -j "$jobs" >"$deps/kokkos-$flavour-build.log" 2>&1 ||
  { log "error: Kokkos build failed, see $deps/kokkos-$flavour-build.log"; exit 1; }
cmake --install "$build" >/dev/null
rm -rf "$build"
touch "$prefix/.karst-kokkos-complete"
log "Kokkos ($flavour) installed in $prefix"
