#!/usr/bin/env bash
# run_stormday_report.sh CHECKER PYTHON REPORT_TESTS RANKS CMD...: a real `karst stormday` run, as
# a user meets it. CMD writes one run directory; then its record must be schema-valid, every
# figure in its stormday.html must equal stormday.json (check_figures.py --run), and headless
# Chromium must show the maps (check_browser.py --run; reported and skipped without Chromium).
set -euo pipefail
checker=$1 python=$2 tests=$3 ranks=$4
shift 4
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$@" --out "$out"
runs=("$out"/*)
[[ ${#runs[@]} -eq 1 && -d ${runs[0]} ]] || { echo "FAIL: expected one run dir, got ${runs[*]}"; exit 1; }
if find "$out" -name '*.tmp' | grep -q .; then echo "FAIL: temporaries left behind"; exit 1; fi
"$checker" "${runs[0]}/stormday.json" "$ranks"
"$python" -B "$tests/check_figures.py" --run "${runs[0]}/stormday"
rc=0
"$python" -B "$tests/check_browser.py" --run "${runs[0]}/stormday" || rc=$?
if [[ $rc -eq 77 ]]; then echo "browser check skipped: no chromium"; elif [[ $rc -ne 0 ]]; then exit "$rc"; fi
echo "stormday outputs ok"
