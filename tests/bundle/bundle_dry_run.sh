#!/usr/bin/env bash
# bundle_dry_run.sh BUILD_DIR: bundle BUILD_DIR into a scratch folder outside it, then run the GPU check's CPU dry run from
# the bundle with the system's libraries and BUILD_DIR hidden; check that the bundle found every
# library, ran MPI, and that the check's correctness steps passed.
set -euo pipefail
build=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
unshare -m true 2>/dev/null || { echo "SKIP: no private mount namespace here (needs root and unshare)"; exit 77; }
command -v python3 >/dev/null && python3 -c 'import h5py, numpy' 2>/dev/null && python=python3 ||
  python=/usr/bin/python3
"$python" -c 'import h5py, numpy' 2>/dev/null || { echo "SKIP: no python3 with h5py and numpy"; exit 77; }

# Outside the build tree, which is hidden while the check runs.
work=$(mktemp -d "${TMPDIR:-/tmp}/karst-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Packed and unpacked as on the way to a GPU node (fast xz; this CPU bundle is not meant to fit).
XZ_LEVEL=0 "$src/cmake/make-bundle.sh" -o "$work/bundle" --pack --travel-limit 4096 "$build"
[[ -f $work/bundle.tar.xz ]] || { echo "FAIL: make-bundle --pack wrote no $work/bundle.tar.xz"; exit 1; }
mv "$work/bundle" "$work/bundle.made"
# A run path into the build tree would outrank nothing (LD_LIBRARY_PATH comes first) but would
# mean a library built there is missing from the bundle.
if readelf -d "$work/bundle.made/builds/$(basename "$build")/apps/karst" | grep -E 'R(UN)?PATH' |
  grep -F "$(cd "$build" && pwd)"; then
  echo "FAIL: karst in the bundle carries a run path into the build tree"; exit 1
fi
cd "$work"
unshare -m "$python" "$src/tests/bundle/hide_system_libraries.py" "$work/bundle.made" "$(cd "$build" && pwd)" \
  env PYTHON="$python" OMP_NUM_THREADS=1 "$src/jobscripts/gpu-check.sh" -b "$work/bundle" \
  -o "$work/out" --budget 600 --cpu-dry-run --correctness-only
summary=$work/out/summary.txt
cat "$summary"
# The correctness half must have run and passed.
[[ -f $work/bundle/env.sh ]] || { echo "FAIL: gpu-check did not unpack bundle.tar.xz"; exit 1; }
diff -rq "$work/bundle.made/lib" "$work/bundle/lib" &&
  cmp "$work/bundle.made/builds/$(basename "$build")/apps/karst" "$work/bundle/builds/$(basename "$build")/apps/karst" ||
  { echo "FAIL: the unpacked bundle differs from the one made"; exit 1; }
for expect in '^ok device and karst info' '^ctest: 100% tests passed, 0 tests failed out of [1-9]' \
  '^ok agreement flood' '^flood max_depth: bitwise equal' '^ok agreement fusion' \
  '^ok agreement routing' '^routing distance: bitwise equal' '^gpu-check done'; do
  grep -q "$expect" "$summary" || { echo "FAIL: summary lacks /$expect/"; exit 1; }
done
if grep -q '^FAILED' "$summary"; then echo "FAIL: a step failed"; exit 1; fi
echo "bundle dry run: ok"
