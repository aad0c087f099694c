"""report.html of `karst compare`: one self-contained file (inline CSS, images as data URIs) that
can be mailed or archived and still opens without network or the files beside it."""

import base64
import html
import os

CSS = """
body { font-family: sans-serif; margin: 1.5em auto; max-width: 1150px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.better { background: #e3f4e1; color: #176117; }
td.worse { background: #fbe3e1; color: #8f1d14; }
td.same, td.na { color: #666; }
tr.first td { border-top: 2px solid #999; }
.plots { display: flex; flex-wrap: wrap; gap: 10px; }
.plots img { width: 540px; border: 1px solid #ddd; }
img.roofline { width: 800px; border: 1px solid #ddd; }
.note { color: #8a5a00; }
"""

FIELDS = [
    ("run", "label"),
    ("path", "path"),
    ("hostname", "hostname"),
    ("CPU", "cpu_model"),
    ("GPU", "gpu_model"),
    ("MPI ranks", "mpi_ranks"),
    ("Kokkos concurrency", "kokkos_concurrency"),
    ("Kokkos backends", "kokkos_backends"),
    ("git commit", "git_commit"),
    ("created (UTC)", "created_utc"),
    ("records", "records"),
]


def data_uri(png_path):
    with open(png_path, "rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")


def _runs_table(descriptions):
    out = ["<table><thead><tr><th></th>"]
    out += [f"<th>[{i + 1}]</th>" for i in range(len(descriptions))]
    out.append("</tr></thead><tbody>")
    for title, key in FIELDS:
        out.append(f"<tr><th>{html.escape(title)}</th>")
        for d in descriptions:
            v = d[key]
            v = ", ".join(v) if isinstance(v, list) else str(v)
            out.append(f"<td>{html.escape(v)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def write_report(path, out_dir, descriptions, table_html, notes, images, created):
    """images: [(file name, caption)]; the first is the roofline."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<title>Karst run comparison</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Karst run comparison</h1>",
        f"<p>Written by <code>karst compare</code> at {esc(created)}. Ratios are each run "
        "divided by run [1]; better or worse follows each figure's "
        "<code>higher_is_better</code>.</p>",
        "<h2>Runs</h2>",
        _runs_table(descriptions),
        "<h2>Figures of merit and totals</h2>",
        table_html,
        "<h2>Roofline</h2>",
    ]
    parts += [f"<p class='note'>{esc(n)}</p>" for n in notes]
    roof, caption = images[0]
    parts.append(
        f"<img class='roofline' alt='{esc(caption)}' src='{data_uri(os.path.join(out_dir, roof))}'>"
    )
    parts.append("<h2>Figures of merit</h2><div class='plots'>")
    for name, caption in images[1:]:
        parts.append(
            f"<img alt='{esc(caption)}' title='{esc(caption)}' "
            f"src='{data_uri(os.path.join(out_dir, name))}'>"
        )
    parts.append("</div></body></html>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")
