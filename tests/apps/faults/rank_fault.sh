#!/usr/bin/env bash
# An error on one rank ends the whole 2-rank job within seconds, with that rank's one-line message
# and its exit code (MPI_Abort), while the other rank is blocked in a collective.
#   rank_fault.sh RANK_FAULT_BINARY MPIEXEC
set -uo pipefail
bin=$1
mpiexec=$2
fail() { echo "FAILED: $*"; exit 1; }
check() {  # check KIND EXPECTED_CODE MESSAGE_REGEX
  local start=$SECONDS out code
  out=$(timeout 60 "$mpiexec" -n 2 "$bin" "$1" 2>&1)
  code=$?
  [[ $code != 124 ]] || fail "$1: the job hung (killed after 60 s)"
  [[ $code == "$2" ]] || fail "$1: exit code $code, expected $2; output: $out"
  grep -Eq "$3" <<<"$out" || fail "$1: no line matching /$3/ in: $out"
  echo "ok: $1 ended with exit $code in $((SECONDS - start)) s"
}
check input 1 '^karst: rank 1: dem\.h5:elevation: rows 512-1023 hold NaN'
check io 1 '^karst: rank 1: /nonexistent/out\.h5: cannot create file'
check internal 3 '^karst: rank 1: internal error: invariant broken'
echo PASSED
