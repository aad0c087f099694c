#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang and runs each for SECONDS_PER_TARGET
# (default 30), one after another, from its checked-in seed corpus. New inputs go to a working
# corpus under the build directory, never into the source tree. Exits non-zero if any target
# found a crash, hang, leak, huge allocation or undefined behaviour, after printing the
# reproducer's path and the command that replays it.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET] [TARGET...]
#   KARST_FUZZ_BUILD=dir   build directory (default build/fuzz)
set -euo pipefail

seconds=${1:-30}
shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$root/tests/fuzz
build=${KARST_FUZZ_BUILD:-$root/build/fuzz}
all_targets=(fuzz_dimacs_gr fuzz_dimacs_co fuzz_dimacs_ss fuzz_esri_ascii fuzz_envi_header
             fuzz_config fuzz_run_record)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] ||
  { echo "run_fuzzers.sh: SECONDS_PER_TARGET must be a positive integer, got '$seconds'" >&2; exit 2; }

# Longest input per target: a few times the largest seed, so mutations stay fast.
declare -A max_len=([fuzz_run_record]=8192)
default_max_len=4096

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

# Debian packages: clang, its libFuzzer and sanitizer runtimes (libclang-rt-<major>-dev, not
# pulled in by clang on Debian 12), and the parsers' libraries.
install_missing() {
  command -v dpkg-query >/dev/null || return 0
  local want=(clang cmake ninja-build libfmt-dev libyaml-cpp-dev nlohmann-json3-dev) missing=()
  for p in "${want[@]}"; do installed "$p" || missing+=("$p"); done
  if command -v clang++ >/dev/null; then
    local major
    major=$(clang++ -dumpversion | cut -d. -f1)
    installed "libclang-rt-$major-dev" || missing+=("libclang-rt-$major-dev")
  fi
  ((${#missing[@]})) || return 0
  if [[ $(id -u) != 0 ]]; then
    echo "run_fuzzers.sh: missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 2
  fi
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  # clang itself was missing: its runtime package is named after the version just installed.
  install_missing
}
install_missing

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

failed=()
for t in "${targets[@]}"; do
  work=$build/corpus/$t        # what this run adds; the seeds stay read-only in the tree
  artifacts=$build/artifacts/$t
  log=$build/logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  rm -f "$artifacts"/*
  dict=()
  [[ -f $src/dictionaries/$t.dict ]] && dict=(-dict="$src/dictionaries/$t.dict")
  echo "=== $t: $seconds s"
  set +e
  "$build/$t" -max_total_time="$seconds" -max_len="${max_len[$t]:-$default_max_len}" -timeout=5 \
    -rss_limit_mb=2048 -malloc_limit_mb=256 -print_final_stats=1 "${dict[@]}" -artifact_prefix="$artifacts/" \
    "$work" "$src/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  grep -E "^stat::number_of_executed_units|^Done [0-9]+ runs" "$log" | tail -n 1 || true
  if ((rc != 0)); then
    failed+=("$t")
    echo "FAILED $t (exit $rc); the end of its log ($log):"
    tail -n 40 "$log"
    for f in "$artifacts"/*; do
      [[ -e $f ]] || continue
      echo "reproducer: $f"
      echo "  replay:   $build/$t $f"
    done
  fi
done

if ((${#failed[@]})); then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, $seconds s each, nothing found"
