#!/usr/bin/env bash
# run_osm_png.sh CMD...: runs an OpenStreetMap tables-mode case with sites and checks that
# routing/routes.png is a valid PNG (signature, IHDR with its CRC, IEND last) of a sane size
# (300 to 3000 px a side) beside routes.geojson, and that no temporary file is left. Prints the
# run's "routes.png not drawn" line instead when there is no Python with matplotlib (the test
# then counts as skipped).
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$("$@" --out "$out" 2>&1)
if echo "$log" | grep "routes.png not drawn"; then exit 0; fi
dir=$(echo "$out"/*/routing)
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
[[ -f $dir/routes.geojson ]] || { echo "FAIL: no routes.geojson"; exit 1; }
python3 - "$dir/routes.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
length, kind = struct.unpack(">I4s", data[8:16])
assert kind == b"IHDR" and length == 13, kind
ihdr = data[16:29]
assert struct.unpack(">I", data[29:33])[0] == zlib.crc32(b"IHDR" + ihdr), "IHDR CRC"
width, height = struct.unpack(">II", ihdr[:8])
assert 300 <= width <= 3000 and 300 <= height <= 3000, (width, height)
assert data[-12:-8] == b"\x00\x00\x00\x00" and data[-8:-4] == b"IEND", "no IEND at the end"
print(f"routes.png ok: {width} x {height} px, {len(data)} bytes")
PY
