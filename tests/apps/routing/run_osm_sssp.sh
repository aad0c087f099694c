#!/usr/bin/env bash
# run_osm_sssp.sh CHECKER RANKS EXPECTED CMD...: runs an OpenStreetMap `routing.mode=sssp` case
# into a fresh directory, checks the record, and that routing/sssp.h5 holds `osm_id` (int64, one
# per vertex, ascending) and, when EXPECTED is not '-', the distances EXPECTED (comma-separated,
# vertex order).
set -euo pipefail
checker=$1 ranks=$2 expected=$3
shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$("$@" --out "$out" 2>&1)
echo "$log"
run=$(echo "$out"/*)
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
"$checker" "$run/routing.json" "$ranks"
python3 - "$run" "$expected" <<'PY'
import json, re, subprocess, sys
run, expected = sys.argv[1], sys.argv[2]
results = json.load(open(f"{run}/routing.json"))["results"]
n = results["vertices"]


def dataset(name):
    """(type line, values) of a dataset of sssp.h5, through h5dump (hdf5-tools)."""
    text = subprocess.run(["h5dump", "-y", "-w", "0", "-d", name, f"{run}/routing/sssp.h5"],
                          check=True, capture_output=True, text=True).stdout
    dtype = re.search(r"DATATYPE\s+(\S+)", text).group(1)
    data = text[text.index("DATA {") + 6:].split("}")[0]
    return dtype, [float(v) for v in data.replace(",", " ").split()]


dtype, ids = dataset("osm_id")
assert dtype == "H5T_STD_I64LE" and len(ids) == n, (dtype, len(ids), n)
dist = dataset("distance")[1]
assert all(ids[k] < ids[k + 1] for k in range(n - 1)), "osm_id not ascending"
assert ids[results["source"] - 1] == results["source_osm_id"], "source_osm_id"
assert dist[results["source"] - 1] == 0
if expected != "-":
    want = [float(x) for x in expected.split(",")]
    assert list(dist) == want, (list(dist), want)
print(f"osm sssp ok: {n} vertices, source {results['source']} = OSM node {results['source_osm_id']}")
PY
