#!/usr/bin/env bash
# The GPU node check, run from a bundle (cmake/make-bundle.sh) in a checkout of the same commit:
#
#   jobscripts/gpu-check.sh [-b BUNDLE] [-o OUT] [--budget SECONDS] [--cpu-dry-run] [--correctness-only]
#
# BUNDLE (default bundle/ in the checkout) may also travel packed, as BUNDLE.tar.xz beside where
# the folder would be (make-bundle.sh --pack); it is unpacked there first.
#
# Correctness first, so that what matters most is done if the node's time runs out: the device and
# `karst info`; the test suite on the GPU; CPU-vs-GPU agreement on each workload's default scenario;
# then the measurements (ceilings, flood at 4096 x 4096, STARFM, SSSP, the quick suite, the storm
# day). A step starts only while the budget leaves it room; a failing step is reported and the next
# one runs. OUT gets summary.txt (one line per result), check.log (everything) and records.tar.gz
# (the run records, for `karst compare`).
#
# --cpu-dry-run: the bundle's CPU build stands in for the GPU build, sizes shrink and nvidia-smi is
# skipped. This is how the script is tested on the CPU machines (tests/bundle), with
# --correctness-only (no measurements), so that the test does not depend on the machine's speed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bundle=$repo/bundle out=$repo/gpu-check-out budget=540 dry_run=0 correctness_only=0
while (($#)); do
  case $1 in
    -b) bundle=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --cpu-dry-run) dry_run=1; shift ;;
    --correctness-only) correctness_only=1; shift ;;
    *) echo "gpu-check: unknown argument $1" >&2; exit 2 ;;
  esac
done
# Unpacked with tar and xz where the node has them, else with Python's tarfile (lzma is built in).
if [[ ! -d $bundle && -f $bundle.tar.xz ]]; then
  echo "gpu-check: unpacking $bundle.tar.xz"
  parent=$(dirname "$bundle")
  mkdir -p "$bundle.unpack" &&
    { if command -v xz >/dev/null; then tar -C "$bundle.unpack" -xJf "$bundle.tar.xz"
      else "${PYTHON:-python3}" -m tarfile -e "$bundle.tar.xz" "$bundle.unpack"; fi; } &&
    mv "$bundle.unpack/bundle" "$bundle" && rmdir "$bundle.unpack" ||
    { echo "gpu-check: cannot unpack $bundle.tar.xz into $parent" >&2; exit 2; }
fi
[[ -f $bundle/env.sh ]] || { echo "gpu-check: $bundle/env.sh: not a bundle (cmake/make-bundle.sh)" >&2; exit 2; }
bundle=$(cd "$bundle" && pwd)
mkdir -p "$out" && out=$(cd "$out" && pwd)
# shellcheck source=/dev/null
source "$bundle/env.sh"
"$bundle/relocate.sh" "$repo" >/dev/null || { echo "gpu-check: $bundle/relocate.sh failed" >&2; exit 1; }

# The builds by backend, as make-bundle.sh recorded them (their folders are named after the build
# directories, which a user or Spack may have named otherwise).
build_of() { awk -v b="$1" '$1 == "backend" && $3 == b {print $2; exit}' "$bundle/manifest.txt"; }
cpu_name=$(build_of host) gpu_name=$(build_of cuda)
[[ -n $cpu_name ]] || { echo "gpu-check: $bundle has no host (OpenMP) build" >&2; exit 2; }
if ((dry_run)); then gpu_name=$cpu_name; fi
[[ -n $gpu_name ]] || { echo "gpu-check: $bundle has no CUDA build (a CPU-only bundle needs --cpu-dry-run)" >&2; exit 2; }
cpu_build=$bundle/builds/$cpu_name gpu_build=$bundle/builds/$gpu_name
cpu_karst=$cpu_build/apps/karst gpu_karst=$gpu_build/apps/karst
python=${PYTHON:-python3}
export OMP_PROC_BIND=${OMP_PROC_BIND:-spread} OMP_PLACES=${OMP_PLACES:-threads}
deadline=$((SECONDS + budget))
summary=$out/summary.txt log=$out/check.log runs=$out/runs
: >"$summary"; : >"$log"; mkdir -p "$runs"

say() { echo "$*" | tee -a "$summary"; }
# step NAME NEEDED_SECONDS COMMAND...: run COMMAND into the log unless the budget is spent.
step() {
  local name=$1 need=$2; shift 2
  if ((deadline - SECONDS < need)); then say "SKIPPED $name: $((deadline - SECONDS)) s left, needs $need"; return 1; fi
  echo "=== $name ($((SECONDS)) s)" >>"$log"
  local t0=$SECONDS rc=0
  # A step that outruns the budget is stopped, so the records and the summary still get written.
  # pipefail: a step's pipelines (run | tee) fail when their first command does.
  timeout -k 10 "$((deadline - SECONDS))" bash -o pipefail -c '"$@"' _ "$@" >>"$log" 2>&1 || rc=$?
  if ((rc == 0)); then say "ok $name ($((SECONDS - t0)) s)"; return 0; fi
  ((rc == 124)) && { say "STOPPED $name at the budget ($((SECONDS - t0)) s)"; return 1; }
  say "FAILED $name ($((SECONDS - t0)) s; see check.log)"; return 1
}
# run_dir KARST NAME ARGS...: a workload run under runs/NAME; prints its run directory.
run_workload() {
  local karst=$1 name=$2; shift 2
  local dir
  dir=$("$karst" "$@" --quiet -o "$runs/$name" | tee -a "$log" | sed -n 's/^results: //p' | tail -1) || return 1
  [[ -n $dir && -d $dir ]] || { echo "gpu-check: $name: no run directory" >>"$log"; return 1; }
  echo "$dir"
}
figure() { # figure RECORD.json NAME: one figure of merit's value
  "$python" -c 'import json,sys
r=json.load(open(sys.argv[1]))
print(next((f["value"] for f in r["figures_of_merit"] if f["name"]==sys.argv[2]),"n/a"))' "$1" "$2"
}

device_and_info() {
  if ((dry_run)); then echo "dry run: no nvidia-smi"; else nvidia-smi -L && nvidia-smi; fi
  "$gpu_karst" info | tee "$out/info.txt"
  ((dry_run)) || grep -q "Cuda" "$out/info.txt"
}

test_suite() {
  local excluded='slurm|browser|cli.bench_check|cli.stormday_report|test_stormday_run'
  local limit=$((deadline - SECONDS - 240))
  local only=()
  ((dry_run)) && only=(-R '^test_(hydro_kernels|starfm|delta_stepping|flood_ranks)')
  (cd "$gpu_build" && ctest -j8 "${only[@]}" -E "$excluded" --timeout 300 --stop-time "$(date -d "+$limit sec" +%H:%M:%S)" \
    --output-on-failure) | tee "$out/ctest.txt"
  local rc=${PIPESTATUS[0]} counts
  # ctest exits 0 when it finds no tests at all: a suite that did not run is a failure here.
  counts=$(grep -E "tests passed|tests failed" "$out/ctest.txt" | tail -1)
  echo "ctest: ${counts:-no tests ran}" >>"$summary"
  [[ -n $counts ]] && return "$rc"
}

agreement() { # agreement WORKLOAD FILE DATASETS ARGS...: the default scenario on both, compared
  local workload=$1 file=$2 datasets=$3; shift 3
  local cpu_run gpu_run exact=()
  cpu_run=$(run_workload "$cpu_karst" "$workload-cpu" "$workload" "$@") || return 1
  gpu_run=$(run_workload "$gpu_karst" "$workload-gpu" "$workload" "$@") || return 1
  [[ $workload == routing ]] && exact=(--exact)
  # shellcheck disable=SC2086
  "$python" "$repo/jobscripts/gpu_agreement.py" "$workload" "$cpu_run/$file" "$gpu_run/$file" \
    $datasets "${exact[@]}" | tee -a "$summary"
}

measure() { # measure NAME FIGURE ARGS...: one GPU run and its figure of merit
  local name=$1 fig=$2; shift 2
  local run
  run=$(run_workload "$gpu_karst" "$name" "$@") || return 1
  say "$name: $fig = $(figure "$(ls "$run"/*.json | head -1)" "$fig")"
}

# The steps run in child shells (so that a step can be stopped at the budget): they need these.
export bundle out dry_run cpu_build gpu_build cpu_karst gpu_karst python deadline summary log runs repo
export -f say run_workload figure device_and_info test_suite agreement measure

if ((dry_run)); then small=(--size 0.25 --t-end 120); big=(--size 0.5 --t-end 60); else
  small=(--size 1 --t-end 1800); big=(--size 8 --t-end 60); fi
say "gpu-check $(date -u +%FT%TZ) on $(hostname), bundle $bundle, budget $budget s$( ((dry_run)) && echo ', CPU DRY RUN')"
step "device and karst info" 20 device_and_info
step "test suite on the GPU build" 120 test_suite
step "agreement flood" 60 agreement flood flood/maps.h5 "max_depth max_speed arrival_time" "${small[@]}"
step "agreement fusion" 40 agreement fusion fusion/prediction.h5 "starfm brovey hpf" --size $( ((dry_run)) && echo 0.25 || echo 1)
step "agreement routing (SSSP distances)" 30 agreement routing routing/sssp.h5 "distance" --set routing.mode=sssp
if ((correctness_only)); then
  say "measurements not run (--correctness-only)"
else
step "ceilings" 30 run_workload "$gpu_karst" ceilings ceilings
step "flood ${big[1]}x" 60 measure flood-big cell_updates_per_s flood "${big[@]}"
step "fusion" 40 measure fusion-big starfm_pixels_per_s fusion --size $( ((dry_run)) && echo 0.5 || echo 4)
step "routing sssp" 40 measure sssp-big sssp_gteps routing --set routing.mode=sssp --size $( ((dry_run)) && echo 1 || echo 16)
step "quick suite" 120 "$gpu_karst" bench --suite quick -o "$runs/bench-quick" --quiet
step "storm day" 90 run_workload "$gpu_karst" stormday stormday
fi
(cd "$runs" && find . -name '*.json' -print0 | tar -czf "$out/records.tar.gz" --null -T -) 2>>"$log"
say "gpu-check done in $SECONDS s"
