#!/usr/bin/env bash
# Karst's Spack files run through a real Spack, when this machine has one ($SPACK_ROOT/bin/spack
# or spack on PATH); otherwise exit 77 (ctest: skipped) with the reason. CI has no Spack, so
# there these tests skip in well under a second.
#   run_spack.sh SOURCE_DIR concretize-cpu           spack.yaml concretizes; karst +openmp
#   run_spack.sh SOURCE_DIR concretize-gpu ARCH      spack/gpu concretizes for cuda_arch=ARCH
#   run_spack.sh SOURCE_DIR install                  fresh clone, spack install, karst info
# Each works in a private temporary environment: the checkout gains no spack.lock or .spack-env.
set -uo pipefail
src=$1
mode=$2
arch=${3:-}

skip() {
  echo "SKIPPED: $*"
  exit 77
}
fail() {
  echo "FAILED: $*"
  exit 1
}

if [[ -n ${SPACK_ROOT:-} && -x $SPACK_ROOT/bin/spack ]]; then
  spack=$SPACK_ROOT/bin/spack
elif type -P spack >/dev/null; then
  spack=$(type -P spack)
else
  skip "no Spack here (set SPACK_ROOT or put spack on PATH)"
fi
echo "Spack: $spack ($("$spack" --version))"

dir=$(mktemp -d /tmp/karst-spack.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# The karst line of `spack concretize` output, e.g. " -   abcdefg  karst@main+gdal...".
node_line() { grep -E "^.{0,6}[a-z0-9]{7}  +$1@" "$dir/concretize.log" | head -1; }

# An environment in $dir whose develop: path is this source tree, not a copy of it.
copy_env() {
  cp "$src/spack.yaml" "$dir/"
  cp -r "$src/spack" "$dir/spack"
  rm -rf "$dir"/spack.lock "$dir"/.spack-env "$dir"/spack/gpu/spack.lock "$dir"/spack/gpu/.spack-env
  sed -i -E "s|^(      path: ).*$|\1$src|" "$dir/spack.yaml" "$dir/spack/gpu/spack.yaml"
}

case $mode in
  concretize-cpu)
    copy_env
    "$spack" -e "$dir" concretize >"$dir/concretize.log" 2>&1 || { cat "$dir/concretize.log"; fail "spack.yaml does not concretize"; }
    karst=$(node_line karst)
    kokkos=$(node_line kokkos)
    echo "$karst"
    [[ $karst == *"+openmp"* && $karst == *"~cuda"* ]] || fail "karst is not +openmp ~cuda: $karst"
    [[ $kokkos == *"+openmp"* && $kokkos == *"~cuda"* ]] || fail "kokkos is not +openmp ~cuda: $kokkos"
    ;;
  concretize-gpu)
    [[ $arch =~ ^[0-9]+$ ]] || fail "concretize-gpu needs a cuda_arch, got '$arch'"
    copy_env
    sed -i -E "s/cuda_arch=[0-9]+/cuda_arch=$arch/g" "$dir/spack/gpu/spack.yaml"
    "$spack" -e "$dir/spack/gpu" concretize >"$dir/concretize.log" 2>&1 || { cat "$dir/concretize.log"; fail "spack/gpu does not concretize for cuda_arch=$arch"; }
    karst=$(node_line karst)
    kokkos=$(node_line kokkos)
    echo "$karst"
    [[ $karst == *"+cuda"* && $karst == *"~openmp"* && $karst =~ cuda_arch:?=$arch( |$) ]] ||
      fail "karst is not +cuda ~openmp cuda_arch=$arch: $karst"
    [[ $kokkos == *"+cuda"* && $kokkos == *"+wrapper"* && $kokkos =~ cuda_arch:?=$arch( |$) ]] ||
      fail "kokkos is not +cuda +wrapper cuda_arch=$arch: $kokkos"
    ;;
  install)
    # Exactly the user guide's steps, in a fresh clone of the committed tree.
    git clone -q "$src" "$dir/karst" || fail "cannot clone $src"
    cd "$dir/karst" || fail "no clone"
    # shellcheck disable=SC1091
    . "$(dirname "$spack")/../share/spack/setup-env.sh"
    spack env activate . || fail "spack env activate . failed"
    spack install -j"${KARST_SPACK_JOBS:-2}" || fail "spack install failed"
    prefix=$(spack location -i karst) || fail "no installed karst"
    info=$("$prefix/bin/karst" info) || fail "$prefix/bin/karst info failed"
    echo "$info"
    grep -q "OpenMP" <<<"$info" || fail "karst info does not report the OpenMP backend"
    # The build is tied to this temporary clone (dev_path): leave the Spack store as it was.
    spack uninstall -y karst >/dev/null || echo "note: could not uninstall $prefix"
    ;;
  *)
    fail "unknown mode '$mode'"
    ;;
esac
echo "PASSED: $mode $arch"
