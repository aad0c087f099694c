#!/usr/bin/env python3
"""routes_png.py ROUTES ROADS PNG: the map of a `karst routing` run on OpenStreetMap roads.

Reads ROUTES (routes.geojson: LineStrings in lon/lat with `kind` "vehicle route" or "farm to
market") and ROADS (JSON {"segments": [[lon1, lat1, lon2, lat2], ...]}, the road network as the
run imported it), and draws the roads in grey, each vehicle route in its own colour and the
farm-to-market paths dashed, hubs, farms and markets marked, onto PNG (written as PNG.tmp and
renamed when complete). x is scaled by cos(latitude) so that the map is not stretched.

Needs Python 3 with matplotlib (Debian: python3-matplotlib). Exit codes: 0 done, 1 a bad input or
output (the message names the file), 2 a bad command line, 3 an internal error.
"""

import json
import math
import os
import sys

# bench/python/karst_script.py: ../../../bench/python from here in the source tree and in an
# install (share/karst/apps/routing/plot and share/karst/bench/python).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "bench", "python"))
import karst_script  # noqa: E402
from karst_script import InputError, UsageError  # noqa: E402

WHO = "routing.routes_png"
ROAD_GREY = "#9a9a9a"
ROUTE_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
                 "#17becf"]
DPI = 110


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(path, f"cannot be read as JSON ({e})") from None


def routes_of(doc, path):
    """[(kind, properties, [(lon, lat), ...])] of the FeatureCollection's LineStrings."""
    out = []
    for k, feature in enumerate(doc.get("features", [])):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") != "LineString":
            raise InputError(path, f"feature {k} is not a LineString")
        props = feature.get("properties") or {}
        out.append((props.get("kind", ""), props, [tuple(p[:2]) for p in geometry["coordinates"]]))
    return out


def draw(routes, segments, png):
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    lats = [s[1] for s in segments] + [s[3] for s in segments]
    scale = math.cos(math.radians(sum(lats) / len(lats))) if lats else 1.0
    fig, ax = plt.subplots(figsize=(7.0, 7.0))
    ax.add_collection(LineCollection([[(s[0], s[1]), (s[2], s[3])] for s in segments],
                                     colors=ROAD_GREY, linewidths=0.6, zorder=1))
    trucks = 0
    for kind, props, line in routes:
        xs, ys = [p[0] for p in line], [p[1] for p in line]
        if kind == "vehicle route":
            colour = ROUTE_COLOURS[trucks % len(ROUTE_COLOURS)]
            tonnes, hours = props.get("tonnes", 0), props.get("hours", 0)
            label = f"truck {trucks + 1}: {tonnes:g} t, {hours:.2f} h"
            ax.plot(xs, ys, color=colour, linewidth=2.2, zorder=3, label=label)
            ax.plot(xs[0], ys[0], "s", color="black", markersize=7, zorder=5)  # the hub
            trucks += 1
        else:
            ax.plot(xs, ys, color="black", linewidth=1.0, linestyle="--", zorder=2)
            ax.plot(xs[0], ys[0], "o", color="#2ca02c", markersize=5, zorder=4)  # the farm
            ax.plot(xs[-1], ys[-1], "*", color="#d62020", markersize=11, zorder=4)  # the market
    ax.autoscale()
    ax.set_aspect(1.0 / scale)
    ax.set_xlabel("longitude (deg)")
    ax.set_ylabel("latitude (deg)")
    ax.set_title(f"{trucks} vehicle routes; dashed: farm to hub to market")
    if trucks:
        ax.legend(loc="best", fontsize=7)
    tmp = png + ".tmp"
    try:
        fig.savefig(tmp, dpi=DPI, format="png")
        os.replace(tmp, png)
    except OSError as e:
        raise InputError(png, f"cannot be written ({e})") from None
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.remove(tmp)


def main(argv):
    if len(argv) != 3:
        raise UsageError("expected ROUTES ROADS PNG")
    routes_path, roads_path, png = argv
    karst_script.require_modules(WHO, [("matplotlib", "python3-matplotlib")])
    routes = routes_of(load_json(routes_path), routes_path)
    segments = load_json(roads_path).get("segments")
    if not isinstance(segments, list) or not segments:
        raise InputError(roads_path, "no road segments")
    draw(routes, segments, png)
    return 0


if __name__ == "__main__":
    sys.exit(karst_script.run_main(WHO, main, usage_hint=" (routes_png.py ROUTES ROADS PNG)"))
