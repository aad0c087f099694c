#!/usr/bin/env bash
# run_sssp_outputs.sh CHECKER RANKS CMD...: runs a `routing.mode=sssp` case into a fresh directory
# and checks that the summary names RANKS ranks, that routing/sssp.h5 exists with nothing left
# behind, and that the record is valid.
set -euo pipefail
checker=$1 ranks=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$("$@" --out "$out" 2>&1)
echo "$log"
run=$(echo "$out"/*)
grep -Eq "one SSSP from [0-9]+ on $ranks ranks, [0-9]+ reached" <<<"$log" || { echo "FAIL: summary"; exit 1; }
[[ -s "$run/routing/sssp.h5" ]] || { echo "FAIL: missing routing/sssp.h5"; ls -R "$run"; exit 1; }
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
"$checker" "$run/routing.json" "$ranks"
echo "sssp outputs ok"
