#!/usr/bin/env bash
# bundle_dry_run.sh BUILD_DIR WORK_DIR: bundle BUILD_DIR, then run the GPU check's CPU dry run from
# the bundle with the system's libraries and BUILD_DIR hidden; check that the bundle found every
# library, ran MPI, and that the check's correctness steps passed.
set -euo pipefail
build=$1 work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
unshare -m true 2>/dev/null || { echo "SKIP: no private mount namespace here (needs root and unshare)"; exit 77; }
command -v python3 >/dev/null && python3 -c 'import h5py, numpy' 2>/dev/null && python=python3 ||
  python=/usr/bin/python3
"$python" -c 'import h5py, numpy' 2>/dev/null || { echo "SKIP: no python3 with h5py and numpy"; exit 77; }

rm -rf "$work" && mkdir -p "$work"
"$src/cmake/make-bundle.sh" -o "$work/bundle" "$build"
# Nothing of the bundle may point back at the build machine's libraries (RUNPATH, RPATH).
if readelf -d "$work/bundle/builds/$(basename "$build")/apps/karst" | grep -E 'R(UN)?PATH'; then
  echo "FAIL: karst in the bundle carries a run path"; exit 1
fi
unshare -m "$python" "$src/tests/bundle/hide_system_libraries.py" "$work/bundle" "$(cd "$build" && pwd)" \
  env PYTHON="$python" OMP_NUM_THREADS=1 "$src/jobscripts/gpu-check.sh" -b "$work/bundle" \
  -o "$work/out" --budget 150 --cpu-dry-run
summary=$work/out/summary.txt
cat "$summary"
# The correctness half must have run and passed; the measurements may be skipped at this budget.
for expect in '^ok device and karst info' '^ctest: 100% tests passed, 0 tests failed out of [1-9]' \
  '^ok agreement flood' '^flood max_depth: bitwise equal' '^ok agreement fusion' \
  '^ok agreement routing' '^routing distance: bitwise equal' '^gpu-check done'; do
  grep -q "$expect" "$summary" || { echo "FAIL: summary lacks /$expect/"; exit 1; }
done
if grep -q '^FAILED' "$summary"; then echo "FAIL: a step failed"; exit 1; fi
echo "bundle dry run: ok"
