#!/usr/bin/env bash
# run_routes_outputs.sh CHECKER RANKS CMD...: runs a routing (tables) case into a fresh directory
# and checks that the summary reports truck routes, that routing/routes.json holds routes and
# totals, that routing/routes.h5 exists, that nothing is left behind, and that the record is valid
# with the route results in it.
set -euo pipefail
checker=$1 ranks=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$("$@" --out "$out" 2>&1)
echo "$log"
run=$(echo "$out"/*)
grep -Eq "[0-9]+ truck routes: [0-9.]+ h for [0-9]+ t \(one truck per farm: [0-9.]+ h\)" <<<"$log" ||
  { echo "FAIL: summary"; exit 1; }
json="$run/routing/routes.json"
[[ -s "$json" && -s "$run/routing/routes.h5" ]] || { echo "FAIL: missing routes"; ls -R "$run"; exit 1; }
for key in '"farm_nodes"' '"unserved"' '"one_truck_per_farm_hours"' '"totals"'; do
  grep -q "$key" "$json" || { echo "FAIL: routes.json has no $key"; exit 1; }
done
grep -q '"route_hours_total"' "$run/routing.json" || { echo "FAIL: record has no route results"; exit 1; }
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
"$checker" "$run/routing.json" "$ranks"
echo "routes outputs ok"
