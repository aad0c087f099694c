#!/usr/bin/env bash
# A checkpoint belongs to a terrain (grid and bed elevations), not to the DEM's path: restarting
# with the DEM named by a relative path, or from a copy elsewhere, is accepted and ends exactly
# where the uninterrupted run ends; a DEM with one elevation changed, or another cell size, is
# refused with what differs.
#   restart_dem_path.sh KARST_BINARY CHECK_RECORD_BINARY
set -uo pipefail
karst=$1
check_record=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAILED: $*"; tail -n 20 "$out/log" 2>/dev/null; exit 1; }
flood() { "$karst" flood --quiet --scenario dem --t-end 1200 "$@" >>"$out/log" 2>&1; }

# A 20 x 30 valley falling to the east, 10 m cells.
mkdir -p "$out/a" "$out/b"
awk 'BEGIN {
  print "ncols 30\nnrows 20\nxllcorner 500000\nyllcorner 2900000\ncellsize 10\nNODATA_value -9999"
  for (i = 0; i < 20; ++i) {
    row = ""
    for (j = 0; j < 30; ++j) row = row sprintf(" %.3f", 30 - 0.5 * j + 0.8 * (i > 10 ? i - 10 : 10 - i))
    print substr(row, 2)
  }
}' >"$out/a/dem.asc"

flood --dem "$out/a/dem.asc" --checkpoint-every 500 --out "$out/whole" || fail "uninterrupted run"
whole=$(ls -d "$out"/whole/*Z)
checkpoint=$whole/flood/checkpoint.h5
[[ -f $checkpoint ]] || fail "no checkpoint in $whole/flood"

(cd "$out/a" && flood --dem dem.asc --restart "$checkpoint" --out "$out/relative") ||
  fail "restart with the DEM's relative path refused"
cp "$out/a/dem.asc" "$out/b/moved.asc"
flood --dem "$out/b/moved.asc" --restart "$checkpoint" --out "$out/moved" ||
  fail "restart with a copy of the DEM refused"
for run in relative moved; do
  b=$(ls -d "$out/$run"/*Z)
  for f in flood/gauges.csv flood/warnings.json; do
    cmp "$whole/$f" "$b/$f" || fail "$run: $f differs"
  done
  "$check_record" --same-results "$whole/flood.json" "$b/flood.json" >>"$out/log" 2>&1 ||
    fail "$run: results differ"
done

# One elevation changed (row 7, column 12: 30 - 6 + 2.4): refused, naming the bed.
sed '14s/^\(\([^ ]* \)\{12\}\)26\.400/\126.500/' "$out/a/dem.asc" >"$out/b/edited.asc"
[[ $(cmp -l "$out/a/dem.asc" "$out/b/edited.asc" | wc -l) == 1 ]] || fail "the edit changed no cell"
flood --dem "$out/b/edited.asc" --restart "$checkpoint" --out "$out/edited" &&
  fail "a checkpoint of another bed was accepted"
grep -Eq "checkpoint\.h5: is a checkpoint of another bed elevation .*checksum" "$out/log" ||
  fail "no message naming the bed"

# Same shape, another cell size: refused, naming it.
sed 's/^cellsize 10$/cellsize 12/' "$out/a/dem.asc" >"$out/b/coarser.asc"
flood --dem "$out/b/coarser.asc" --restart "$checkpoint" --out "$out/coarser" &&
  fail "a checkpoint of another grid was accepted"
grep -Eq "checkpoint\.h5: is a checkpoint of another grid: cell size 10 m \(this run: 12 m\)" \
  "$out/log" || fail "no message naming the cell size"
echo "PASSED: restarts with the DEM renamed or moved are identical; another bed or grid refused"
