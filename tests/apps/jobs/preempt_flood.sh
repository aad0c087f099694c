#!/usr/bin/env bash
# SIGUSR1 to a running 2-rank flood run (as Slurm's --signal=B:USR1 forwarded by srun does):
# every rank stops at the same step, the checkpoint is kept in <run>.preempted/, the exit code
# is 5, and --restart from it ends exactly where an uninterrupted run ends.
#   preempt_flood.sh KARST_BINARY CHECK_RECORD_BINARY MPIEXEC
set -uo pipefail
karst=$1
check_record=$2
mpiexec=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAILED: $*"; cat "$out/log" 2>/dev/null | tail -n 20; exit 1; }
sets=(--set flood.size=0.25 --set flood.t_end_s=2400 --set flood.output.snapshot_interval_s=0
  --set flood.output.progress_interval_s=0.2)
run() { OMP_NUM_THREADS=1 "$mpiexec" -n 2 "$karst" flood "${sets[@]}" "$@"; }

OMP_NUM_THREADS=1 "$mpiexec" -n 2 "$karst" flood "${sets[@]}" --out "$out/cut" >"$out/log" 2>&1 &
launcher=$!  # mpiexec itself, not a subshell, so the signal reaches it
for _ in $(seq 300); do
  grep -q "^flood: t = " "$out/log" && break
  sleep 0.1
done
grep -q "^flood: t = " "$out/log" || fail "no progress line from the flood run"
kill -USR1 "$launcher"  # mpiexec passes SIGUSR1 on to the ranks
wait "$launcher"
status=$?
[[ $status == 5 ]] || fail "exit status $status after SIGUSR1, expected 5"
grep -Eq "^karst: flood: preempted by SIGUSR1 at t = .* continue with --restart .*checkpoint.h5$" \
  "$out/log" || fail "no one-line preemption message"
[[ $(grep -c "preempted by SIGUSR1" "$out/log") == 1 ]] || fail "the message should come once"
checkpoint=$(sed -n 's/.*continue with --restart //p' "$out/log")
[[ -f $checkpoint && $checkpoint == *.preempted/flood/checkpoint.h5 ]] ||
  fail "checkpoint '$checkpoint' is not kept"
[[ -z $(ls -d "$out"/cut/*.tmp 2>/dev/null) ]] || fail "a temporary run directory was left"

run --quiet --restart "$checkpoint" --out "$out/continued" >>"$out/log" 2>&1 || fail "restart"
run --quiet --out "$out/whole" >>"$out/log" 2>&1 || fail "uninterrupted run"
a=$(ls -d "$out"/whole/*Z) b=$(ls -d "$out"/continued/*Z)
for f in flood/gauges.csv flood/warnings.json; do
  cmp "$a/$f" "$b/$f" || fail "$f differs"
done
"$check_record" --same-results "$a/flood.json" "$b/flood.json" || fail "results differ"
echo "PASSED: preempted at $(grep -o 't = [0-9.]* s (step [0-9]*)' "$out/log" | tail -n 1)," \
  "continued, identical"
