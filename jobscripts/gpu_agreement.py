#!/usr/bin/env python3
"""Compare the same datasets in two HDF5 files (a CPU run and a GPU run of one scenario).

usage: gpu_agreement.py NAME CPU.h5 GPU.h5 DATASET [DATASET ...] [--exact]

Prints one line per dataset: bitwise equal or not, the largest absolute difference and that
difference relative to the largest magnitude in the CPU dataset, and whether non-finite values sit
in the same places. Exits 1 when a dataset is missing, its shape differs, or (with --exact) any
value differs, or (without) the relative difference exceeds 1e-10.
"""

import sys

import h5py
import numpy as np

RELATIVE_TOLERANCE = 1e-10


def compare(name, cpu, gpu, exact):
    if cpu.shape != gpu.shape:
        return False, f"{name}: shapes differ, CPU {cpu.shape} GPU {gpu.shape}"
    same_nonfinite = np.array_equal(~np.isfinite(cpu), ~np.isfinite(gpu))
    finite = np.isfinite(cpu) & np.isfinite(gpu)
    bitwise = cpu.tobytes() == gpu.tobytes()
    diff = np.abs(cpu[finite].astype(np.float64) - gpu[finite].astype(np.float64))
    max_abs = float(diff.max()) if diff.size else 0.0
    scale = float(np.abs(cpu[finite]).max()) if diff.size else 0.0
    relative = max_abs / scale if scale > 0 else max_abs
    ok = same_nonfinite and (bitwise if exact else relative <= RELATIVE_TOLERANCE)
    line = (f"{name}: {'bitwise equal' if bitwise else 'not bitwise equal'}, max |diff| "
            f"{max_abs:.3e}, relative {relative:.3e}, non-finite "
            f"{'same' if same_nonfinite else 'DIFFERENT'} -> {'ok' if ok else 'FAIL'}")
    return ok, line


def main(argv):
    exact = "--exact" in argv
    args = [a for a in argv if a != "--exact"]
    if len(args) < 4:
        sys.exit(__doc__)
    label, cpu_path, gpu_path, datasets = args[0], args[1], args[2], args[3:]
    all_ok = True
    with h5py.File(cpu_path, "r") as cpu, h5py.File(gpu_path, "r") as gpu:
        for ds in datasets:
            if ds not in cpu or ds not in gpu:
                print(f"{label} {ds}: missing in {'CPU' if ds not in cpu else 'GPU'} file -> FAIL")
                all_ok = False
                continue
            ok, line = compare(f"{label} {ds}", cpu[ds][()], gpu[ds][()], exact)
            print(line)
            all_ok &= ok
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
