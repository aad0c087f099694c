#!/usr/bin/env python3
"""The bad-input matrix: every karst subcommand against a catalogue of broken inputs.

catalogue.tsv (beside this file) is the single source: one row per case. CMake makes one ctest
per row (bad_input.<id>) and a fixture test that creates the inputs once; docs/errors.md lists
the same rows (`doc` prints that table).

    run_bad_inputs.py setup --karst K --make-h5 M --work W
        writes the broken inputs into W/inputs: files cut from what a real karst run wrote,
        HDF5 files from make_bad_h5, and text files (ASCII grids, DIMACS, YAML, JSON) from here.
    run_bad_inputs.py run --karst K --work W [--mpiexec E] [ID ...]
        runs the rows (all when no ID is given), each in a fresh W/rows/<id>/, and reports every
        row that failed a check by its id.
    run_bad_inputs.py ids | doc | documented ERRORS_MD
        id:ranks of every row (for CMake); the catalogue as a Markdown table; a check that
        docs/errors.md names every row.

A row passes when karst
  - exits with the row's code (never 0), below 128 (no signal, no core dump), within the time
    limit (no hang);
  - prints exactly one line that starts with `karst:` (stdout and stderr together), and that
    line matches the row's regular expression (Python `re.search`);
  - leaves nothing behind in its working directory, which is where every row's outputs go
    ({out}, and the default `runs/`, `jobs/`, `compare/`): no file, no `*.tmp`, no run
    directory; empty directories (the --out parent) are allowed. The same holds on 2 ranks.
Only the standard library is used.
"""

import argparse
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "catalogue.tsv"
DATA = HERE.parent  # tests/apps: the other CLI tests' data ({data})
COLUMNS = ["id", "problem", "ranks", "exit", "regex", "command"]
RUN_DIR = re.compile(r"^\d{8}T\d{6}Z")  # a run directory, finished or not
# A row whose command starts with [FEATURE] reads through an optional library; in a build without
# it (run --without FEATURE) the row must give that build's one-line refusal instead.
WITHOUT = {"osm": r"^karst: \S+: this Karst was built without OpenStreetMap support"}


def load_catalogue(path=CATALOGUE):
    rows, seen = [], set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{path.name}:{number}"
        if len(fields) != len(COLUMNS):
            sys.exit(f"{where}: {len(fields)} tab-separated fields, expected {len(COLUMNS)}")
        row = dict(zip(COLUMNS, (f.strip() for f in fields)))
        if not re.fullmatch(r"[a-z0-9_]+", row["id"]) or row["id"] in seen:
            sys.exit(f"{where}: id '{row['id']}' is not a new lower_case_name")
        seen.add(row["id"])
        row["ranks"], row["exit"] = int(row["ranks"]), int(row["exit"])
        if row["ranks"] not in (1, 2) or not 0 < row["exit"] < 128:
            sys.exit(f"{where}: ranks must be 1 or 2 and the exit code in 1..127")
        re.compile(row["regex"])
        needs = re.match(r"\[([a-z]+)\]", row["command"])
        row["needs"] = needs.group(1) if needs else None
        if row["needs"] is not None and row["needs"] not in WITHOUT:
            sys.exit(f"{where}: unknown feature [{row['needs']}] (known: {', '.join(WITHOUT)})")
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# setup: the inputs


def write(path, text):
    Path(path).write_text(text)


def cut(src, dst, keep):
    """The first `keep` bytes (a fraction when below 1) of a file karst wrote: a truncated copy."""
    data = Path(src).read_bytes()
    n = int(len(data) * keep) if keep < 1 else int(keep)
    Path(dst).write_bytes(data[:n])


def karst_run(karst, args, scratch):
    """A real, tiny karst run whose outputs the broken inputs are cut from."""
    out = subprocess.run([karst, *args, "--quiet", "--out", str(scratch)], capture_output=True,
                         text=True, env=row_environment({}))
    if out.returncode != 0:
        sys.exit(f"setup: karst {' '.join(args)} failed:\n{out.stdout}{out.stderr}")
    runs = sorted(p for p in Path(scratch).iterdir() if RUN_DIR.match(p.name))
    return runs[-1]


def setup(args):
    work = Path(args.work)
    inputs, scratch = work / "inputs", work / "setup-runs"
    for d in (inputs, scratch):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    subprocess.run([args.make_h5, str(inputs)], check=True)

    # Real files written by karst, whole and cut.
    flood = karst_run(args.karst, ["flood", "--size", "0.0625", "--t-end", "60",
                                   "--checkpoint-every", "30"], scratch)
    shutil.copy(flood / "flood" / "maps.h5", inputs / "maps.h5")
    shutil.copy(flood / "flood" / "checkpoint.h5", inputs / "checkpoint.h5")
    fusion = karst_run(args.karst, ["fusion", "--size", "0.05", "--window", "3"], scratch)
    shutil.copy(fusion / "fusion" / "inputs.h5", inputs / "fields.h5")
    karst_run(args.karst, ["routing", "--size", "0.01", "--set",
                           f"routing.export_graph={inputs / 'graph.h5'}"], scratch)
    cut(inputs / "maps.h5", inputs / "maps_cut.h5", 0.5)
    cut(inputs / "checkpoint.h5", inputs / "checkpoint_cut.h5", 0.5)
    cut(inputs / "fields.h5", inputs / "fields_cut.h5", 0.5)
    cut(inputs / "graph.h5", inputs / "graph_cut.h5", 0.5)
    cut(inputs / "maps.h5", inputs / "maps_head.h5", 600)  # the superblock and little else
    shutil.copy(flood / "flood.json", inputs / "record.json")
    cut(flood / "flood.json", inputs / "record_cut.json", 0.5)
    shutil.rmtree(scratch)

    # A regular file: `--out file.txt/sub` cannot be created, even by root.
    write(inputs / "file.txt", "not a directory\n")
    write(inputs / "text.h5", "this is not HDF5\n")
    write(inputs / "text.nc", "this is not NetCDF\n")
    write(inputs / "text.tif", "this is not a GeoTIFF\n")
    # A 4-band coarse image georeferenced (ENVI map info, UTM 48N) 400 km from the fusion scene.
    write(inputs / "coarse_far.hdr", "ENVI\nsamples = 2\nlines = 2\nbands = 4\nheader offset = 0\n"
          "data type = 4\ninterleave = bsq\nbyte order = 0\n"
          "map info = {UTM, 1, 1, 100000, 2550000, 480, 480, 48, North, WGS-84}\n")
    (inputs / "coarse_far.img").write_bytes(struct.pack("<16f", *([0.1] * 16)))

    # ESRI ASCII grids (4 x 4 cells of 100 m).
    header = "ncols 4\nnrows 4\nxllcorner 0\nyllcorner 0\ncellsize 100\n"
    rows = ["10 9 8 7", "9 8 7 6", "8 7 6 5", "7 6 5 4"]
    write(inputs / "dem.asc", header + "\n".join(rows) + "\n")
    write(inputs / "dem_nan.asc", header + "\n".join(rows[:2] + ["8 nan 6 5"] + rows[3:]) + "\n")
    write(inputs / "dem_inf.asc", header + "\n".join(rows[:2] + ["8 7 -inf 5"] + rows[3:]) + "\n")
    write(inputs / "dem_short.asc", header + "\n".join(rows[:3]) + "\n")
    write(inputs / "dem_empty.asc", header.replace("ncols 4", "ncols 0"))
    write(inputs / "dem_absurd.asc", header.replace("ncols 4", "ncols 3000000000") + "1 2\n")
    rough = "ncols 3\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 100\n" + "0.03 0.03 0.03\n" * 3
    write(inputs / "rough_3x3.asc", rough)
    write(inputs / "rough_nan.asc",
          header + "0.03 0.03 0.03 0.03\n" * 2 + "0.03 nan 0.03 0.03\n" + "0.03 0.03 0.03 0.03\n")
    write(inputs / "rough_negative.asc",
          header + "0.03 0.03 0.03 0.03\n" * 3 + "0.03 0.03 -0.5 0.03\n")

    # OpenStreetMap: a PBF that ends inside its first block (the 13-byte OSMHeader blob header
    # announces 100 bytes of blob; 10 follow).
    Path(inputs / "truncated.osm.pbf").write_bytes(
        b"\x00\x00\x00\x0d\x0a\x09OSMHeader\x18\x64" + b"\x10" * 10)

    # Farm sites for the OpenStreetMap fixture (tests/apps/routing/data/rules.osm).
    write(inputs / "farms_bad.csv",
          "name,lon,lat,tonnes\nLi farm,0.0001,0,3.5\nWang farm,east,0,2\n")
    write(inputs / "farms_outside.csv", "name,lon,lat,tonnes\nfar farm,1.5,0,2\n")

    # DIMACS graphs.
    write(inputs / "empty.gr", "c no nodes, no arcs\np sp 0 0\n")
    write(inputs / "negative.gr", "p sp 3 2\na 1 2 5\na 2 3 -7\n")
    write(inputs / "overflow_weight.gr", "p sp 3 2\na 1 2 5\na 2 3 4611686018427387904\n")
    write(inputs / "absurd_vertices.gr", "p sp 2000000000 1\na 1 2 5\n")
    write(inputs / "absurd_arcs.gr", "p sp 4 4000000000\na 1 2 5\n")
    write(inputs / "vertex_ids_overflow.gr", "p sp 99999999999 1\na 1 2 5\n")
    write(inputs / "bad_vertex.gr", "p sp 3 2\na 1 2 5\na 2 4 1\n")
    write(inputs / "float_weight.gr", "p sp 3 2\na 1 2 5\na 2 3 2.5\n")
    write(inputs / "small.gr", "p sp 3 2\na 1 2 5\na 2 3 7\n")
    write(inputs / "small_wrong_count.co", "p aux sp co 4\nv 1 0 0\nv 2 1 0\nv 3 2 0\nv 4 3 0\n")

    # Configuration files.
    write(inputs / "flood_unknown.yaml", "flood:\n  size: 0.0625\n  clf: 0.3\n")
    # A relative path in a config file: resolved from the file's folder, not the working dir.
    write(inputs / "flood_relative_dem.yaml", "flood:\n  dem: {file: nope.asc}\n  t_end_s: 30\n")
    write(inputs / "ceilings_unknown.yaml", "ceilings:\n  stream_elements: 100000\n  bogus: 1\n")
    write(inputs / "ceilings_type.yaml", "ceilings:\n  repetitions: many\n")
    write(inputs / "syntax.yaml", "ceilings:\n  repetitions: [1, 2\n")
    write(inputs / "not_mapping.yaml", "- just\n- a list\n")
    (inputs / "binary.yaml").write_bytes(b"ceilings:\n  repetitions: \xff\xfe\n")

    # Benchmark suites and references.
    tiny = ("[ceilings.stream_elements=100000, ceilings.fma_iterations=16, "
            "ceilings.repetitions=1]")
    suite = "suite: tiny\nceilings: skip\ncases:\n"
    ok_case = f"  - name: ceil\n    workload: ceilings\n    set: {tiny}\n    repetitions: 1\n"
    write(inputs / "suite_ok.yaml", suite + ok_case)
    write(inputs / "suite_fails.yaml", suite + ok_case +
          "  - name: gone\n    workload: routing\n    set: [routing.graph=/nonexistent/x.gr]\n"
          "    repetitions: 1\n")
    write(inputs / "suite_unknown_workload.yaml",
          suite + "  - name: x\n    workload: stormz\n    repetitions: 1\n")
    write(inputs / "suite_unknown_key.yaml",
          suite + "  - name: x\n    workload: ceilings\n    set: [ceilings.bogus=1]\n")
    write(inputs / "suite_unknown_field.yaml", suite + ok_case + "    repetitons: 2\n")
    write(inputs / "suite_syntax.yaml", suite + "  - name: [x\n")
    write(inputs / "refs_other.yaml", "system: localhost\ncases:\n  other: {x: {value: 1}}\n")
    write(inputs / "not_record.json", "[1, 2, 3]\n")
    print(f"inputs in {inputs}")


# ---------------------------------------------------------------------------------------------
# run: the rows


def row_environment(extra):
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OMP_PROC_BIND", "false")
    env.update(extra)
    return env


def command_of(row, args, inputs, work):
    """The row's command line: leading NAME=VALUE words set the environment, a final >FILE
    sends stdout there, and {in}, {data} expand to the inputs and tests/apps directories."""
    words = [w.replace("{in}", str(inputs)).replace("{data}", str(DATA))
             for w in shlex.split(row["command"])]
    if words and re.fullmatch(r"\[[a-z]+\]", words[0]):
        words.pop(0)
    env, stdout = {}, None
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if words and words[-1].startswith(">"):
        stdout = words.pop()[1:]
    cmd = [args.karst, *words]
    if row["ranks"] > 1:
        if not args.mpiexec:
            sys.exit(f"{row['id']}: runs on {row['ranks']} ranks but no --mpiexec was given")
        cmd = [args.mpiexec, args.numproc_flag, str(row["ranks"]), *cmd]
    return cmd, env, stdout


def leftovers(work):
    """Everything a failed run must not leave: files, *.tmp, run directories."""
    found = []
    for root, dirs, files in os.walk(work):
        for name in dirs:
            if name.endswith(".tmp") or RUN_DIR.match(name):
                found.append(os.path.relpath(os.path.join(root, name), work) + "/")
        found += [os.path.relpath(os.path.join(root, f), work) for f in files]
    return sorted(found)


def run_row(row, args, inputs):
    work = Path(args.work) / "rows" / row["id"]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cmd, env, stdout_to = command_of(row, args, inputs, work)
    start = time.monotonic()
    problems = []
    stdout = open(stdout_to, "w") if stdout_to else subprocess.PIPE
    try:
        done = subprocess.run(cmd, cwd=work, env=row_environment(env), stdout=stdout,
                              stderr=subprocess.PIPE if stdout_to else subprocess.STDOUT,
                              timeout=args.timeout, text=True, errors="replace")
        rc, output = done.returncode, (done.stdout or "") + (done.stderr or "")
    except subprocess.TimeoutExpired as e:
        rc, output = None, (e.output or b"").decode(errors="replace") if isinstance(
            e.output, bytes) else (e.output or "")
        problems.append(f"hung: still running after {args.timeout} s (killed)")
    finally:
        if stdout_to:
            stdout.close()
    seconds = time.monotonic() - start
    if rc is not None:
        if rc < 0 or rc >= 128 or re.search(r"exited on signal|core dumped|Segmentation fault",
                                            output):
            problems.append(f"crashed: exit status {rc}")
        elif rc != row["exit"]:
            problems.append(f"exit code {rc}, expected {row['exit']}")
    lines = [line for line in output.splitlines() if line.startswith("karst:")]
    regex = WITHOUT[row["needs"]] if row["needs"] in args.without else row["regex"]
    if len(lines) != 1:
        problems.append(f"{len(lines)} lines start with 'karst:', expected exactly one")
    elif not re.search(regex, lines[0]):
        problems.append(f"the error line does not match /{regex}/")
    cores = [p for p in leftovers(work) if Path(p).name.startswith("core")]
    if cores:
        problems.append(f"core file(s): {', '.join(cores)}")
    left = leftovers(work)
    if left:
        problems.append(f"left behind: {', '.join(left[:8])}{' ...' if len(left) > 8 else ''}")
    return problems, output, seconds, cmd


def run(args):
    rows = load_catalogue()
    inputs = Path(args.work) / "inputs"
    if not (inputs / "file.txt").exists():
        sys.exit(f"no inputs in {inputs}: run `{Path(__file__).name} setup` first")
    wanted = set(args.ids)
    unknown = wanted - {r["id"] for r in rows}
    if unknown:
        sys.exit(f"no such row(s): {', '.join(sorted(unknown))}")
    failed, total = [], time.monotonic()
    for row in rows:
        if wanted and row["id"] not in wanted:
            continue
        problems, output, seconds, cmd = run_row(row, args, inputs)
        status = "FAIL" if problems else "ok"
        print(f"{status:4} {row['id']} ({seconds:.1f} s)")
        if problems or args.verbose:
            print("     command: " + " ".join(shlex.quote(c) for c in cmd))
            for p in problems:
                print(f"     {p}")
            tail = output.splitlines()[-15:]
            print("     output:\n" + "\n".join("       | " + line for line in tail))
        if problems:
            failed.append(row["id"])
    print(f"{len(failed)} of {len(wanted) or len(rows)} row(s) failed in "
          f"{time.monotonic() - total:.1f} s" + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def doc(_args):
    print("| row | input | ranks | exit | the error line matches |")
    print("|---|---|---|---|---|")
    for r in load_catalogue():
        regex = r["regex"].replace("|", "\\|")
        print(f"| `{r['id']}` | {r['problem']} | {r['ranks']} | {r['exit']} | `{regex}` |")


def documented(args):
    """Every row of the table is in the catalogue of docs/errors.md, by its id."""
    text = Path(args.errors_md).read_text()
    missing = [r["id"] for r in load_catalogue() if f"`{r['id']}`" not in text]
    if missing:
        print(f"{args.errors_md} does not list these rows of {CATALOGUE.name}: "
              f"{', '.join(missing)} (run_bad_inputs.py doc prints the table)")
        return 1
    print(f"all {len(load_catalogue())} rows are in {args.errors_md}")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="what", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--karst", required=True)
    s.add_argument("--make-h5", required=True)
    s.add_argument("--work", required=True)
    r = sub.add_parser("run")
    r.add_argument("--karst", required=True)
    r.add_argument("--work", required=True)
    r.add_argument("--mpiexec")
    r.add_argument("--numproc-flag", default="-n")
    r.add_argument("--timeout", type=float, default=60)
    r.add_argument("--without", action="append", default=[], choices=sorted(WITHOUT),
                   help="a feature this build lacks: its rows expect the refusal")
    r.add_argument("-v", "--verbose", action="store_true")
    r.add_argument("ids", nargs="*")
    sub.add_parser("ids")
    sub.add_parser("doc")
    d = sub.add_parser("documented")
    d.add_argument("errors_md")
    args = p.parse_args()
    if args.what == "setup":
        return setup(args)
    if args.what == "run":
        return run(args)
    if args.what == "documented":
        return documented(args)
    if args.what == "ids":
        print(";".join(f"{r['id']}:{r['ranks']}" for r in load_catalogue()))
        return 0
    return doc(args)


if __name__ == "__main__":
    sys.exit(main())
