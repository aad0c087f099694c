"""The PNG figures of the stormday report: four maps in map metres and the warning timeline.

Each function draws from the summary (stormday.json) and the map arrays only, writes one PNG into
`out_dir` and returns (file name, what it drew), so report/figures.json can say exactly which
roads, routes and warnings are in which image (the tests check those rather than pixels).
"""

import math
import os
import warnings

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import BoundaryNorm, LightSource, ListedColormap, is_color_like  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from karst_script import InputError  # noqa: E402

# A map raster has at most this many cells per side in a PNG: more only makes the HTML heavy.
MAX_PX = 1000
# Cells shallower than this are drawn dry (transparent): puddles would cover the whole county.
DRY_M = 0.01
LEVELS = ["blue", "yellow", "orange", "red"]
# Warning colours as drawn; yellow is darkened so that it shows on white.
LEVEL_COLOURS = {"blue": "#1f5fd1", "yellow": "#d8b400", "orange": "#f07f00", "red": "#d62020"}
ROAD_GREY = "#6e6e6e"
CLOSED_RED = "#e0201b"
# Route colours: tab10 without its red and grey, which mean closed roads and open roads here.
ROUTE_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
                 "#17becf"]
MAP_SIZE = (7.0, 6.2)  # inches; at DPI about 770 x 680 px, shown 560 px wide in the page
DPI = 110


# ---- Rasters -----------------------------------------------------------------------------------


def stride(shape):
    """Cells per PNG pixel so that neither side exceeds MAX_PX."""
    return max(1, math.ceil(max(shape) / MAX_PX))


def reduce_blocks(a, s, how):
    """s x s blocks of `a` reduced by `how` ('max' or 'mean', NaN-aware), the edge padded with NaN.
    Block max keeps the deepest water of a block, so downsampling never hides a flood peak."""
    if s == 1:
        return a
    ny, nx = a.shape
    py, px = -ny % s, -nx % s
    padded = np.pad(a.astype(float), ((0, py), (0, px)), constant_values=np.nan)
    blocks = padded.reshape((ny + py) // s, s, (nx + px) // s, s)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN blocks stay NaN, silently
        return np.nanmax(blocks, axis=(1, 3)) if how == "max" else np.nanmean(blocks, axis=(1, 3))


def extent(grid, shape, s):
    """imshow extent (left, right, bottom, top) in map metres of a raster of `shape` at stride s
    (a padded last block reaches past the grid by under s cells)."""
    w, h = shape[1] * s * grid["dx_m"], shape[0] * s * grid["dx_m"]
    return (grid["x0_m"], grid["x0_m"] + w, grid["y0_m"] - h, grid["y0_m"])


def hillshade(bed, dx):
    """Grey relief in [0, 1] from the bed elevation, lit from the north-west; None without a bed."""
    if bed is None:
        return None
    filled = np.where(np.isfinite(bed), bed, np.nanmin(bed))
    return LightSource(azdeg=315, altdeg=40).hillshade(filled, vert_exag=2.0, dx=dx, dy=dx)


def draw_relief(ax, relief, ext, light=False):
    """The hillshade, or a flat grey land when the run has no bed elevation."""
    if relief is None:
        ax.set_facecolor("#e4e4e4" if light else "#d0d0d0")
        return
    lo = 0.55 if light else 0.3
    ax.imshow(lo + (1 - lo) * relief, cmap="gray", vmin=0, vmax=1, extent=ext,
              interpolation="nearest")


def frame(ax, grid, title):
    """Map axes: metres east and north, equal scale, the whole county."""
    ax.set_xlim(grid["x0_m"], grid["x0_m"] + grid["nx"] * grid["dx_m"])
    ax.set_ylim(grid["y0_m"] - grid["ny"] * grid["dx_m"], grid["y0_m"])
    ax.set_aspect("equal")
    ax.set_xlabel("x (east) [m]")
    ax.set_ylabel("y (north) [m]")
    ax.set_title(title, fontsize=11)
    ax.tick_params(labelsize=8)


def save(fig, out_dir, name):
    # tight: legends placed beside the axes stay in the picture
    fig.savefig(os.path.join(out_dir, name), dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return name


# ---- Roads ---------------------------------------------------------------------------------------


class Roads:
    """The network of stormday.json 'roads', checked once so every map can draw from it."""

    def __init__(self, summary):
        self.file = summary.file
        self.xy = [tuple(map(float, p)) for p in summary.get("roads.nodes_xy")]
        self.segments = []
        for path, seg in summary.items("roads.segments"):
            if not isinstance(seg, list) or len(seg) != 3:
                raise InputError(self.file, f"{path} must be [from, to, kind]")
            a, b, kind = seg
            self.node(a, path)
            self.node(b, path)
            self.segments.append((int(a), int(b), str(kind)))

    def node(self, i, where):
        if not isinstance(i, int) or not 0 <= i < len(self.xy):
            raise InputError(self.file, f"{where}: node {i!r} is not in roads.nodes_xy")
        return self.xy[i]

    def lines(self, indices):
        return [[self.xy[self.segments[k][0]], self.xy[self.segments[k][1]]] for k in indices]

    def draw(self, ax, indices, colour, width, z, style="solid"):
        ax.add_collection(LineCollection(self.lines(indices), colors=colour, linewidths=width,
                                         linestyles=style, zorder=z, capstyle="round"))

    def path_xy(self, nodes, where):
        return [self.node(n, where) for n in nodes]


def closed_segments(summary, n_segments):
    """Indices of every segment with a closure, and of those still closed when the flood ends."""
    closed, open_ended = set(), set()
    for path, c in summary.items("flood.closures"):
        k = summary.get(f"{path}.segment")
        if not isinstance(k, int) or not 0 <= k < n_segments:
            raise InputError(summary.file, f"{path}.segment {k!r} is not in roads.segments")
        closed.add(k)
        if summary.get(f"{path}.end_s") is None:
            open_ended.add(k)
    return sorted(closed), sorted(open_ended)


def label(ax, xy, text, colour, bold=False):
    """A name beside a point; to its left in the east third so it stays inside the map."""
    left, right = ax.get_xlim()
    west = xy[0] > left + 0.66 * (right - left)
    ax.annotate(text, xy, textcoords="offset points", xytext=(-6, 5) if west else (6, 5),
                ha="right" if west else "left", fontsize=8, color=colour,
                fontweight="bold" if bold else "normal", zorder=9,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))


def draw_markets(ax, summary, roads, labelled=True):
    names = []
    for path, m in summary.items("county.markets"):
        xy = roads.node(summary.get(f"{path}.node"), path)
        ax.plot(*xy, marker="*", ms=15, mfc="#ffd400", mec="black", mew=0.8, zorder=8, ls="none")
        if labelled:
            label(ax, xy, summary.get(f"{path}.name"), "black")
        names.append(summary.get(f"{path}.name"))
    return names


# ---- The figures ---------------------------------------------------------------------------------


def ndvi_map(summary, ndvi, out_dir):
    grid = summary.get("county.grid")
    s = stride(ndvi.shape)
    small = reduce_blocks(ndvi, s, "mean")
    fig, ax = plt.subplots(figsize=MAP_SIZE)
    im = ax.imshow(small, cmap="RdYlGn", vmin=-0.2, vmax=0.9, extent=extent(grid, small.shape, s),
                   interpolation="nearest")
    fig.colorbar(im, ax=ax, shrink=0.8, label="NDVI")
    frame(ax, grid, "Fused NDVI (STARFM, today)")
    fig.tight_layout()
    return save(fig, out_dir, "ndvi.png"), {"kind": "ndvi", "stride": s, "shape": list(small.shape)}


def landcover_map(summary, land_class, out_dir):
    grid = summary.get("county.grid")
    classes = summary.items("landcover.classes")
    colours = [summary.get(f"{p}.colour") for p, _ in classes]
    names = [summary.get(f"{p}.name") for p, _ in classes]
    for (p, _), colour in zip(classes, colours):
        if not is_color_like(colour):
            raise InputError(summary.file, f"{p}.colour {colour!r} is not a colour (#rrggbb)")
    s = stride(land_class.shape)
    small = land_class[::s, ::s].astype(float)  # classes cannot be averaged: take one cell a block
    small = np.where((small >= 0) & (small < len(classes)), np.rint(small), np.nan)
    fig, ax = plt.subplots(figsize=MAP_SIZE)
    cmap = ListedColormap(colours)
    cmap.set_bad((1, 1, 1, 0))  # cells without a class: transparent
    ax.imshow(np.ma.masked_invalid(small), cmap=cmap,
              norm=BoundaryNorm(np.arange(len(classes) + 1) - 0.5, len(classes)),
              extent=extent(grid, small.shape, s), interpolation="nearest")
    handles = [Patch(facecolor=c, edgecolor="black", lw=0.5, label=n)
               for c, n in zip(colours, names)]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              title="class", title_fontsize=8)
    frame(ax, grid, "Land-cover classes (from NDVI)")
    fig.tight_layout()
    return save(fig, out_dir, "landcover.png"), {"kind": "landcover", "classes": names,
                                                 "colours": colours, "stride": s}


def flood_map(summary, max_depth, bed, out_dir):
    grid = summary.get("county.grid")
    roads = Roads(summary)
    closed, still = closed_segments(summary, len(roads.segments))
    s = stride(max_depth.shape)
    depth = reduce_blocks(max_depth, s, "max")
    ext = extent(grid, depth.shape, s)
    top = summary.number("flood.max_depth_m")
    fig, ax = plt.subplots(figsize=MAP_SIZE)
    frame(ax, grid, "Maximum flood depth and closed roads")  # first: labels read its limits
    draw_relief(ax, hillshade(reduce_blocks(bed, s, "mean") if bed is not None else None,
                              grid["dx_m"] * s), ext)
    # Blues from a third in: its palest blues vanish on the grey relief.
    water = ListedColormap(plt.get_cmap("Blues")(np.linspace(0.35, 1.0, 256)))
    im = ax.imshow(np.ma.masked_where(~(depth >= DRY_M), depth), cmap=water, vmin=0,
                   vmax=top if top > 0 else 1.0, extent=ext, interpolation="nearest", zorder=2)
    fig.colorbar(im, ax=ax, shrink=0.8, label="max depth [m]")
    roads.draw(ax, range(len(roads.segments)), ROAD_GREY, 1.2, 4)
    roads.draw(ax, closed, CLOSED_RED, 3.0, 5)
    bridges = [k for k, seg in enumerate(roads.segments) if seg[2] == "bridge"]
    for k in bridges:
        (xa, ya), (xb, yb) = roads.lines([k])[0]
        edge = CLOSED_RED if k in closed else "black"
        ax.plot((xa + xb) / 2, (ya + yb) / 2, marker="s", ms=7, mfc="white", mec=edge, mew=1.5,
                zorder=7, ls="none")
    markets = draw_markets(ax, summary, roads)
    cut = []
    for path, v in summary.items("routing.villages_cut_off"):
        name = summary.get(f"{path}.name")
        node = village_node(summary, name)
        xy = roads.node(node, f"county.villages ({name})")
        ax.plot(*xy, marker="^", ms=9, mfc=CLOSED_RED, mec="black", mew=0.8, zorder=8, ls="none")
        label(ax, xy, name, CLOSED_RED, bold=True)
        cut.append(name)
    ax.legend(handles=[
        Line2D([], [], color=ROAD_GREY, lw=1.2, label="road"),
        Line2D([], [], color=CLOSED_RED, lw=3.0, label="closed by the flood"),
        Line2D([], [], marker="s", ms=7, mfc="white", mec="black", ls="none", label="bridge"),
        Line2D([], [], marker="*", ms=12, mfc="#ffd400", mec="black", ls="none", label="market"),
        Line2D([], [], marker="^", ms=8, mfc=CLOSED_RED, mec="black", ls="none",
               label="village cut off"),
    ], fontsize=7, loc="lower right", framealpha=0.85)
    fig.tight_layout()
    return save(fig, out_dir, "flood.png"), {
        "kind": "flood", "closed_segments": closed, "still_closed_segments": still,
        "bridges": bridges, "markets": markets, "villages_cut_off": cut,
        "depth_scale_max_m": top, "dry_below_m": DRY_M, "stride": s}


def village_node(summary, name):
    for path, _ in summary.items("county.villages"):
        if summary.get(f"{path}.name") == name:
            return summary.get(f"{path}.node")
    raise InputError(summary.file, f"routing.villages_cut_off names '{name}', which is not in "
                                   "county.villages")


def changed_trucks(summary):
    return [(p, t) for p, t in summary.items("routing.trucks") if summary.get(f"{p}.changed")]


def route_label(summary, p):
    dry = summary.get(f"{p}.dry.market")
    storm = summary.get(f"{p}.storm.market")
    storm_text = f"storm \u2192 {storm}" if storm is not None else "storm: unreachable"
    return f"{summary.get(f'{p}.farm')}: dry \u2192 {dry} (dashed), {storm_text}"


def routes_map(summary, max_depth, bed, out_dir):
    grid = summary.get("county.grid")
    roads = Roads(summary)
    closed, _ = closed_segments(summary, len(roads.segments))
    s = stride(max_depth.shape)
    depth = reduce_blocks(max_depth, s, "max")
    ext = extent(grid, depth.shape, s)
    fig, ax = plt.subplots(figsize=MAP_SIZE)
    frame(ax, grid, "Changed truck routes: dry day dashed, storm day solid")  # first: see flood_map
    draw_relief(ax, hillshade(reduce_blocks(bed, s, "mean") if bed is not None else None,
                              grid["dx_m"] * s), ext, light=True)
    # The flood, faint: context for why a route moved, not a figure to read depths from.
    ax.imshow(np.ma.masked_where(~(depth >= DRY_M), depth), cmap=ListedColormap(["#9cc3ea"]),
              extent=ext, interpolation="nearest", alpha=0.7, zorder=2)
    roads.draw(ax, range(len(roads.segments)), "#9a9a9a", 1.0, 3)
    roads.draw(ax, closed, "#f08a86", 2.0, 3.5)
    drawn, handles = [], []
    for i, (p, _) in enumerate(changed_trucks(summary)):
        colour = ROUTE_COLOURS[i % len(ROUTE_COLOURS)]
        dry = summary.get(f"{p}.dry.path_nodes")
        storm = summary.get(f"{p}.storm.path_nodes")
        if len(storm) >= 2:
            ax.plot(*zip(*roads.path_xy(storm, f"{p}.storm.path_nodes")), color=colour, lw=3.2,
                    solid_capstyle="round", zorder=5)
        if len(dry) >= 2:
            ax.plot(*zip(*roads.path_xy(dry, f"{p}.dry.path_nodes")), color=colour, lw=2.0,
                    ls=(0, (4, 2.5)), zorder=6)
        start = dry[0] if dry else (storm[0] if storm else None)
        if start is not None:
            ax.plot(*roads.node(start, p), marker="o", ms=9, mfc=colour, mec="black", zorder=7,
                    ls="none")
        handles.append(Line2D([], [], color=colour, lw=3, marker="o", mec="black",
                              label=route_label(summary, p)))
        drawn.append({"truck": p, "farm": summary.get(f"{p}.farm"), "dry_nodes": dry,
                      "storm_nodes": storm})
    markets = draw_markets(ax, summary, roads)
    if not drawn:
        ax.text(0.5, 0.5, "no truck changed its route", transform=ax.transAxes, ha="center",
                fontsize=12, bbox=dict(fc="white", ec="#999999"))
    handles.append(Line2D([], [], color="#f08a86", lw=2, label="closed road"))
    ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1),
              ncol=1, frameon=False)
    fig.tight_layout()
    return save(fig, out_dir, "routes.png"), {"kind": "routes", "trucks": drawn,
                                              "markets": markets, "closed_segments": closed}


def warning_timeline(summary, out_dir):
    names = summary.get("flood.gauges.names")
    hours = [summary.number(p) / 3600 for p, _ in summary.items("flood.gauges.time_s")]
    depth = [row for _, row in summary.items("flood.gauges.depth_m")]
    if len(depth) != len(hours) or any(len(r) != len(names) for r in depth):
        raise InputError(summary.file, "flood.gauges.depth_m must have one row per time_s and one "
                                       "value per gauge in each row")
    rows = max(1, len(names))
    fig, axes = plt.subplots(rows, 1, figsize=(11.0, 1.0 + 1.7 * rows), sharex=True, squeeze=False)
    markers = []
    for g, name in enumerate(names):
        ax = axes[g][0]
        ax.plot(hours, [r[g] for r in depth], color="black", lw=1.4)
        for level, h in zip(LEVELS, summary.get(f"flood.gauges.thresholds_m[{g}]")):
            ax.axhline(h, color=LEVEL_COLOURS[level], lw=1.2, ls="--")
        markers += warning_markers(summary, ax, g, name)
        ax.set_ylabel("depth [m]", fontsize=8)
        ax.set_title(name, fontsize=9, loc="left")
        ax.grid(alpha=0.25)
        ax.tick_params(labelsize=8)
    unknown = [w for _, w in summary.items("flood.warnings") if w.get("gauge") not in names]
    if unknown:
        raise InputError(summary.file, f"flood.warnings names gauge '{unknown[0].get('gauge')}', "
                                       "which is not in flood.gauges.names")
    axes[-1][0].set_xlabel("time since the storm began [h]")
    fig.legend(handles=[Line2D([], [], color=LEVEL_COLOURS[lv], lw=1.2, ls="--", marker="v",
                               mec="black", label=f"{lv} threshold / warning") for lv in LEVELS],
               loc="upper right", ncol=4, fontsize=8, frameon=False)
    fig.suptitle("Gauge depths and warnings", x=0.01, ha="left", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return save(fig, out_dir, "warnings.png"), {"kind": "warnings", "gauges": names,
                                                "markers": markers}


def warning_markers(summary, ax, g, name):
    """A triangle on the threshold line at the time each warning was issued for gauge g."""
    thresholds = summary.get(f"flood.gauges.thresholds_m[{g}]")
    drawn = []
    for p, w in summary.items("flood.warnings"):
        if w.get("gauge") != name:
            continue
        level = summary.get(f"{p}.level")
        if level not in LEVELS:
            raise InputError(summary.file, f"{p}.level '{level}' is not one of {LEVELS}")
        t = summary.number(f"{p}.time_s")
        h = thresholds[LEVELS.index(level)]
        ax.axvline(t / 3600, color=LEVEL_COLOURS[level], lw=0.8, ls=":")
        ax.plot(t / 3600, h, marker="v", ms=10, mfc=LEVEL_COLOURS[level], mec="black", zorder=5,
                ls="none")
        drawn.append({"gauge": name, "level": level, "time_s": t})
    return drawn
