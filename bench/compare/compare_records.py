"""Reading runs for `karst compare`: a run directory of <case>.json records, or one record file.

The record schema (docs/results-schema.md) has one authority, bench/run_record_schema.cpp:
`karst compare` checks every record with it before it starts this script. What is checked here
is only what this script reads (check_reads), so that a record given to the script directly
(python3 karst_compare.py ...) is refused with its file and key rather than half-plotted.
"""

import json
import os
from dataclasses import dataclass, field

from karst_script import InputError

SCHEMA = "karst.run"
SCHEMA_VERSION = 1
# Kokkos execution spaces that run on host threads: there `concurrency` is the thread count.
HOST_SPACES = {"Serial", "OpenMP", "Threads", "HPX", "OpenMPTarget"}


@dataclass
class Record:
    file: str
    key: str  # what lines records up across runs: the case name (file stem)
    data: dict


@dataclass
class Run:
    path: str
    is_file: bool
    records: list = field(default_factory=list)
    label: str = ""

    def record(self, key):
        return next((r for r in self.records if r.key == key), None)

    def ceilings(self):
        """results.ceilings of the run's ceilings record, or None."""
        for r in self.records:
            results = r.data.get("results") if r.data["workload"] == "ceilings" else None
            c = results.get("ceilings") if isinstance(results, dict) else None
            if isinstance(c, dict):
                return c
        return None


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _need(obj, key, kind, where):
    """obj[key], checked to be of `kind` ('string', 'number', 'bool', 'object', 'array')."""
    if not isinstance(obj, dict) or key not in obj:
        raise InputError(where, f"missing key '{key}'")
    v = obj[key]
    ok = {
        "string": isinstance(v, str),
        "number": _is_number(v),
        "bool": isinstance(v, bool),
        "object": isinstance(v, dict),
        "array": isinstance(v, list),
    }[kind]
    if not ok:
        raise InputError(where, f"key '{key}' must be a{'n' if kind[0] in 'aeo' else ''} {kind}")
    return v


def check_reads(data, file):
    """Raises InputError naming `file` unless `data` is a karst.run record with every key this
    script reads, of the right type (the rest of the schema is the C++ check's)."""
    if not isinstance(data, dict):
        raise InputError(file, "not a karst run record (the top level is not a JSON object)")
    if data.get("schema") != SCHEMA:
        raise InputError(
            file, f"not a karst run record (schema is {data.get('schema')!r}, expected '{SCHEMA}')"
        )
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InputError(
            file,
            f"schema_version {version!r} is not known to this reader (expected {SCHEMA_VERSION})",
        )
    for key in ("workload", "created_utc"):
        _need(data, key, "string", file)
    _need(data, "system", "object", file)
    for i, fom in enumerate(_need(data, "figures_of_merit", "array", file)):
        where = f"{file}: figures_of_merit[{i}]"
        _need(fom, "name", "string", where)
        _need(fom, "value", "number", where)
        _need(fom, "unit", "string", where)
        _need(fom, "higher_is_better", "bool", where)
    totals = _need(data, "totals", "object", file)
    for key in ("time_s", "gflops_per_s", "gbytes_per_s", "pflops_per_s"):
        _need(totals, key, "number", f"{file}: totals")
    for i, k in enumerate(_need(data, "kernels", "array", file)):
        where = f"{file}: kernels[{i}]"
        _need(k, "name", "string", where)
        for key in ("flops", "bytes", "gflops_per_s", "intensity_flop_per_byte"):
            _need(k, key, "number", where)


def read_record(file):
    try:
        with open(file, encoding="utf-8") as f:
            data = json.load(f)
    except json.JSONDecodeError as e:
        raise InputError(file, f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}")
    except UnicodeDecodeError:
        raise InputError(file, "not valid JSON: not UTF-8 text")
    except OSError as e:
        raise InputError(file, f"cannot be read: {e.strerror}")
    check_reads(data, file)
    return data


def load_run(path):
    """A Run from a run directory (every top-level *.json) or a single record file."""
    if not os.path.exists(path):
        raise InputError(path, "no such file or directory")
    run = Run(path=path, is_file=not os.path.isdir(path))
    if run.is_file:
        files = [path]
    else:
        try:
            names = sorted(n for n in os.listdir(path) if n.endswith(".json"))
        except OSError as e:
            raise InputError(path, f"cannot be listed: {e.strerror}")
        files = [os.path.join(path, n) for n in names if os.path.isfile(os.path.join(path, n))]
        if not files:
            raise InputError(path, "no run records (<case>.json) in this directory")
    for file in files:
        stem = os.path.splitext(os.path.basename(file))[0]
        run.records.append(Record(file=file, key=stem, data=read_record(file)))
    # The order a suite ran them in: ceilings first, then by creation time.
    run.records.sort(key=lambda r: (r.data["workload"] != "ceilings", r.data["created_utc"], r.key))
    return run


def _ranks_threads(data):
    system = data.get("system", {})
    ranks = system.get("mpi", {}).get("ranks", "?")
    kokkos = system.get("kokkos", {})
    space = kokkos.get("default_execution_space", "")
    threads = kokkos.get("concurrency", "?") if space in HOST_SPACES or not space else space
    return f"{ranks}x{threads}"


def _base_name(run, parents):
    """The run directory's name (with `parents` more levels when names collide)."""
    path = os.path.abspath(run.path)
    parts = path.rstrip(os.sep).split(os.sep)
    take = parents + (2 if run.is_file else 1)
    return "/".join(p for p in parts[-take:] if p)


def label_runs(runs):
    """Short names: the directory name plus (ranks x threads), unique among `runs`."""
    for parents in range(0, 4):
        for run in runs:
            shapes = list(dict.fromkeys(_ranks_threads(r.data) for r in run.records))
            run.label = f"{_base_name(run, parents)} ({', '.join(shapes)})"
        if len({r.label for r in runs}) == len(runs):
            return
    for i, run in enumerate(runs):
        run.label += f" #{i + 1}"


def line_up(runs):
    """When every RUN is a single record file, line them up by workload, not by file name."""
    if all(r.is_file for r in runs):
        for run in runs:
            for rec in run.records:
                rec.key = rec.data["workload"]


def describe(run):
    """The run's system description: each field's distinct values over its records, joined."""

    def values(get):
        out = []
        for r in run.records:
            try:
                v = get(r.data)
            except (KeyError, TypeError, AttributeError):
                continue
            v = ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            if v not in out:
                out.append(v)
        return "; ".join(out) if out else "?"

    created = sorted(r.data["created_utc"] for r in run.records)
    return {
        "label": run.label,
        "path": run.path,
        "hostname": values(lambda d: d["system"]["hostname"]),
        "cpu_model": values(lambda d: d["system"]["cpu_model"]),
        "gpu_model": values(lambda d: d["system"]["gpu_model"]),
        "mpi_ranks": values(lambda d: d["system"]["mpi"]["ranks"]),
        "kokkos_concurrency": values(lambda d: d["system"]["kokkos"]["concurrency"]),
        "kokkos_backends": values(lambda d: d["system"]["kokkos"]["backends"]),
        "git_commit": values(lambda d: d["system"]["git_commit"]),
        "created_utc": (
            created[0] if created[0] == created[-1] else f"{created[0]} .. {created[-1]}"
        ),
        "records": [os.path.basename(r.file) for r in run.records],
    }
