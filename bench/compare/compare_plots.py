"""The PNG plots of `karst compare`: a bar chart per figure of merit and one roofline of all runs.

Each function returns what it drew, so compare.json can say exactly which bars and points are in
which image (the tests check those rather than pixels)."""

import os
import re

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">"]


def run_colour(i):
    return plt.get_cmap("tab10")(i % 10)


def safe_name(s):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s)


def _wrap(label, width=18):
    """Long run labels on two lines under the bars."""
    if len(label) <= width or " (" not in label:
        return label
    head, tail = label.rsplit(" (", 1)
    return f"{head}\n({tail}"


def bar_chart(row, labels, out_dir):
    """fom_<workload>_<name>.png: one bar per run that has the figure."""
    bars = [(i, labels[i], v) for i, v in enumerate(row.values) if v is not None]
    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=100)
    xs = list(range(len(bars)))
    drawn = ax.bar(xs, [v for _, _, v in bars], color=[run_colour(i) for i, _, _ in bars])
    ax.bar_label(drawn, labels=[f"{v:.4g}" for _, _, v in bars], fontsize=8, padding=2)
    ax.set_xticks(xs, [_wrap(label) for _, label, _ in bars], fontsize=8)
    ax.set_ylabel(row.unit)
    better = "higher" if row.higher_is_better else "lower"
    ax.set_title(f"{row.workload}: {row.name} ({better} is better)", fontsize=10)
    ax.margins(y=0.15)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    name = f"fom_{safe_name(row.workload)}_{safe_name(row.name)}.png"
    fig.savefig(os.path.join(out_dir, name))
    plt.close(fig)
    return name, {
        "kind": "bar",
        "workload": row.workload,
        "figure": row.name,
        "unit": row.unit,
        "higher_is_better": row.higher_is_better,
        "bars": [{"run": label, "value": v} for _, label, v in bars],
    }


def roofline_points(run):
    """Every kernel with a cost: (workload, kernel, intensity, GFLOP/s)."""
    points = []
    for rec in run.records:
        for k in rec.data["kernels"]:
            if k["flops"] <= 0 or k["bytes"] <= 0 or k["gflops_per_s"] <= 0:
                continue  # nothing to place on log-log axes
            points.append(
                (rec.key, k["name"], float(k["intensity_flop_per_byte"]), float(k["gflops_per_s"]))
            )
    return points


def roofline_ceilings(run):
    """(GB/s, GFLOP/s, note): the run's measured ceilings, or None and why not."""
    c = run.ceilings()
    if c is None:
        return None, None, f"{run.label}: no ceilings record in this run; its roofline is not drawn"
    bw, peak = c.get("stream_triad_gbytes_per_s"), c.get("fp64_gflops_per_s")
    if not all(isinstance(x, (int, float)) and x > 0 for x in (bw, peak)):
        return (
            None,
            None,
            (
                f"{run.label}: the ceilings record lacks stream_triad_gbytes_per_s or "
                "fp64_gflops_per_s; its roofline is not drawn"
            ),
        )
    return float(bw), float(peak), None


def roofline(runs, out_dir):
    """roofline.png: per run its measured roofline and its kernels, one colour per run."""
    per_run = []
    xs = []
    for run in runs:
        bw, peak, note = roofline_ceilings(run)
        points = roofline_points(run)
        per_run.append((run, bw, peak, note, points))
        xs += [p[2] for p in points] + ([peak / bw] if bw else [])
    lo = min(xs) / 4 if xs else 0.01
    hi = max(xs) * 4 if xs else 100.0

    fig, ax = plt.subplots(figsize=(8.0, 5.5), dpi=100)
    ax.set_xscale("log")
    ax.set_yscale("log")
    workloads = []
    for run, *_ in per_run:
        for rec in run.records:
            if rec.key not in workloads:
                workloads.append(rec.key)
    marker = {w: MARKERS[i % len(MARKERS)] for i, w in enumerate(workloads)}
    handles = []
    annotated = set()
    summary = []
    for i, (run, bw, peak, note, points) in enumerate(per_run):
        colour = run_colour(i)
        if bw:
            n = 200
            grid = [lo * (hi / lo) ** (j / (n - 1)) for j in range(n)]
            ax.plot(grid, [min(peak, bw * x) for x in grid], color=colour, lw=1.8)
        label = run.label + (f": {bw:.3g} GB/s, {peak:.3g} GFLOP/s" if bw else " (no ceilings)")
        handles.append(Line2D([], [], color=colour, marker="o", lw=1.8 if bw else 0, label=label))
        for w, kernel, x, y in points:
            ax.scatter(
                [x],
                [y],
                color=colour,
                marker=marker[w],
                s=36,
                edgecolors="black",
                linewidths=0.4,
                zorder=3,
            )
            if (w, kernel) not in annotated:
                annotated.add((w, kernel))
                ax.annotate(
                    kernel.split("::")[-1],
                    (x, y),
                    textcoords="offset points",
                    xytext=(4, 4),
                    fontsize=6,
                )
        summary.append(
            {
                "run": run.label,
                "ceilings": (
                    None
                    if bw is None
                    else {"stream_triad_gbytes_per_s": bw, "fp64_gflops_per_s": peak}
                ),
                "note": note,
                "points": [
                    {"workload": w, "kernel": k, "intensity_flop_per_byte": x, "gflops_per_s": y}
                    for w, k, x, y in points
                ],
            }
        )
    used = [w for w in workloads if any(p[0] == w for *_, pts in per_run for p in pts)]
    handles += [
        Line2D([], [], color="grey", marker=marker[w], lw=0, markeredgecolor="black", label=w)
        for w in used
    ]
    ax.set_xlim(lo, hi)
    ax.set_xlabel("arithmetic intensity [FLOP/byte]")
    ax.set_ylabel("performance [GFLOP/s]")
    ax.set_title("Roofline: measured ceilings (STREAM triad, FP64 FMA) and kernels")
    ax.grid(True, which="both", alpha=0.25)
    if not any(points for *_, points in per_run):
        ax.text(
            0.5, 0.5, "no kernel with both FLOPs and bytes", transform=ax.transAxes, ha="center"
        )
    ax.legend(handles=handles, fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "roofline.png"))
    plt.close(fig)
    return "roofline.png", {"kind": "roofline", "runs": summary}
