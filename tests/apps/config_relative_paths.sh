#!/usr/bin/env bash
# config_relative_paths.sh KARST FUSION_DATA FLOOD_DATA: issue 20, defect 3. A config file in its
# own folder names its inputs by relative paths; run from another directory, they are found next
# to the config file (fusion images, a flood DEM). A missing one is an error naming the resolved
# path and the config file's folder. --set paths still resolve from the current directory.
set -uo pipefail
karst=$1 fd=$2 flood=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/project/images" "$tmp/elsewhere"
cp "$fd"/fine_4x4.* "$fd"/coarse_4x4.* "$tmp/project/images/"
cp "$flood/valley.asc" "$tmp/project/"
fail() { echo "FAIL: $*"; exit 1; }
cat >"$tmp/project/fusion.yaml" <<YAML
fusion:
  pairs: [{fine: images/fine_4x4.hdr, coarse: images/coarse_4x4.hdr, date: 2026-05-01}]
  predict: {coarse: images/coarse_4x4.hdr, date: 2026-06-01, truth: images/fine_4x4.hdr}
  starfm: {window: 3}
YAML
cd "$tmp/elsewhere" || exit 1
"$karst" fusion --config ../project/fusion.yaml --quiet --out "$tmp/runs" || fail "fusion run"
cat >"$tmp/project/flood.yaml" <<YAML
flood:
  dem: {file: valley.asc}
  t_end_s: 5
YAML
"$karst" flood --config "$tmp/project/flood.yaml" --quiet --out "$tmp/runs" || fail "flood run"
# A missing input: the resolved path, and from where it was resolved.
sed 's|truth: images/fine_4x4.hdr|truth: images/nope.hdr|' "$tmp/project/fusion.yaml" >"$tmp/project/bad.yaml"
out=$("$karst" fusion --config ../project/bad.yaml --quiet --out "$tmp/runs" 2>&1) && fail "bad.yaml ran"
echo "$out"
grep -Eq "project/images/nope\.hdr: file does not exist \(key 'fusion\.predict\.truth' = 'images/nope\.hdr', relative to the folder of \.\./project/bad\.yaml" <<<"$out" ||
  fail "error does not name the resolved path and the config folder"
# --set: from the current directory (elsewhere/), where the image is not.
out=$("$karst" fusion --config ../project/fusion.yaml --set fusion.predict.truth=images/fine_4x4.hdr \
  --quiet --out "$tmp/runs" 2>&1) && fail "--set resolved from the config folder"
echo "$out"
grep -Eq "^karst: images/fine_4x4\.hdr: file does not exist .*relative to the current directory .*elsewhere \(given with --set\)" <<<"$out" ||
  fail "--set error does not say current directory"
echo PASS
