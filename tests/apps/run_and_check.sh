#!/usr/bin/env bash
# run_and_check.sh CHECKER RANKS CMD...: runs CMD with --out in a fresh directory, then checks
# that exactly one finished run directory exists, with no leftover temporaries, and that its
# record is schema-valid and names RANKS ranks.
set -euo pipefail
checker=$1 ranks=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$@" --out "$out"
runs=("$out"/*)
[[ ${#runs[@]} -eq 1 && -d ${runs[0]} ]] || { echo "FAIL: expected one run dir, got ${runs[*]}"; exit 1; }
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
"$checker" "${runs[0]}"/*.json "$ranks"
