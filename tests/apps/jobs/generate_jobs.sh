#!/usr/bin/env bash
# karst jobs writes scripts that bash accepts, with the resources of the system file: CPU
# partition (ranks x threads from cores), GPU partition (one rank per GPU, --gpus-per-node or the
# --gres fallback), weak scaling (--scale = nodes), and a restartable workload run.
#   generate_jobs.sh KARST_BINARY
set -euo pipefail
karst=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
expect() {  # expect FILE REGEX
  grep -Eq -- "$2" "$1" || fail "$(basename "$1") lacks /$2/"
}

"$karst" jobs --system guian-cpu --suite scaling --nodes 1,2,4 --weak --out "$out/cpu" >/dev/null
"$karst" jobs --system guian-gpu --suite scaling --nodes 2 --strong --time 02:00:00 --out "$out/gpu" >/dev/null
"$karst" jobs --system guian-gpu --suite quick --nodes 1 --gres --account agri --out "$out/gres" >/dev/null
"$karst" jobs --system localhost --workload flood --set flood.size=0.5 --out "$out/flood" >/dev/null
scripts=("$out"/*/*.sbatch)
[[ ${#scripts[@]} == 6 ]] || fail "expected 6 scripts, got ${#scripts[@]}: ${scripts[*]}"
for s in "${scripts[@]}"; do
  bash -n "$s" || fail "$s is not valid bash"
  ! grep -Eq '@[A-Z_]+@' "$s" || fail "$s has an unfilled placeholder"
  expect "$s" '^#SBATCH --signal=B:USR1@120$'
  expect "$s" '^srun --mpi=pmix '
  expect "$s" '^export OMP_PROC_BIND=spread OMP_PLACES=threads$'
  expect "$s" 'OMP_NUM_THREADS=\$\{SLURM_CPUS_PER_TASK'
  expect "$s" 'KARST_EXPECT_RANKS=\$\{SLURM_NTASKS'
done

c=$out/cpu/karst-scaling-guian-cpu-4n-weak.sbatch
expect "$c" '^#SBATCH --nodes=4$'
expect "$c" '^#SBATCH --partition=cpu$'
expect "$c" '^#SBATCH --ntasks-per-node=8$'
expect "$c" '^#SBATCH --cpus-per-task=16$'
expect "$c" "'--scale' '4'"
! grep -q gpus "$c" || fail "a CPU job asks for GPUs"

g=$out/gpu/karst-scaling-guian-gpu-2n.sbatch
expect "$g" '^#SBATCH --partition=gpu$'
expect "$g" '^#SBATCH --ntasks-per-node=4$'
expect "$g" '^#SBATCH --cpus-per-task=16$'
expect "$g" '^#SBATCH --gpus-per-node=4$'
expect "$g" '^#SBATCH --time=02:00:00$'
expect "$g" '^export KOKKOS_NUM_DEVICES=4$'
! grep -q -- "--scale" "$g" || fail "a strong-scaling job scales its cases"

r=$out/gres/karst-quick-guian-gpu-1n.sbatch
expect "$r" '^#SBATCH --gres=gpu:4$'
expect "$r" '^#SBATCH --account=agri$'
! grep -q -- "^#SBATCH --gpus-per-node" "$r" || fail "--gres script still asks --gpus-per-node"

f=$out/flood/karst-flood-localhost-1n.sbatch
expect "$f" '^restartable=1$'
expect "$f" "args=\('flood' '--set' 'flood.size=0.5' --out"
! grep -q -- "--partition" "$f" || fail "localhost has no partition"
expect "$f" '^#SBATCH --cpus-per-task=2$'
echo "PASSED: ${#scripts[@]} scripts"
