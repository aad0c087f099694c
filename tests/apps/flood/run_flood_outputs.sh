#!/usr/bin/env bash
# run_flood_outputs.sh CHECKER CMD...: runs a flood case into a fresh directory and checks that
# every promised output exists and that the record is valid.
set -euo pipefail
checker=$1
shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$@" --out "$out"
run=$(echo "$out"/*)
for f in flood.json flood.h5 flood/maps.h5 flood/flood.xdmf flood/gauges.csv flood/warnings.json \
         flood/snapshots/flood_00000.h5; do
  [[ -s "$run/$f" ]] || { echo "FAIL: missing $f"; ls -R "$run"; exit 1; }
done
grep -q 'max_depth' "$run/flood/flood.xdmf" || { echo "FAIL: xdmf lacks max_depth"; exit 1; }
head -1 "$run/flood/gauges.csv" | grep -q '^time_s,upstream-village_depth_m' || { echo "FAIL: csv header"; exit 1; }
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
"$checker" "$run/flood.json" 1
echo "outputs ok"
