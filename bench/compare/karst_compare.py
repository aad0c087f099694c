#!/usr/bin/env python3
"""karst compare RUN_A RUN_B [...]: set runs of karst side by side.

A RUN is a run directory written by karst (runs/<timestamp>/ with <case>.json records) or a
single record file. Writes, into --out (default compare/<UTC timestamp>/, built as DIR.tmp and
renamed when complete):
  compare.md     the table of every figure of merit and the totals, with ratios against run [1]
  compare.json   the same rows, plus exactly what each plot shows (bars, roofline points)
  fom_<case>_<figure>.png   one bar chart per figure of merit, one bar per run
  roofline.png   each run's measured roofline (from its ceilings record) and every kernel
  report.html    all of it in one self-contained page (images as data URIs, inline CSS)
and prints the table. Needs Python 3 and matplotlib (Debian: python3-matplotlib). Exit codes:
0 done, 1 a bad input or output (the message names the file), 2 a bad command line.
"""

import argparse
import datetime
import json
import os
import sys

# bench/python/karst_script.py, ../python from here in the source tree and in an install.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import karst_script  # noqa: E402
from karst_script import InputError, UsageError  # noqa: E402

karst_script.use_siblings(__file__)
from compare_records import describe, label_runs, line_up, load_run  # noqa: E402
from compare_table import (  # noqa: E402
    SAME,
    build_rows,
    render_html,
    render_markdown,
    render_text,
    rows_as_json,
)


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parse_args(argv):
    p = Parser(
        prog="karst compare",
        description="Compare karst runs: a table of every figure of merit and the totals with "
        "ratios against the first run, bar charts, a roofline of all runs, and one "
        "self-contained report.html.",
        epilog="A RUN is a run directory (runs/<timestamp>/ with <case>.json records) or one "
        "record file. Records line up across runs by file name (the bench case), or by workload "
        "when every RUN is a single file. See docs/user-guide.md, 'Comparing runs'.",
    )
    p.add_argument(
        "runs",
        nargs="+",
        metavar="RUN",
        help="run directory or record .json; the first is the baseline",
    )
    p.add_argument(
        "-o", "--out", metavar="DIR", help="output directory (default compare/<UTC timestamp>/)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="do not print the table")
    args = p.parse_args(argv)
    if len(args.runs) < 2:
        raise UsageError("give at least two runs to compare (RUN_A RUN_B ...)")
    return args


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def default_out():
    base = os.path.join("compare", utc_now().strftime("%Y%m%dT%H%M%SZ"))
    out, n = base, 1
    while os.path.exists(out) or os.path.exists(out + ".tmp"):
        out, n = f"{base}-{n}", n + 1
    return out


def prepare_out(out):
    """Creates DIR.tmp. An existing DIR is replaced only if it is an earlier comparison."""
    out = os.path.normpath(out)
    if os.path.exists(out):
        earlier = os.path.isdir(out) and (
            not os.listdir(out) or os.path.isfile(os.path.join(out, "compare.json"))
        )
        if not earlier:
            raise InputError(
                out,
                "exists and is not the output of an earlier karst compare; choose another --out",
            )
    tmp = out + ".tmp"
    try:
        karst_script.fresh_dir(tmp)
    except OSError as e:
        raise InputError(tmp, f"cannot create directory: {e.strerror}") from None
    return out, tmp


def markdown(descriptions, table_md, notes, images, created):
    lines = [
        "# Karst run comparison",
        "",
        f"Written by `karst compare` at {created}.",
        "",
        "## Runs",
        "",
    ]
    lines.append(
        "| | run | path | hostname | CPU | MPI ranks | Kokkos concurrency | Kokkos backends "
        "| git commit | created (UTC) |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for i, d in enumerate(descriptions):
        cells = [
            f"[{i + 1}]",
            d["label"],
            f"`{d['path']}`",
            d["hostname"],
            d["cpu_model"],
            d["mpi_ranks"],
        ]
        cells += [d["kokkos_concurrency"], d["kokkos_backends"], d["git_commit"], d["created_utc"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Figures of merit and totals", ""]
    lines.append(
        "Ratios are each run divided by run [1]; the arrow is the direction of the change, better "
        f"or worse follows the figure's `higher_is_better`, and within {SAME:.1%} counts as the "
        "same."
    )
    lines += ["", table_md, "", "## Roofline", ""]
    lines += [f"Note: {n}" for n in notes] + ([""] if notes else [])
    lines += [f"![roofline]({images[0][0]})", "", "## Figures of merit", ""]
    lines += [f"![{caption}]({name})" for name, caption in images[1:]]
    return "\n".join(lines) + "\n"


def write_outputs(tmp, runs, rows, created):
    from compare_html import write_report
    from compare_plots import bar_chart, roofline

    labels = [r.label for r in runs]
    descriptions = [describe(r) for r in runs]
    plots = {}
    roof_name, roof_info = roofline(runs, tmp)
    plots[roof_name] = roof_info
    notes = [r["note"] for r in roof_info["runs"] if r["note"]]
    images = [(roof_name, "roofline of all runs")]
    for row in rows:
        if row.kind != "fom":
            continue
        name, info = bar_chart(row, labels, tmp)
        plots[name] = info
        images.append((name, f"{row.workload}: {row.name}"))

    with open(os.path.join(tmp, "compare.md"), "w", encoding="utf-8") as f:
        f.write(markdown(descriptions, render_markdown(rows, labels), notes, images, created))
    summary = {
        "schema": "karst.compare",
        "schema_version": 1,
        "created_utc": created,
        "runs": descriptions,
        "rows": rows_as_json(rows),
        "plots": plots,
        "notes": notes,
    }
    with open(os.path.join(tmp, "compare.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    write_report(
        os.path.join(tmp, "report.html"),
        tmp,
        descriptions,
        render_html(rows, labels),
        notes,
        images,
        created,
    )
    return notes, len(images) - 1


def can_print(text):
    try:
        text.encode(sys.stdout.encoding or "ascii")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def run(argv):
    args = parse_args(argv)
    runs = [load_run(p) for p in args.runs]
    line_up(runs)
    label_runs(runs)
    rows = build_rows(runs)
    karst_script.require_modules("compare", [("matplotlib", "python3-matplotlib")])
    out, tmp = prepare_out(args.out or default_out())
    created = utc_now().strftime("%Y-%m-%dT%H:%M:%SZ")
    with karst_script.writing(out, tmp):
        notes, bars = write_outputs(tmp, runs, rows, created)
        karst_script.publish(tmp, out)
    if not args.quiet:
        print("Runs:")
        for i, r in enumerate(runs):
            print(f"  [{i + 1}] {r.label}  {r.path}")
        print(render_text(rows, [r.label for r in runs], ascii_only=not can_print("\u2191\u2193")))
        for n in notes:
            print(f"note: {n}")
    print(
        f"compare: wrote {out}/ (compare.md, compare.json, report.html, roofline.png, "
        f"{bars} bar charts)"
    )
    return 0


def main(argv=None):
    return karst_script.run_main("compare", run, argv, usage_hint=" (see --help)")


if __name__ == "__main__":
    sys.exit(main())
