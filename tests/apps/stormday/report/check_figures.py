#!/usr/bin/env python3
"""check_figures.py REPORT_SCRIPT WORK: the report's figures equal stormday.json.
   check_figures.py --run RUN: the same checks on a run directory `karst stormday` wrote.

Writes the fixture run, runs the report on it and reads stormday.html with html.parser:
  - every element marked data-json shows the JSON value at its path by the data-json rule;
  - every figure of stormday.json is shown, except the series that are drawn rather than
    tabulated (roads, gauge series, route nodes: checked through report/figures.json instead);
  - the figures the issue names are there: changed routes with their extra distance, the late and
    unreachable produce, the villages cut off and for how long;
  - the text around the figures has no digits (so no number escaped the marking);
  - the five images are inline PNG data URIs equal to the files in RUN/report/;
  - figures.json draws exactly the closed segments, changed routes, cut-off villages and warnings.
Then the same run without a bed elevation (optional input) must report too.
"""

import base64
import json
import os
import re
import sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from report_testlib import (  # noqa: E402
    expected_text,
    json_at,
    leaves,
    make_run,
    need_python,
    run_report,
    verdict,
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Drawn, not tabulated: the network and series behind the maps and the timeline.
NOT_TABULATED = re.compile(
    r"^(schema$|files\.|roads\.|county\.(markets|villages)\[|flood\.gauges\."
    r"|landcover\.classes\[\d+\]\.colour$|routing\.trucks\[\d+\]\.(dry|storm)\.path_nodes)"
)
FIGURES = ["ndvi", "landcover", "flood", "routes", "warnings"]


class Page(HTMLParser):
    """The marked figures, the images, and the text outside any marked element."""

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, index into marked or None)
        self.marked, self.images, self.free_text = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a)
        if tag in VOID:
            return
        index = None
        if "data-json" in a:
            index = len(self.marked)
            self.marked.append({"path": a["data-json"], "fmt": a.get("data-fmt"),
                                "null": a.get("data-null"), "text": ""})
        self.stack.append((tag, index))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        open_marks = [i for _, i in self.stack if i is not None]
        for i in open_marks:
            self.marked[i]["text"] += data
        if not open_marks and not any(t in ("script", "style") for t, _ in self.stack):
            self.free_text.append(data)


def check_marked(page, data, fails):
    for m in page.marked:
        try:
            value = json_at(data, m["path"])
        except (KeyError, IndexError, TypeError):
            fails.append(f"data-json='{m['path']}' is not a path in stormday.json")
            continue
        want = expected_text(value, m["fmt"], m["null"])
        if m["text"] != want:
            fails.append(f"{m['path']} ({m['fmt']}): page shows {m['text']!r}, rule gives {want!r}")
    print(f"{len(page.marked)} marked figures checked against stormday.json")


def check_coverage(page, data, fails):
    shown = {m["path"] for m in page.marked}
    missing = [p for p, _ in leaves(data) if not NOT_TABULATED.match(p) and p not in shown]
    fails += [f"stormday.json figure {p} is not shown in the page" for p in missing]


def issue_paths(data):
    """The figures the issue asks for by name; the fixture must have one of each kind."""
    paths, kinds = [], set()
    for i, t in enumerate(data["routing"]["trucks"]):
        p = f"routing.trucks[{i}]"
        if t["changed"]:
            kinds.add("changed")
            paths += [f"{p}.farm", f"{p}.dry.market", f"{p}.storm.market", f"{p}.extra_distance_m",
                      f"{p}.dry.distance_m", f"{p}.storm.distance_m"]
        if t["storm"]["status"] in ("late", "unreachable"):
            kinds.add(t["storm"]["status"])
            paths += [f"{p}.produce", f"{p}.tonnes", f"{p}.storm.status"]
    for i, v in enumerate(data["routing"]["villages_cut_off"]):
        p = f"routing.villages_cut_off[{i}]"
        kinds.add("still cut off" if v["still_cut_off"] else "reconnected")
        paths += [f"{p}.name", f"{p}.population", f"{p}.first_s", f"{p}.cut_off_s",
                  f"{p}.still_cut_off"]
    if any(c["end_s"] is None for c in data["flood"]["closures"]):
        kinds.add("open-ended closure")
    totals = [f"routing.totals.{k}" for k in data["routing"]["totals"]]
    return paths + totals + ["flood.closed_segments"], kinds


def check_issue(page, data, fails):
    shown = {m["path"] for m in page.marked}
    paths, kinds = issue_paths(data)
    fails += [f"the issue's figure {p} is not in the page" for p in paths if p not in shown]
    want = {"changed", "late", "unreachable", "still cut off", "reconnected", "open-ended closure"}
    if want - kinds:
        fails.append(f"the fixture lacks {sorted(want - kinds)}: fix make_fixture.py")
    print(f"issue figures present: {len(paths)} ({', '.join(sorted(kinds))})")


def check_free_text(page, fails):
    digits = [t.strip() for t in page.free_text if re.search(r"\d", t)]
    fails += [f"unmarked number in the page text: {t!r}" for t in digits]


def check_images(page, run, fails):
    by_figure = {img.get("data-figure"): img for img in page.images}
    if sorted(by_figure) != sorted(FIGURES) or len(page.images) != len(FIGURES):
        fails.append(f"images {[i.get('data-figure') for i in page.images]}, expected {FIGURES}")
    prefix = "data:image/png;base64,"
    for name, img in by_figure.items():
        src = img.get("src", "")
        file = os.path.join(run, "report", f"{name}.png")
        if not src.startswith(prefix):
            fails.append(f"image {name} is not an inline PNG data URI")
        elif not os.path.isfile(file):
            fails.append(f"{file} is missing")
        else:
            with open(file, "rb") as f:
                if base64.b64decode(src[len(prefix):]) != f.read():
                    fails.append(f"image {name} in the page differs from {file}")


def check_drawn(run, data, fails):
    with open(os.path.join(run, "report", "figures.json"), encoding="utf-8") as f:
        figures = json.load(f)["figures"]
    closures = data["flood"]["closures"]
    expect = {
        ("flood.png", "closed_segments"): sorted({c["segment"] for c in closures}),
        ("flood.png", "still_closed_segments"): sorted({c["segment"] for c in closures
                                                        if c["end_s"] is None}),
        ("flood.png", "bridges"): [k for k, s in enumerate(data["roads"]["segments"])
                                   if s[2] == "bridge"],
        ("flood.png", "villages_cut_off"): [v["name"] for v in data["routing"]["villages_cut_off"]],
        ("flood.png", "markets"): [m["name"] for m in data["county"]["markets"]],
        ("flood.png", "depth_scale_max_m"): data["flood"]["max_depth_m"],
        ("routes.png", "trucks"): [
            {"truck": f"routing.trucks[{i}]", "farm": t["farm"],
             "dry_nodes": t["dry"]["path_nodes"], "storm_nodes": t["storm"]["path_nodes"]}
            for i, t in enumerate(data["routing"]["trucks"]) if t["changed"]],
        ("warnings.png", "gauges"): data["flood"]["gauges"]["names"],
        ("warnings.png", "markers"): sorted(
            (w["gauge"], w["level"], float(w["time_s"])) for w in data["flood"]["warnings"]),
        ("landcover.png", "colours"): [c["colour"] for c in data["landcover"]["classes"]],
    }
    for (png, key), want in expect.items():
        got = figures.get(png, {}).get(key)
        if key == "markers":
            got = sorted((m["gauge"], m["level"], m["time_s"]) for m in got or [])
        if got != want:
            fails.append(f"{png} draws {key} = {got!r}, stormday.json says {want!r}")


def check_no_leftovers(run, fails):
    for name in ("report.tmp", "stormday.html.tmp", "report.old"):
        if os.path.exists(os.path.join(run, name)):
            fails.append(f"{name} left in the run directory")


def check_real_run(run):
    """A run directory `karst stormday` wrote (report included): the same checks, on real data."""
    with open(os.path.join(run, "stormday.json"), encoding="utf-8") as f:
        data = json.load(f)
    page = Page()
    with open(os.path.join(run, "stormday.html"), encoding="utf-8") as f:
        page.feed(f.read())
    fails = []
    check_marked(page, data, fails)
    check_coverage(page, data, fails)
    paths, kinds = issue_paths(data)
    shown = {m["path"] for m in page.marked}
    fails += [f"the issue's figure {p} is not in the page" for p in paths if p not in shown]
    print(f"issue figures present: {len(paths)} ({', '.join(sorted(kinds))})")
    check_free_text(page, fails)
    check_images(page, run, fails)
    check_drawn(run, data, fails)
    check_no_leftovers(run, fails)
    return verdict(fails)


def main():
    if sys.argv[1] == "--run":
        return check_real_run(sys.argv[2])
    script, work = sys.argv[1:3]
    python = need_python()
    if python is None:
        return 1
    run = make_run(python, os.path.join(work, "run"))
    rc, out, err = run_report(python, script, run)
    print(out + err, end="")
    if rc != 0:
        print(f"FAIL: the report exited {rc}")
        return 1
    with open(os.path.join(run, "stormday.json"), encoding="utf-8") as f:
        data = json.load(f)
    page = Page()
    with open(os.path.join(run, "stormday.html"), encoding="utf-8") as f:
        page.feed(f.read())
    fails = []
    check_marked(page, data, fails)
    check_coverage(page, data, fails)
    check_issue(page, data, fails)
    check_free_text(page, fails)
    check_images(page, run, fails)
    check_drawn(run, data, fails)
    check_no_leftovers(run, fails)

    bare = make_run(python, os.path.join(work, "run-no-bed"), "--no-bed")
    rc, out, err = run_report(python, script, bare)
    if rc != 0:
        fails.append(f"without a bed elevation the report exited {rc}: {err.strip()}")
    return verdict(fails)


if __name__ == "__main__":
    sys.exit(main())
