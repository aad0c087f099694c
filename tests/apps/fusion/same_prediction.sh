#!/usr/bin/env bash
# same_prediction.sh KARST ARGS_A... -- ARGS_B...: issue 20, defect 1. Runs `KARST fusion` twice
# and passes when both runs predict the same image (h5diff within 1e-7 reflectance: float
# rounding of the storage, far below 1 DN = 1e-4) with the same candidates accepted and the
# same SSIM data range in the records: how an image is stored (DN with a scale from the config
# or the file, or reflectance) must not change the answer.
set -uo pipefail
karst=$1
shift
a=() b=()
while [[ $# -gt 0 && $1 != -- ]]; do a+=("$1"); shift; done
shift
b=("$@")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$karst" fusion "${a[@]}" --quiet --out "$out/a" || { echo "FAIL: run A"; exit 1; }
"$karst" fusion "${b[@]}" --quiet --out "$out/b" || { echo "FAIL: run B"; exit 1; }
pa=$(echo "$out"/a/*/fusion/prediction.h5) pb=$(echo "$out"/b/*/fusion/prediction.h5)
h5diff -d 1e-7 "$pa" "$pb" starfm starfm || { echo "FAIL: predictions differ"; exit 1; }
for key in candidates_accepted candidates_similar ssim_data_range; do
  va=$(tr -d ' \n' <"$out"/a/*/fusion.json | grep -Eo "\"$key\":[^,}]*")
  vb=$(tr -d ' \n' <"$out"/b/*/fusion.json | grep -Eo "\"$key\":[^,}]*")
  echo "A $va  B $vb"
  [[ -n $va && $va == "$vb" ]] || { echo "FAIL: $key differs"; exit 1; }
done
echo PASS
