#!/usr/bin/env bash
# run_osm_geojson.sh CMD...: runs the OpenStreetMap fixture with its three site files (length
# weights) and checks routing/routes.geojson against the paths worked out by hand: the hub snaps
# to node 9 (0.001, 0.001), the farm to node 1 (0, 0), the market to node 10 (0.002, 0.001); the
# truck goes 9 -> 1 -> 9 over the direct arcs (157 m each way), the produce 1 -> 9 -> 10
# (157 + 111 = 268 m).
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$@" --out "$out"
python3 - "$(echo "$out"/*)/routing/routes.geojson" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["type"] == "FeatureCollection"
route, produce = doc["features"]
assert route["properties"]["kind"] == "vehicle route" and route["properties"]["farms"] == ["Li farm"]
assert route["geometry"]["coordinates"] == [[0.001, 0.001], [0, 0], [0.001, 0.001]], route
assert produce["properties"]["kind"] == "farm to market"
assert produce["properties"]["market"] == "Guiyang" and produce["properties"]["tonnes"] == 3.5
assert produce["geometry"]["coordinates"] == [[0, 0], [0.001, 0.001], [0.002, 0.001]], produce
assert abs(produce["properties"]["hours"] * 3600 - 268) < 1e-9
print("routes.geojson ok")
PY
