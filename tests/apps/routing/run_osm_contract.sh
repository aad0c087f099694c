#!/usr/bin/env bash
# run_osm_contract.sh CMD...: runs an OpenStreetMap case twice, with routing.osm.contract true and
# false, and checks that every output under routing/ is the same: HDF5 files dataset by dataset
# (h5diff, exact), the others byte for byte. The contracted run must say it contracted.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$("$@" --set routing.osm.contract=true --out "$out/on" 2>&1)
echo "$log" | grep -q "chain contraction: " || { echo "$log"; echo "FAIL: no contraction line"; exit 1; }
"$@" --set routing.osm.contract=false --out "$out/off" >/dev/null 2>&1
on=$(echo "$out"/on/*/routing) off=$(echo "$out"/off/*/routing)
files=0
for f in "$on"/*; do
  name=$(basename "$f")
  [[ -e "$off/$name" ]] || { echo "FAIL: $name only with contraction"; exit 1; }
  if [[ $name == *.h5 ]]; then
    h5diff "$f" "$off/$name" || { echo "FAIL: $name differs"; exit 1; }
  else
    cmp "$f" "$off/$name" || { echo "FAIL: $name differs"; exit 1; }
  fi
  files=$((files + 1))
done
[[ $(ls "$off" | wc -l) -eq $files ]] || { echo "FAIL: other files without contraction"; exit 1; }
echo "$log" | grep "chain contraction: "
echo "contraction changes nothing: $files files identical"
