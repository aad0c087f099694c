#!/usr/bin/env python3
"""check_compare.py KARST DATA WORK: `karst compare` on the checked-in fixture runs.

The expected numbers are worked out here from the fixture records themselves, independently of
the comparison script: the ratio of a known figure, which PNGs must exist, how many bars each bar
chart has, how many kernels each run puts on the roofline. Stdlib only, so any python3 runs it.
"""

import base64
import glob
import json
import os
import re
import shutil
import subprocess
import sys

failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def karst_compare(karst, *args):
    done = subprocess.run(
        [karst, "compare", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    print(done.stdout)
    return done.returncode, done.stdout


def load_run(path):
    return {
        os.path.splitext(os.path.basename(f))[0]: json.load(open(f))
        for f in sorted(glob.glob(f"{path}/*.json"))
    }


def fom(record, name):
    return next(f for f in record["figures_of_merit"] if f["name"] == name)


def plotted_kernels(run):
    return sum(
        1
        for r in run.values()
        for k in r["kernels"]
        if k["flops"] > 0 and k["bytes"] > 0 and k["gflops_per_s"] > 0
    )


def table_line(text, figure):
    """The table row of `figure` (the first one: the fixtures name each figure once)."""
    pattern = rf"\s{re.escape(figure)}\s"
    return next((line for line in text.splitlines() if re.search(pattern, line)), "")


def check_pair(karst, data, out):
    a, b = load_run(f"{data}/runA"), load_run(f"{data}/runB")
    rc, text = karst_compare(karst, f"{data}/runA", f"{data}/runB", "--out", out)
    check(rc == 0, f"compare runA runB exits 0 (got {rc})")
    check(not os.path.exists(out + ".tmp"), "no .tmp directory is left behind")
    md = open(f"{out}/compare.md", encoding="utf-8").read()

    # A higher-is-better and a lower-is-better figure: the ratio is B/A, the verdict follows.
    for case, name in [("flood-small", "cell_updates_per_s"), ("flood-small", "time_to_solution")]:
        fa, fb = fom(a[case], name), fom(b[case], name)
        r = fb["value"] / fa["value"]
        verdict = "better" if (r > 1) == fa["higher_is_better"] else "worse"
        expect = f"{r:.3f}x {'↑' if r > 1 else '↓'} {verdict}"
        plain = expect.replace("↑", "^").replace("↓", "v")  # on a terminal that is not UTF-8
        row = table_line(text, name)
        check(expect in row or plain in row, f"terminal row {name} shows {expect!r}")
        check(expect in table_line(md, name), f"compare.md row {name} shows {expect!r}")
        check(
            f"{fa['value']:.4g}" in table_line(md, name),
            f"compare.md row {name} shows run A's {fa['value']:.4g}",
        )
    total = b["flood-small"]["totals"]["gflops_per_s"] / a["flood-small"]["totals"]["gflops_per_s"]
    check(f"{total:.3f}x" in md, f"compare.md has the flood-small total GFLOP/s ratio {total:.3f}x")
    check(
        re.search(r"total GFLOP/s .*\| 0 \| 0 \| n/a \|", md) is not None,
        "routing's 0 GFLOP/s has ratio n/a",
    )
    check(
        "runA (1x2)" in text and "runB (2x1)" in text,
        "runs are labelled directory (ranks x threads)",
    )

    foms = {
        (case, f["name"])
        for run in (a, b)
        for case, r in run.items()
        for f in r["figures_of_merit"]
    }
    want = {"roofline.png"} | {f"fom_{case}_{name}.png" for case, name in foms}
    got = {os.path.basename(p) for p in glob.glob(f"{out}/*.png")}
    check(
        got == want, f"{len(want)} PNGs: one per figure of merit plus roofline.png (got {len(got)})"
    )
    for png in got:
        with open(f"{out}/{png}", "rb") as f:
            check(f.read(8) == b"\x89PNG\r\n\x1a\n", f"{png} is a PNG file")

    summary = json.load(open(f"{out}/compare.json"))
    plots = summary["plots"]
    check(set(plots) == want, "compare.json describes every plot")
    for name, info in plots.items():
        if info["kind"] == "bar":
            check(len(info["bars"]) == 2, f"{name} has 2 bars (got {len(info['bars'])})")
    roof = {r["run"]: r for r in plots["roofline.png"]["runs"]}
    for label, run in [("runA (1x2)", a), ("runB (2x1)", b)]:
        n = plotted_kernels(run)
        check(len(roof[label]["points"]) == n, f"roofline has {n} kernel points for {label}")
        ceilings = run["ceilings"]["results"]["ceilings"]
        check(
            roof[label]["ceilings"]["stream_triad_gbytes_per_s"]
            == ceilings["stream_triad_gbytes_per_s"],
            f"roofline of {label} uses its STREAM triad ceiling",
        )
    check(summary["notes"] == [], "no notes when both runs have a ceilings record")

    report = open(f"{out}/report.html", encoding="utf-8").read()
    for png in sorted(got):
        with open(f"{out}/{png}", "rb") as f:
            uri = "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")
        check(uri in report, f"report.html embeds {png}")
    srcs = re.findall(r"""(?:src|href)\s*=\s*['"]([^'"]*)""", report)
    check(all(s.startswith("data:") for s in srcs), "report.html loads nothing but data URIs")
    check(
        not re.search(r"<link|<script|@import|url\(", report),
        "report.html has no external resources",
    )
    for field in ("vm", "AMD EPYC", "339232884204-dirty", "Serial, OpenMP", "2026-11-24T01:05:03Z"):
        check(field in report, f"report.html describes the runs ({field})")


def check_single_file(karst, data, out):
    """A run directory against one record file: lined up by case, a note for its missing
    roofline."""
    rc, text = karst_compare(
        karst, f"{data}/runA", f"{data}/runB/flood-small.json", "--out", out, "--quiet"
    )
    check(rc == 0, f"compare runA runB/flood-small.json exits 0 (got {rc})")
    summary = json.load(open(f"{out}/compare.json"))
    flood = summary["plots"]["fom_flood-small_cell_updates_per_s.png"]["bars"]
    ceil = summary["plots"]["fom_ceilings_fp64_fma_peak.png"]["bars"]
    check(len(flood) == 2 and len(ceil) == 1, "the single record lines up with runA's flood-small")
    check(
        len(summary["notes"]) == 1 and "no ceilings record" in summary["notes"][0],
        "a run without a ceilings record gets a note instead of a roofline",
    )
    check("no ceilings record" in open(f"{out}/report.html").read(), "report.html shows the note")


def check_refuses_foreign_out(karst, data, work):
    foreign = f"{work}/foreign"
    os.makedirs(foreign)
    open(f"{foreign}/keep.txt", "w").close()
    rc, text = karst_compare(karst, f"{data}/runA", f"{data}/runB", "--out", foreign)
    check(
        rc == 1 and "is not the output of an earlier karst compare" in text,
        "refuses to overwrite a foreign dir",
    )
    check(os.listdir(foreign) == ["keep.txt"], "the foreign directory is untouched")


def main():
    karst, data, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    check_pair(karst, data, f"{work}/pair")
    check_pair(karst, data, f"{work}/pair")  # again: an earlier comparison is replaced
    check_single_file(karst, data, f"{work}/single")
    check_refuses_foreign_out(karst, data, work)
    print(f"{len(failures)} failed" if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
