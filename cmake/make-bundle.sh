#!/usr/bin/env bash
# A self-contained bundle of built Karst trees for a node that has none of Karst's libraries.
#
#   cmake/make-bundle.sh [-o OUT] [--pack] [--karst-only BUILD_DIR] BUILD_DIR [BUILD_DIR ...]
#   e.g. cmake/make-bundle.sh --pack build/gpu-cuda --karst-only build/cpu-openmp
#
# OUT (default bundle/, git-ignored) gets, per build: `karst`, the test executables and the ctest
# files (builds/<name>/), stripped; every shared library they or Open MPI's plugins load except
# the C runtime and the CUDA driver (lib/); Open MPI's launcher, plugins and help texts under a
# relocatable prefix (ompi/, used through OPAL_PREFIX) and PMIx's (pmix/, through PMIX_PREFIX);
# env.sh, which sets the paths, and relocate.sh, which points the ctest files at the bundle and the
# source tree where they now are. Why not a container: the GPU node runs no container runtime and
# reaches no registry; a folder of libraries is what travels.
#
# --pack also writes OUT.tar.xz and checks that it fits, with the repository, in what may travel
# to the GPU node (64 MiB, or --travel-limit). Packed is how the bundle travels: the CUDA test executables each carry
# the same device code, so xz takes 309 MiB to 54 MiB; gpu-check.sh unpacks it on the node (with
# tar and xz, or with Python's tarfile where xz is missing).
set -euo pipefail

die() { echo "make-bundle: error: $*" >&2; exit 1; }
usage="usage: cmake/make-bundle.sh [-o OUT] [--pack [--travel-limit MIB]] [--karst-only BUILD_DIR] BUILD_DIR [BUILD_DIR ...]"
out=bundle builds=() karst_only=() pack=0
travel_limit_mib=64
while (($#)); do
  case $1 in
    -o) out=${2:?$usage}; shift 2 ;;
    --karst-only) karst_only+=("${2:?$usage}"); shift 2 ;;
    --pack) pack=1; shift ;;
    --travel-limit) travel_limit_mib=${2:?$usage}; shift 2 ;;
    -h | --help) echo "$usage"; exit 0 ;;
    -*) die "unknown option $1 ($usage)" ;;
    *) builds+=("$1"); shift ;;
  esac
done
((${#builds[@]} + ${#karst_only[@]})) || die "$usage"
src=$(cd "$(dirname "$0")/.." && pwd)
ompi_libdir=/usr/lib/x86_64-linux-gnu/openmpi/lib
pmix_root=/usr/lib/x86_64-linux-gnu/pmix2
mpiexec_real=$(readlink -f "$(command -v mpiexec)") || die "mpiexec is not on PATH"
# Plugins for fabrics a single GPU node does not use; they would drag in UCX, libfabric, PSM and
# verbs (tens of MB). Open MPI skips a component that is absent, but warns about one that fails.
skip_plugins='ucx|ofi|psm|openib|usnic|uct|verbs|portals|java|cuda|rocm|hcoll|fca|mxm|knem|xpmem|pmi_s1|pmix_s1|pmix_s2|s1|s2|slurm|sge|tm'

rm -rf "$out.tmp" && mkdir -p "$out.tmp"/{lib,builds,ompi/bin,pmix/lib}
out_tmp=$(cd "$out.tmp" && pwd)

# The C runtime and the GPU driver come from the node itself: a copied glibc would not match its
# kernel, and the driver must match the GPU. Everything else is copied.
from_node() {
  [[ $1 =~ /(ld-linux[^/]*|libc|libm|libdl|libpthread|librt|libutil|libresolv|libcuda|libnvidia-[^/]*)\.so ]]
}

elf_files() { find "$@" -type f -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print; }

# A build's executables, ctest files and folder skeleton (tests expect some configured folders to
# exist); objects, archives, CMake's state and earlier test outputs stay behind. With only=karst,
# the karst binary alone (a CPU build carried for reference runs).
copy_build() {
  local build=$1 only=${2:-} name
  build=$(cd "$build" && pwd)
  [[ -x $build/apps/karst ]] || die "$build/apps/karst: not built (run cmake/bootstrap.sh first)"
  name=$(basename "$build")
  echo "make-bundle: $name from $build${only:+ ($only only)}"
  mkdir -p "$out_tmp/builds/$name/apps"
  echo "build $name $build" >>"$out_tmp/manifest.txt"
  # Which build is which, for gpu-check.sh: a CUDA build, or one for the host (OpenMP).
  grep -q '^KARST_ENABLE_CUDA:BOOL=ON' "$build/CMakeCache.txt" && echo "backend $name cuda" >>"$out_tmp/manifest.txt" ||
    echo "backend $name host" >>"$out_tmp/manifest.txt"
  if [[ $only == karst ]]; then
    cp "$build/apps/karst" "$out_tmp/builds/$name/apps/"
    return
  fi
  (cd "$build" && find . \( -name CMakeFiles -o -name _deps -o -name Testing \) -prune -o -type d -print0 |
    xargs -0 -I{} mkdir -p "$out_tmp/builds/$name/{}")
  (cd "$build" && { elf_files . | grep -v -e /CMakeFiles/ -e '\.o$' -e '\.so$' -e '\.a$'
    find . -name CTestTestfile.cmake -o -name DartConfiguration.tcl; } |
    xargs cp --parents -t "$out_tmp/builds/$name")
  # The interpreter and launcher the ctest files name, as CMake found them for this build.
  sed -n 's/^_Python3_EXECUTABLE:INTERNAL=/python3 /p; s/^MPIEXEC_EXECUTABLE:FILEPATH=/mpiexec /p' \
    "$build/CMakeCache.txt" >>"$out_tmp/manifest.txt"
}

needed_libs() {
  # ldd resolves through the system's search path; missing ones are an error, not a silent gap.
  local f
  for f in "$@"; do
    ldd "$f" 2>/dev/null | awk -v f="$f" '/not found/ {print "MISSING " $1 " (" f ")"; next}
      $2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'
  done | sort -u
}

copy_mpi_runtime() {
  cp "$mpiexec_real" "$out_tmp/ompi/bin/mpiexec"
  # A program started without mpiexec (a singleton) forks orted to hold its runtime.
  cp "$(dirname "$mpiexec_real")/orted" "$out_tmp/ompi/bin/orted"
  local rel=${ompi_libdir#/usr/}
  mkdir -p "$out_tmp/ompi/$rel/openmpi3" "$out_tmp/ompi/share"
  local p
  for p in "$ompi_libdir"/openmpi3/mca_*.so; do
    [[ $(basename "$p") =~ ^mca_[a-z]+_($skip_plugins)(_|\.so) ]] && continue
    cp "$p" "$out_tmp/ompi/$rel/openmpi3/"
  done
  cp -r /usr/share/openmpi "$out_tmp/ompi/share/"
  cp -r "$pmix_root/lib/pmix" "$out_tmp/pmix/lib/"
  [[ -d $pmix_root/share ]] && cp -r "$pmix_root/share" "$out_tmp/pmix/"
}

copy_libraries() {
  local libs missing lib
  mapfile -t libs < <(needed_libs $(elf_files "$out_tmp/builds" "$out_tmp/ompi" "$out_tmp/pmix"))
  missing=$(printf '%s\n' "${libs[@]}" | grep '^MISSING' || true)
  [[ -z $missing ]] || die "libraries not found here: $missing"
  for lib in "${libs[@]}"; do
    from_node "$lib" && continue
    cp -L "$lib" "$out_tmp/lib/$(basename "$lib")"
  done
}

strip_all() {
  local f
  elf_files "$out_tmp" | while read -r f; do strip --strip-unneeded "$f" 2>/dev/null || true; done
}

write_scripts() {
  echo "source $src" >>"$out_tmp/manifest.txt"
  cat >"$out_tmp/env.sh" <<'EOF'
# Source this: the bundle's libraries and Open MPI before the node's own.
bundle_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LD_LIBRARY_PATH="$bundle_dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OPAL_PREFIX="$bundle_dir/ompi" PMIX_PREFIX="$bundle_dir/pmix"
export PMIX_MCA_mca_base_component_path="$bundle_dir/pmix/lib/pmix"
export PATH="$bundle_dir/ompi/bin:$PATH"
# GPU nodes run commands as root; Open MPI refuses root unless told twice.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 OMPI_MCA_rmaps_base_oversubscribe=1
EOF
  cat >"$out_tmp/relocate.sh" <<'EOF'
#!/usr/bin/env bash
# relocate.sh SOURCE_TREE: point the bundled ctest files at this bundle, at SOURCE_TREE (a checkout
# of the same commit) and at this node's python3. Idempotent: paths are rewritten from those
# recorded in manifest.txt (or by an earlier relocation) to the present ones.
set -euo pipefail
bundle_dir=$(cd "$(dirname "$0")" && pwd)
source_now=$(cd "${1:?usage: relocate.sh SOURCE_TREE}" && pwd)
python_now=$(command -v python3) || { echo "relocate: error: no python3 on PATH" >&2; exit 1; }
mapfile -t rules < <(sort -u "$bundle_dir/manifest.txt" | awk -v b="$bundle_dir" -v s="$source_now" -v p="$python_now" '
  $1 == "build"   {print $3 "\t" b "/builds/" $2}
  $1 == "source"  {print $2 "\t" s}
  $1 == "python3" {print $2 "\t" p}
  $1 == "mpiexec" {print $2 "\t" b "/ompi/bin/mpiexec"}')
# Each run rewrites from the files as built (kept as .orig), so relocating twice is harmless.
# Every text file of the builds that names an old path: ctest files, DartConfiguration.tcl,
# configured scripts.
olds=(); for r in "${rules[@]}"; do olds+=(-e "${r%%$'\t'*}"); done
find "$bundle_dir/builds" -type f -name '*.orig' -print0 | while IFS= read -r -d '' f; do
  cp "$f" "${f%.orig}"
done
grep -rlIZF "${olds[@]}" "$bundle_dir/builds" --exclude='*.orig' | while IFS= read -r -d '' f; do
  [[ -f $f.orig ]] || cp "$f" "$f.orig"
  python3 - "$f" "${rules[@]}" <<'PY'
import sys
path, rules = sys.argv[1], [r.split("\t", 1) for r in sys.argv[2:]]
text = open(path + ".orig").read()
# Longest first, so a build folder inside the source tree is rewritten before the tree itself.
for old, new in sorted(rules, key=lambda r: -len(r[0])):
    text = text.replace(old, new)
open(path, "w").write(text)
PY
done
echo "relocate: ctest files point at $bundle_dir and $source_now"
EOF
  chmod +x "$out_tmp/relocate.sh"
}

# OUT.tar.xz, whose top folder is named bundle whatever OUT is, so that the node finds it where
# gpu-check.sh looks by default. XZ_LEVEL (default 9) trades time for size: the tests use 0.
pack_bundle() {
  local archive=$out.tar.xz parent name repo_bytes archive_bytes total_mib
  parent=$(cd "$(dirname "$out")" && pwd) name=$(basename "$out")
  echo "make-bundle: packing $archive (xz -${XZ_LEVEL:-9}; minutes at level 9)"
  tar -C "$parent" --transform "s|^$name|bundle|" -cf - "$name" |
    xz "-${XZ_LEVEL:-9}" -T0 >"$archive.tmp" || die "packing $archive failed"
  mv "$archive.tmp" "$archive"
  archive_bytes=$(stat -c %s "$archive")
  repo_bytes=$(git -C "$src" ls-files -z | (cd "$src" && xargs -0 stat -c %s 2>/dev/null) | awk '{s += $1} END {print s + 0}')
  total_mib=$(((archive_bytes + repo_bytes + 1048575) / 1048576))
  echo "make-bundle: $archive: $(((archive_bytes + 1048575) / 1048576)) MiB; with the repository" \
    "($(((repo_bytes + 1048575) / 1048576)) MiB) $total_mib MiB of the $travel_limit_mib MiB that may travel"
  ((total_mib <= travel_limit_mib)) || die "$archive and the repository come to $total_mib MiB," \
    "over the $travel_limit_mib MiB a GPU node takes (GDAL's libraries are most of lib/; docs/gpu.md)"
}

: >"$out_tmp/manifest.txt"
for b in "${builds[@]}"; do copy_build "$b"; done
for b in "${karst_only[@]}"; do copy_build "$b" karst; done
copy_mpi_runtime
copy_libraries
strip_all
write_scripts
rm -rf "$out" && mv "$out_tmp" "$out"
echo "make-bundle: $out: $(du -sm "$out" | cut -f1) MiB ($(du -sm "$out/lib" | cut -f1) MiB in" \
  "$(ls "$out/lib" | wc -l) libraries, $(du -sm "$out/builds" | cut -f1) MiB of builds)"
((pack)) && pack_bundle
