"""stormday.html: one self-contained page (inline CSS, images as data URIs) that can be mailed or
archived and still opens without network or the files beside it.

No number is typed into the page by hand: every figure goes through `Cells.fig`, which looks it up
by JSON path in stormday.json, renders it by the data-json rule (report_data.render) and marks the
element with `data-json` and `data-fmt`, so tests/apps/stormday/report can recompute each one.
The fixed text around the figures has no digits at all, which that test also checks.
"""

import base64
import html
import os

from karst_script import InputError
from report_data import render

CSS = """
body { font-family: sans-serif; margin: 1.5em auto; padding: 0 1em; max-width: 1200px;
       color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.changed td { background: #eef4fc; }
tr.late td { background: #fff4d6; }
tr.unreachable td, tr.cut td { background: #fbe3e1; }
.maps { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; }
figure { margin: 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.85em; color: #444; margin-top: 3px; }
img.timeline { max-width: 100%; border: 1px solid #ddd; }
ul.headline { font-size: 1.05em; line-height: 1.6; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #555;
          vertical-align: middle; margin-right: 4px; }
.scroll { max-height: 22em; overflow-y: auto; display: inline-block; }
"""

# After load, the body records how many images decoded: lets a headless check
# (`chromium --dump-dom`) tell a page whose images show from one whose data URIs are broken.
SCRIPT = """
window.addEventListener("load", function () {
  var ok = 0;
  for (var i = 0; i < document.images.length; i++)
    if (document.images[i].complete && document.images[i].naturalWidth > 0) ok++;
  document.body.setAttribute("data-images-loaded", String(ok));
});
"""

LEVEL_BACKGROUND = {"blue": "#dce8fb", "yellow": "#fff5c2", "orange": "#ffe2c2", "red": "#fbd3d0"}

esc = html.escape


def data_uri(png_path):
    with open(png_path, "rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")


class Cells:
    """Marked figures from one summary."""

    def __init__(self, summary):
        self.s = summary

    def fig(self, path, fmt, null=None, tag="td", style=None, before=""):
        """The element showing the figure at `path`; `before` is markup without text (a swatch)."""
        value = self.s.get(path)
        try:
            text = render(value, fmt, null)
        except TypeError:
            raise InputError(self.s.file, f"key '{path}' cannot be shown as {fmt}: {value!r}")
        attrs = f' data-json="{esc(path)}" data-fmt="{fmt}"'
        if null is not None:
            attrs += f' data-null="{esc(null)}"'
        if style:
            attrs += f' style="{esc(style)}"'
        cls = "" if fmt in ("str", "yesno", "still") or tag != "td" else ' class="num"'
        return f"<{tag}{cls}{attrs}>{before}{esc(text)}</{tag}>"

    def span(self, path, fmt, null=None):
        return self.fig(path, fmt, null, tag="span")


def table(head, rows, row_classes=None):
    """head: header texts; rows: lists of ready <td>/<th> cells."""
    head_cells = "".join(f"<th>{esc(h)}</th>" for h in head)
    out = ["<table><thead><tr>", head_cells, "</tr></thead><tbody>"]
    for i, cells in enumerate(rows):
        cls = (row_classes or {}).get(i)
        out.append(f"<tr class='{cls}'>" if cls else "<tr>")
        out.append("".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def key_value_table(c, rows):
    """rows: (label, path, fmt) -> a two-column table; rows whose figure the summary lacks (the
    optional ones beyond the contract's minimum) are left out."""
    return table(["", "value"],
                 [[f"<th>{esc(name)}</th>", c.fig(p, f)] for name, p, f in rows if c.s.has(p)])


# ---- Sections ------------------------------------------------------------------------------------


def headline(c):
    t = "routing.totals"
    return (
        "<ul class='headline'>"
        f"<li>Trucks on the road: {c.span(f'{t}.trucks', 'int')}; rerouted around closed roads: "
        f"{c.span(f'{t}.trucks_rerouted', 'int')}, driving {c.span(f'{t}.extra_km', 'f2')} km "
        "more in all.</li>"
        f"<li>Produce late: {c.span(f'{t}.tonnes_late', 'f1')} t; produce that could not reach "
        f"any market: {c.span(f'{t}.tonnes_unreachable', 'f1')} t.</li>"
        f"<li>Villages cut off: {c.span(f'{t}.villages_cut_off', 'int')}, with "
        f"{c.span(f'{t}.people_cut_off', 'int')} people.</li>"
        f"<li>Road segments closed by the flood: {c.span('flood.closed_segments', 'int')}; "
        f"deepest water: {c.span('flood.max_depth_m', 'f2')} m.</li>"
        "</ul>"
    )


def maps_section(out_dir):
    captions = {
        "ndvi.png": "Fused NDVI: today's fine image predicted by STARFM from the fine and coarse "
        "images, as NDVI.",
        "landcover.png": "Land-cover classes from the NDVI, in the class colours of the table "
        "below; they set the Manning roughness and infiltration of the flood.",
        "flood.png": "Maximum flood depth over the relief (dry cells not drawn). Grey: roads; "
        "red: roads closed by the flood at some time; squares: bridges; stars: markets; red "
        "triangles: villages cut off.",
        "routes.png": "Trucks whose route changed: the dry-day route dashed, the storm-day route "
        "solid, one colour per truck, over the roads (closed ones in light red) and the flood.",
    }
    out = ["<div class='maps'>"]
    for name in ("ndvi.png", "landcover.png", "flood.png", "routes.png"):
        out.append(
            f"<figure><img data-figure='{name[:-4]}' alt='{esc(captions[name])}' "
            f"src='{data_uri(os.path.join(out_dir, name))}'>"
            f"<figcaption>{esc(captions[name])}</figcaption></figure>"
        )
    out.append("</div>")
    return "".join(out)


def warnings_section(c, out_dir):
    rows = []
    for p, _ in c.s.items("flood.warnings"):
        shade = LEVEL_BACKGROUND.get(c.s.get(f"{p}.level"), "#ffffff")
        rows.append([c.fig(f"{p}.gauge", "str"),
                     c.fig(f"{p}.level", "str", style=f"background:{shade}"),
                     c.fig(f"{p}.time_s", "hms")])
    return (
        f"<img class='timeline' data-figure='warnings' alt='gauge depths and warnings' "
        f"src='{data_uri(os.path.join(out_dir, 'warnings.png'))}'>"
        "<p>Depth at each gauge over time; dashed lines are its blue, yellow, orange and red "
        "thresholds, triangles the warnings issued when a threshold was reached.</p>"
        + (table(["gauge", "level", "issued at (h:mm:ss)"], rows) if rows
           else "<p>No warning was issued.</p>")
    )


def totals_table(c):
    t = "routing.totals"
    return key_value_table(c, [
        ("trucks", f"{t}.trucks", "int"),
        ("trucks rerouted", f"{t}.trucks_rerouted", "int"),
        ("trucks delayed", f"{t}.trucks_delayed", "int"),
        ("trucks late", f"{t}.trucks_late", "int"),
        ("trucks that reach no market", f"{t}.trucks_unreachable", "int"),
        ("extra distance [km]", f"{t}.extra_km", "f2"),
        ("extra driving and waiting [h]", f"{t}.extra_hours", "f2"),
        ("produce on the road [t]", f"{t}.tonnes", "f1"),
        ("produce late [t]", f"{t}.tonnes_late", "f1"),
        ("produce unreachable [t]", f"{t}.tonnes_unreachable", "f1"),
        ("produce lost: on time when dry, not in the storm [t]", f"{t}.tonnes_lost", "f1"),
        ("villages", f"{t}.villages", "int"),
        ("villages cut off", f"{t}.villages_cut_off", "int"),
        ("people cut off", f"{t}.people_cut_off", "int"),
        ("village hours cut off", f"{t}.village_cut_off_hours", "f2"),
        ("trucks may wait for a road to reopen", "routing.allow_waiting", "yesno"),
        ("cut-off analysis until (h:mm:ss)", "routing.horizon_s", "hms"),
        ("routing stage [s]", "routing.seconds", "f2"),
    ])


def trucks_table(c):
    head = ["farm", "produce", "tonnes", "leaves at", "deadline [h]", "dry: market",
            "dry: arrives", "dry: km", "dry: status", "storm: market", "storm: arrives",
            "storm: km", "storm: waits", "extra km", "extra time", "route changed", "status"]
    rows, classes = [], {}
    for i, (p, _) in enumerate(c.s.items("routing.trucks")):
        status = c.s.get(f"{p}.storm.status")
        if status in ("late", "unreachable"):
            classes[i] = status
        elif c.s.get(f"{p}.changed"):
            classes[i] = "changed"
        rows.append([
            c.fig(f"{p}.farm", "str"), c.fig(f"{p}.produce", "str"), c.fig(f"{p}.tonnes", "f1"),
            c.fig(f"{p}.departure_s", "hms"), c.fig(f"{p}.deadline_h", "g"),
            c.fig(f"{p}.dry.market", "str"), c.fig(f"{p}.dry.arrival_s", "hms"),
            c.fig(f"{p}.dry.distance_m", "km2"),
            c.fig(f"{p}.dry.status", "str") if c.s.has(f"{p}.dry.status") else "<td></td>",
            c.fig(f"{p}.storm.market", "str", null="none"),
            c.fig(f"{p}.storm.arrival_s", "hms"), c.fig(f"{p}.storm.distance_m", "km2"),
            c.fig(f"{p}.storm.wait_s", "hms"), c.fig(f"{p}.extra_distance_m", "km2"),
            c.fig(f"{p}.extra_time_s", "hms"), c.fig(f"{p}.changed", "yesno"),
            c.fig(f"{p}.storm.status", "str"),
        ])
    return (
        "<p>Times are h:mm:ss since the storm began (durations likewise); distances in km. "
        "Rows: blue the route changed, yellow late, red unreachable.</p>"
        + table(head, rows, classes)
    )


def villages_table(c):
    rows = []
    for p, _ in c.s.items("routing.villages_cut_off"):
        spans = [
            f"{c.span(f'{q}[0]', 'hms')} \u2013 {c.span(f'{q}[1]', 'hms', null='end')}"
            for q, _ in c.s.items(f"{p}.intervals")
        ]
        rows.append([
            c.fig(f"{p}.name", "str"), c.fig(f"{p}.population", "int"),
            c.fig(f"{p}.first_s", "hms"), c.fig(f"{p}.cut_off_s", "hms"),
            "<td>" + "<br>".join(spans) + "</td>", c.fig(f"{p}.still_cut_off", "still"),
        ])
    if not rows:
        return "<p>No village was cut off.</p>"
    return table(["village", "population", "first cut off at", "cut off for", "when",
                  "at the end"], rows, {i: "cut" for i in range(len(rows))})


def closures_section(c):
    rows = [
        [c.fig(f"{p}.segment", "int"), c.fig(f"{p}.kind", "str"), c.fig(f"{p}.begin_s", "hms"),
         c.fig(f"{p}.end_s", "hms", null="still closed at the end")]
        for p, _ in c.s.items("flood.closures")
    ]
    return (
        f"<p>Road segments closed at some time: {c.span('flood.closed_segments', 'int')}. "
        "A segment closes while the water on it is too deep or too fast to drive.</p>"
        + (f"<div class='scroll'>{table(['segment', 'road', 'closed at', 'reopened at'], rows)}"
           "</div>" if rows else "")
        + key_value_table(c, [
            ("deepest water [m]", "flood.max_depth_m", "f2"),
            ("simulated time (h:mm:ss)", "flood.duration_s", "hms"),
            ("rain scale", "flood.rain_scale", "g"),
            ("closed while deeper than [m]", "flood.closure_rule.depth_m", "g"),
            ("or while the hazard rating is at least", "flood.closure_rule.hazard_rating", "g"),
            ("hazard window [s]", "flood.window_s", "g"),
            ("time steps", "flood.steps", "int"),
            ("cell updates per second", "flood.cell_updates_per_s", "g"),
            ("rain volume [m\u00b3]", "flood.rain_m3", "g"),
            ("infiltrated volume [m\u00b3]", "flood.infiltrated_m3", "g"),
            ("mass imbalance [m\u00b3]", "flood.mass_imbalance_m3", "g"),
            ("closures read from a file", "flood.from_file", "yesno"),
            ("flood stage [s]", "flood.seconds", "f2"),
        ])
    )


def landcover_section(c):
    rows = []
    for p, _ in c.s.items("landcover.classes"):
        colour = esc(str(c.s.get(f"{p}.colour")))
        swatch = f"<span class='swatch' style='background:{colour}'></span>"
        name = c.fig(f"{p}.name", "str", before=swatch)
        rows.append([name, c.fig(f"{p}.manning", "f3"),
                     c.fig(f"{p}.infiltration_mm_per_h", "f1"), c.fig(f"{p}.cells", "int"),
                     c.fig(f"{p}.share", "pct1")])
    return table(["class", "Manning n", "infiltration [mm/h]", "cells", "share"], rows) + (
        key_value_table(c, [
            ("overall accuracy of the classes", "landcover.overall_accuracy", "pct1"),
            ("the same rules on today's coarse image alone", "landcover.accuracy_coarse_only",
             "pct1"),
            ("the same rules on the last clear fine image", "landcover.accuracy_last_clear_image",
             "pct1"),
            ("NDVI RMSE", "landcover.ndvi_rmse", "f4"),
            ("NDVI RMSE of the coarse image", "landcover.ndvi_rmse_coarse", "f4"),
            ("STARFM RMSE (reflectance)", "landcover.starfm_rmse", "f4"),
            ("coarse-image baseline RMSE", "landcover.coarse_baseline_rmse", "f4"),
            ("STARFM kernel [s]", "landcover.starfm_seconds", "f2"),
            ("land cover read from a file", "landcover.from_file", "yesno"),
            ("land-cover stage [s]", "landcover.seconds", "f2"),
        ])
    ) + confusion_table(c)


def confusion_table(c):
    """Cells per true cover (rows, in the table's class order) and class found (columns)."""
    if not c.s.has("landcover.confusion"):
        return ""
    names = [c.s.get(f"{p}.name") for p, _ in c.s.items("landcover.classes")]
    rows = []
    for k, (p, row) in enumerate(c.s.items("landcover.confusion")):
        label = (c.fig(f"landcover.confusion_truth[{k}]", "str", tag="th")
                 if c.s.has(f"landcover.confusion_truth[{k}]") else "<th></th>")
        rows.append([label] + [c.fig(q, "int") for q, _ in c.s.items(p)])
    return ("<p>Cells by true cover (rows) and the class found (columns):</p>"
            + table(["true cover"] + names, rows))


def timings_table(c):
    return key_value_table(c, [
        ("land cover [s]", "timing.landcover_s", "f2"),
        ("flood [s]", "timing.flood_s", "f2"),
        ("routing [s]", "timing.routing_s", "f2"),
        ("end to end [s]", "timing.end_to_end_s", "f2"),
    ])


def county_line(c):
    g = "county.grid"
    return (
        f"<p>County {c.span('county.name', 'str')} (size {c.span('county.size', 'g')}, seed "
        f"{c.span('county.seed', 'int')}): {c.span(f'{g}.ny', 'int')} \u00d7 "
        f"{c.span(f'{g}.nx', 'int')} cells of {c.span(f'{g}.dx_m', 'g')} m, the north-west "
        f"corner at x = {c.span(f'{g}.x0_m', 'g')} m, y = {c.span(f'{g}.y0_m', 'g')} m"
        + (f"; {c.span('county.nodes', 'int')} road nodes, {c.span('county.segments', 'int')} "
           f"road segments, {c.span('county.farms', 'int')} farms" if c.s.has("county.farms")
           else "")
        + ". Written by "
        "<code>karst stormday</code>; every figure comes from <code>stormday.json</code> beside "
        "this page.</p>"
    )


def write_report(path, summary, out_dir):
    """Writes the page to `path`; the PNGs are read from `out_dir`."""
    c = Cells(summary)
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<title>Karst storm day</title>",
        f"<style>{CSS}</style><script>{SCRIPT}</script></head><body>",
        "<h1>Storm day: fusion, flood and routing over one county</h1>",
        county_line(c),
        headline(c),
        "<h2>Maps</h2>",
        maps_section(out_dir),
        "<h2>Warning timeline</h2>",
        warnings_section(c, out_dir),
        "<h2>Routing impact</h2>",
        totals_table(c),
        "<h3>Trucks</h3>",
        trucks_table(c),
        "<h3>Villages cut off</h3>",
        villages_table(c),
        "<h2>Road closures and the flood</h2>",
        closures_section(c),
        "<h2>Land cover</h2>",
        landcover_section(c),
        "<h2>Stage timings</h2>",
        timings_table(c),
        "</body></html>",
    ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")
