"""The side-by-side table of `karst compare`: rows, ratios against the first run, and the three
renderings (aligned text for the terminal, Markdown, HTML)."""

import html
from dataclasses import dataclass

# (row name, totals key, unit, higher is better)
TOTALS = [
    ("total GFLOP/s", "gflops_per_s", "GFLOP/s", True),
    ("total GB/s", "gbytes_per_s", "GB/s", True),
    ("total PFlop/s", "pflops_per_s", "PFlop/s", True),
    ("total time", "time_s", "s", False),
]
# Ratios within this of 1 are reported as the same: run-to-run noise is larger than that anyway.
SAME = 0.005


@dataclass
class Ratio:
    value: float  # run / first run
    verdict: str  # "better", "worse" or "same"

    def text(self, ascii_only=False):
        up, down = ("^", "v") if ascii_only else ("\u2191", "\u2193")
        arrow = "=" if self.verdict == "same" else (up if self.value > 1 else down)
        return f"{self.value:.3f}x {arrow} {self.verdict}"


@dataclass
class Row:
    workload: str
    name: str
    unit: str
    higher_is_better: bool
    values: list  # one per run, None where the run lacks it
    kind: str  # "fom" or "total"

    def ratios(self):
        """One per run after the first: None where there is nothing to divide."""
        return [ratio(self.values[0], v, self.higher_is_better) for v in self.values[1:]]


def ratio(base, value, higher_is_better):
    if base is None or value is None or base == 0:
        return None
    r = value / base
    if abs(r - 1) <= SAME:
        return Ratio(r, "same")
    return Ratio(r, "better" if (r > 1) == higher_is_better else "worse")


def workload_keys(runs):
    keys = []
    for run in runs:
        for rec in run.records:
            if rec.key not in keys:
                keys.append(rec.key)
    return keys


def build_rows(runs):
    rows = []
    for key in workload_keys(runs):
        recs = [run.record(key) for run in runs]
        foms = {}  # name -> (unit, higher_is_better), in order of first appearance
        for rec in recs:
            for f in rec.data["figures_of_merit"] if rec else []:
                foms.setdefault(f["name"], (f["unit"], f["higher_is_better"]))
        for name, (unit, hib) in foms.items():
            values = []
            for rec in recs:
                f = (
                    next((f for f in rec.data["figures_of_merit"] if f["name"] == name), None)
                    if rec
                    else None
                )
                # A figure in another unit cannot be divided by this one: leave it out.
                values.append(float(f["value"]) if f and f["unit"] == unit else None)
            rows.append(Row(key, name, unit, hib, values, "fom"))
        for name, total, unit, hib in TOTALS:
            values = [float(rec.data["totals"][total]) if rec else None for rec in recs]
            rows.append(Row(key, name, unit, hib, values, "total"))
    return rows


def fmt_value(v):
    return "-" if v is None else f"{v:.4g}"


def _cells(rows, labels, ascii_only):
    header = ["workload", "figure", "unit"] + [f"[{i + 1}] {name}" for i, name in enumerate(labels)]
    header += [f"[{i + 2}]/[1]" for i in range(len(labels) - 1)]
    body = []
    last = None
    for row in rows:
        cells = [row.workload if row.workload != last else "", row.name, row.unit]
        cells += [fmt_value(v) for v in row.values]
        cells += ["n/a" if r is None else r.text(ascii_only) for r in row.ratios()]
        body.append(cells)
        last = row.workload
    return header, body


def render_text(rows, labels, ascii_only=False):
    header, body = _cells(rows, labels, ascii_only)
    widths = [max(len(c[i]) for c in [header] + body) for i in range(len(header))]
    numeric = set(range(3, len(header)))

    def line(cells):
        out = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths))
        ]
        return "  ".join(out).rstrip()

    rule = "-" * len(line(header))
    lines = [rule, line(header), rule]
    for i, cells in enumerate(body):
        if i and cells[0]:
            lines.append("")
        lines.append(line(cells))
    lines.append(rule)
    return "\n".join(lines)


def render_markdown(rows, labels):
    header, body = _cells(rows, labels, False)

    def esc(c):
        return c.replace("|", "\\|")

    lines = ["| " + " | ".join(esc(c) for c in header) + " |"]
    lines.append("|" + "|".join(["---"] * 3 + ["---:"] * (len(header) - 3)) + "|")
    lines += ["| " + " | ".join(esc(c) for c in cells) + " |" for cells in body]
    return "\n".join(lines)


def render_html(rows, labels):
    header, _ = _cells(rows, labels, False)
    out = ["<table class='cmp'><thead><tr>"]
    out += [f"<th>{html.escape(c)}</th>" for c in header]
    out.append("</tr></thead><tbody>")
    last = None
    for row in rows:
        cls = " class='first'" if row.workload != last else ""
        out.append(f"<tr{cls}><td>{html.escape(row.workload if cls else '')}</td>")
        out.append(f"<td>{html.escape(row.name)}</td><td>{html.escape(row.unit)}</td>")
        out += [f"<td class='num'>{fmt_value(v)}</td>" for v in row.values]
        for r in row.ratios():
            if r is None:
                out.append("<td class='num na'>n/a</td>")
            else:
                out.append(f"<td class='num {r.verdict}'>{html.escape(r.text())}</td>")
        out.append("</tr>")
        last = row.workload
    out.append("</tbody></table>")
    return "".join(out)


def rows_as_json(rows):
    return [
        {
            "workload": r.workload,
            "figure": r.name,
            "unit": r.unit,
            "higher_is_better": r.higher_is_better,
            "kind": r.kind,
            "values": r.values,
            "ratios": [
                None if x is None else {"ratio": x.value, "verdict": x.verdict} for x in r.ratios()
            ],
        }
        for r in rows
    ]
