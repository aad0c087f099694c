#!/usr/bin/env bash
# run_flood_outputs.sh CHECKER CMD...: runs a flood case into a fresh directory and checks that
# every promised output exists (with GDAL: the GeoTIFFs and the PNG quicklook too) and that the
# record is valid.
set -euo pipefail
checker=$1
shift
out=$(mktemp -d)
summary=$(mktemp)
trap 'rm -rf "$out" "$summary"' EXIT
"$@" --out "$out" | tee "$summary"
run=$(echo "$out"/*)
for f in flood.json flood.h5 flood/maps.h5 flood/flood.xdmf flood/gauges.csv flood/warnings.json \
         flood/snapshots/flood_00000.h5; do
  [[ -s "$run/$f" ]] || { echo "FAIL: missing $f"; ls -R "$run"; exit 1; }
done
# The GIS maps and the picture, unless this Karst says once that it was built without GDAL.
if grep -q '^ *maps: .*skipped' "$summary"; then
  grep '^ *maps: .*skipped' "$summary"
else
  for f in max_depth.tif max_speed.tif hazard_class.tif arrival_time.tif max_depth.png; do
    [[ -s "$run/flood/$f" ]] || { echo "FAIL: missing flood/$f"; ls "$run/flood"; exit 1; }
  done
  if find "$out" -name '*.aux.xml' | grep -q .; then echo "FAIL: GDAL sidecar left"; exit 1; fi
fi
grep -q 'max_depth' "$run/flood/flood.xdmf" || { echo "FAIL: xdmf lacks max_depth"; exit 1; }
head -1 "$run/flood/gauges.csv" | grep -q '^time_s,upstream-village_depth_m' || { echo "FAIL: csv header"; exit 1; }
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
"$checker" "$run/flood.json" 1
echo "outputs ok"
