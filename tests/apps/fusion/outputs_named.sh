#!/usr/bin/env bash
# outputs_named.sh KARST ARGS...: issue 20, defect 4. A fusion run leaves its prediction in
# <run>/fusion/prediction.h5 (dataset starfm); the run record is <run>/fusion.json and
# <run>/fusion.h5, so no two outputs of a run share the name fusion.h5.
set -uo pipefail
karst=$1
shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$karst" fusion "$@" --out "$out" || { echo "FAIL: run"; exit 1; }
run=$(echo "$out"/*)
find "$run"
[[ -f $run/fusion/prediction.h5 ]] || { echo "FAIL: no fusion/prediction.h5 in $run"; exit 1; }
h5ls "$run/fusion/prediction.h5" | grep -q '^starfm ' || { echo "FAIL: prediction.h5 has no starfm"; exit 1; }
[[ -f $run/fusion.json ]] || { echo "FAIL: no run record fusion.json"; exit 1; }
if [[ $(find "$run" -name fusion.h5 | wc -l) -ne 1 ]]; then
  echo "FAIL: more than one fusion.h5 in the run"; exit 1
fi
echo PASS
