#!/usr/bin/env bash
# record_has.sh REGEX KARST ARGS...: runs `KARST fusion ARGS --out DIR` and passes when the run
# record DIR/<run>/fusion.json, with its blanks and line breaks removed (so a REGEX may span
# nested objects: "rmse":\[0\.0052), matches the extended REGEX.
set -uo pipefail
regex=$1 karst=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$karst" fusion "$@" --out "$out" || { echo "FAIL: run"; exit 1; }
grep -Eo '"ssim_data_range": *[0-9.e+]+' "$out"/*/fusion.json
tr -d ' \n\t' <"$out"/*/fusion.json | grep -Eq -- "$regex" || { echo "FAIL: record does not match /$regex/"; exit 1; }
echo PASS
