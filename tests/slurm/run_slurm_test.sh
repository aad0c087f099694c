#!/usr/bin/env bash
# A real Slurm on localhost: munged, slurmctld and slurmd from Debian's slurm-wlm in a private
# directory. Submits the generated CPU job for the quick suite and checks its records and done
# marker; then preempts a running flood job with SIGUSR1, resubmits it, and checks that the
# continued run ends exactly where an uninterrupted one does. Every daemon started here is
# stopped by pid. Exit 77 (ctest: skipped) with the reason when Slurm cannot run here, unless
# KARST_REQUIRE_SLURM=1 (CI), where that is a failure.
#   run_slurm_test.sh KARST_BINARY CHECK_RECORD_BINARY
set -uo pipefail
karst=$1
check_record=$2
host=$(hostname -s)

skip() {
  if [[ ${KARST_REQUIRE_SLURM:-0} == 1 ]]; then
    echo "FAILED (KARST_REQUIRE_SLURM=1): $*"
    exit 1
  fi
  echo "SKIPPED: $*"
  exit 77
}
for tool in munged slurmctld slurmd sbatch squeue scancel sinfo; do
  command -v "$tool" >/dev/null || skip "$tool not found (apt-get install slurm-wlm munge)"
done
[[ $(id -u) == 0 ]] || skip "slurmd must run as root to start jobs for other users"
[[ -r /etc/munge/munge.key ]] || skip "no /etc/munge/munge.key (reinstall munge)"

dir=$(mktemp -d /tmp/karst-slurm.XXXXXX)
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
chmod 755 "$dir"  # munged wants its socket directory searchable
export SLURM_CONF=$dir/slurm.conf

stop_all() {
  # Jobs first (their steps belong to slurmd), then the daemons, each by its pid file.
  scancel --quiet --user=root 2>/dev/null
  for _ in $(seq 30); do [[ -z $(squeue -h 2>/dev/null) ]] && break; sleep 1; done
  for daemon in slurmd slurmctld munged; do
    [[ -f $dir/$daemon.pid ]] || continue
    pid=$(cat "$dir/$daemon.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$dir"
}
trap stop_all EXIT

fail() {
  echo "FAILED: $*"
  for f in "$dir"/log/*.log "$dir"/jobs/*.out "$dir"/jobs/*/*.out; do
    [[ -f $f ]] && { echo "--- $f"; tail -n 30 "$f"; }
  done
  exit 1
}

# Two free ports: the kernel hands them out, and they are released just before the daemons bind.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
memory_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
sed -e "s|@DIR@|$dir|g" -e "s|@HOST@|$host|g" -e "s|@USER@|$(id -un)|g" \
  -e "s|@CTLD_PORT@|$ctld_port|" -e "s|@SLURMD_PORT@|$slurmd_port|" -e "s|@CPUS@|$(nproc)|" \
  -e "s|@MEMORY_MB@|$memory_mb|" "$(dirname "$0")/slurm.conf.in" >"$SLURM_CONF"

munged --force --socket="$dir/munge.sock" --pid-file="$dir/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge.seed" --key-file=/etc/munge/munge.key ||
  skip "munged would not start: $(tail -n 3 "$dir/log/munged.log" 2>/dev/null)"
slurmctld -f "$SLURM_CONF" || skip "slurmctld would not start: $(tail -n 3 "$dir/log/slurmctld.log")"
slurmd -f "$SLURM_CONF" -N "$host" || skip "slurmd would not start: $(tail -n 3 "$dir/log/slurmd.log")"
for _ in $(seq 60); do
  [[ $(sinfo -h -o %t 2>/dev/null) == idle ]] && break
  sleep 1
done
[[ $(sinfo -h -o %t 2>/dev/null) == idle ]] ||
  skip "the node did not become idle: $(sinfo 2>&1 | tail -n 2)"
echo "slurm: up on $host (ports $ctld_port/$slurmd_port, $dir)"

# wait_job ID SECONDS: until the job has left the queue.
wait_job() {
  for _ in $(seq "$2"); do
    [[ -z $(squeue -h -j "$1" 2>/dev/null) ]] && return 0
    sleep 1
  done
  fail "job $1 still queued or running after $2 s"
}

jobs_dir=$dir/jobs

# 1. The quick suite's flood case through the generated CPU script.
"$karst" jobs --system localhost --suite quick --filter flood-small --nodes 1 --time 00:20:00 \
  --out "$jobs_dir" >/dev/null || fail "karst jobs (quick suite)"
name=karst-quick-localhost-1n
bash -n "$jobs_dir/$name.sbatch" || fail "$name.sbatch is not valid bash"
job=$(sbatch --parsable "$jobs_dir/$name.sbatch") || fail "sbatch $name.sbatch"
echo "slurm: quick suite is job $job"
wait_job "$job" 900
[[ -f $jobs_dir/$name/$name.done ]] || fail "no done marker for the quick suite job"
records=$(find "$jobs_dir/$name/runs/"*Z -maxdepth 1 -name '*.json' | sort)
[[ $(echo "$records" | grep -c 'flood-small\.json$') == 1 ]] || fail "no flood-small record in: $records"
for r in $records; do
  "$check_record" "$r" 1 >/dev/null || fail "record $r does not pass schema validation"
done
echo "slurm: quick suite job done, $(echo "$records" | wc -l) valid records"

# 2. A flood run preempted with SIGUSR1, resubmitted, and compared with an uninterrupted run.
flood_sets=(--set flood.size=0.25 --set flood.t_end_s=2400 --set flood.output.snapshot_interval_s=0
  --set flood.output.progress_interval_s=0.2)
"$karst" jobs --system localhost --workload flood "${flood_sets[@]}" --nodes 1 --time 00:20:00 \
  --out "$jobs_dir" >/dev/null || fail "karst jobs (flood)"
name=karst-flood-localhost-1n
job=$(sbatch --parsable "$jobs_dir/$name.sbatch") || fail "sbatch $name.sbatch"
for _ in $(seq 300); do
  grep -q "^flood: t = " "$jobs_dir/$name/$name-$job.out" 2>/dev/null && break
  sleep 0.5
done
grep -q "^flood: t = " "$jobs_dir/$name/$name-$job.out" || fail "flood job $job never reported progress"
scancel --signal=USR1 --batch "$job" || fail "scancel --signal=USR1 --batch $job"
wait_job "$job" 300
marker=$jobs_dir/$name/$name.preempted
[[ -f $marker ]] || fail "no preempted marker after SIGUSR1"
grep -q "^status: 5$" "$marker" || fail "preempted marker: $(cat "$marker")"
checkpoint=$(sed -n 's/^checkpoint: //p' "$marker")
[[ -f $checkpoint ]] || fail "the marker names no checkpoint file: $(cat "$marker")"
echo "slurm: job $job preempted, checkpoint $checkpoint"

job=$(sbatch --parsable "$jobs_dir/$name.sbatch") || fail "resubmitting $name.sbatch"
wait_job "$job" 600
[[ -f $jobs_dir/$name/$name.done ]] || fail "the continued flood job did not finish"
grep -q "continuing from $checkpoint" "$jobs_dir/$name/$name-$job.out" || fail "job $job did not restart"
continued=$(ls -d "$jobs_dir/$name/runs/"*Z | tail -n 1)/flood

OMP_NUM_THREADS=2 "$karst" flood "${flood_sets[@]}" --quiet --out "$dir/reference" >/dev/null ||
  fail "the uninterrupted reference run"
reference=$(ls -d "$dir/reference/"*Z)/flood
for f in gauges.csv warnings.json; do
  cmp "$reference/$f" "$continued/$f" || fail "$f differs between the continued and the uninterrupted run"
done
"$check_record" --same-results "$reference/../flood.json" "$continued/../flood.json" ||
  fail "the run records' results differ"
echo "slurm: preempted, continued and identical to the uninterrupted run"
echo "PASSED"
