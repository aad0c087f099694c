#!/usr/bin/env python3
"""make_fixture.py RUN [--omit FILE] [--omit-dataset NAME] [--no-bed]: a small, complete stormday
run directory for the report tests, written the way the C++ orchestrator writes one.

A 64 x 64-cell county of 50 m cells: a river west to east with a road on each bank, two bridges
across it and one at the west end, hill roads to the north, a spur road south to a village.
The flood closes five segments (one of them still closed at the end). Four trucks: one rerouted
over the hills, one late (its farm is cut off for a while), one whose village is cut off for good
(unreachable), one untouched. Two villages cut off, one of them reconnected.
The numbers are consistent with each other (distances from the node coordinates, times from the
road speeds, totals from the trucks), so the report shows a believable storm day.

Needs python3 with numpy and h5py. --omit and --omit-dataset make the broken runs of the error
tests; --no-bed drops the bed elevation, which the report treats as optional.
"""

import argparse
import json
import math
import os

import h5py
import numpy as np

NY = NX = 64
DX = 50.0
X0, Y0 = 0.0, 3200.0
DURATION = 10800.0
SPEED = {"valley": 15.0, "town": 8.0, "bridge": 10.0, "hill": 8.0, "switchback": 5.0, "spur": 8.0}

NODES = [
    (200, 1900), (1000, 1900), (1800, 1900), (2600, 1900), (3000, 1900),  # north bank, 4 = town
    (200, 1300), (1000, 1300), (1800, 1300), (2600, 1300),  # south bank
    (1000, 2700), (2200, 3100),  # hills
    (1800, 500),  # the spur's end: Baiyun
    (400, 2900),  # the Wu family farm
]
SEGMENTS = [
    (0, 1, "valley"), (1, 2, "valley"), (2, 3, "valley"), (3, 4, "town"),
    (5, 6, "valley"), (6, 7, "valley"), (7, 8, "valley"),
    (1, 6, "bridge"), (3, 8, "bridge"),
    (1, 9, "switchback"), (9, 10, "hill"), (10, 4, "hill"), (12, 0, "switchback"),
    (7, 11, "spur"), (5, 0, "bridge"),
]
# (segment, begin, end or None): what the flood closes.
CLOSURES = [(6, 2400.0, 6000.0), (1, 2700.0, 7200.0), (8, 3000.0, 5400.0), (7, 3300.0, 4500.0),
            (13, 3600.0, None)]
MARKETS = [("Anshun road market", 4), ("Qingyan market", 5)]
VILLAGES = [("Longtan", 9, 280), ("Shuikou", 8, 610), ("Baiyun", 11, 430)]
CLASSES = [  # name, colour, Manning n, infiltration mm/h, NDVI upper bound
    ("water", "#2f6fd6", 0.030, 0.0, 0.05),
    ("town", "#9e9e9e", 0.015, 2.0, 0.25),
    ("paddy field", "#e8d36b", 0.040, 8.0, 0.55),
    ("karst shrub", "#a7c957", 0.060, 15.0, 0.70),
    ("forest", "#2d6a4f", 0.090, 25.0, 2.0),
]
GAUGES = [  # name, thresholds, base depth, peak rise, peak time
    ("Longtan upstream", [0.5, 1.0, 1.5, 2.0], 0.3, 1.4, 3600.0),
    ("Shuikou bridge", [1.0, 1.5, 2.0, 2.5], 0.6, 2.2, 4200.0),
    ("town riverside", [0.8, 1.2, 1.6, 2.2], 0.5, 0.9, 4800.0),
]
LEVELS = ["blue", "yellow", "orange", "red"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run")
    p.add_argument("--omit", action="append", default=[],
                   help="a file (relative to RUN) to leave out")
    p.add_argument("--omit-dataset", action="append", default=[],
                   help="an HDF5 dataset to leave out")
    p.add_argument("--no-bed", action="store_true", help="no bed elevation in flood/maps.h5")
    return p.parse_args()


# ---- Maps ----------------------------------------------------------------------------------------


def cell_xy():
    j, i = np.meshgrid(np.arange(NX), np.arange(NY))
    return X0 + (j + 0.5) * DX, Y0 - (i + 0.5) * DX


def river_y(x):
    return 1600.0 + 120.0 * np.sin(2 * math.pi * x / 3200.0)


def segment_mid(k):
    a, b, _ = SEGMENTS[k]
    return (NODES[a][0] + NODES[b][0]) / 2, (NODES[a][1] + NODES[b][1]) / 2


def maps():
    """(bed, max_depth, ndvi, land_class): a valley with hills, the flooded river and floodplain
    with deeper water over every closed road, and vegetation that follows the height."""
    x, y = cell_xy()
    off = np.abs(y - river_y(x))
    bed = 900.0 - 0.01 * x + 0.08 * off + 25.0 * np.sin(x / 260.0) * np.cos(y / 310.0) * (off > 500)
    channel = np.where(off < 120, 2.6 - off / 120.0, 0.0)
    depth = channel + np.where(off < 420, 0.9 * (1 - off / 420), 0.0)
    for k, _, _ in CLOSURES:
        mx, my = segment_mid(k)
        depth += 1.3 * np.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2 * 180.0**2))
    depth = np.where(depth > 0.02, depth, 0.0)
    ndvi = 0.25 + 0.0012 * np.minimum(off, 600.0) - 0.05 * np.cos(x / 200.0)
    ndvi -= 0.3 * (np.sin(x / 170.0) * np.sin(y / 230.0) > 0.4)  # terraces and bare karst
    ndvi = np.where(off < 90, -0.1, ndvi)
    ndvi = np.where((x > 2700) & (off < 600) & (off >= 90), 0.15, ndvi)  # the town
    land = np.zeros_like(ndvi)
    for c, (*_, upper) in reversed(list(enumerate(CLASSES))):
        land = np.where(ndvi < upper, c, land)
    return bed, depth, ndvi, land


def write_h5(path, datasets, omit):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with h5py.File(path, "w") as f:
        for name, a in datasets.items():
            if name not in omit:
                f.create_dataset(name, data=np.asarray(a, dtype=np.float64))


# ---- The storm day -------------------------------------------------------------------------------


def seg_between(a, b):
    for k, (p, q, kind) in enumerate(SEGMENTS):
        if {p, q} == {a, b}:
            return k, kind
    raise KeyError((a, b))


def drive(nodes, start_s):
    """(distance m, arrival s) along a node path at the road speeds."""
    dist, t = 0.0, start_s
    for a, b in zip(nodes, nodes[1:]):
        _, kind = seg_between(a, b)
        length = math.dist(NODES[a], NODES[b])
        dist, t = dist + length, t + length / SPEED[kind]
    return dist, t


def trip(market, nodes, start_s, wait_s=0.0):
    dist, arrival = drive(nodes, start_s + wait_s)
    return {"market": market, "arrival_s": arrival, "distance_m": dist, "path_nodes": nodes}


def truck(farm, produce, tonnes, departure, deadline_h, dry, storm, status):
    """A truck record: dry = (market, nodes); storm = (market, nodes, wait), None: unreachable."""
    d = trip(dry[0], dry[1], departure)
    if storm is None:
        s = {"market": None, "arrival_s": None, "distance_m": None, "wait_s": 0.0,
             "path_nodes": [], "status": status}
        changed, extra_d, extra_t = True, 0.0, 0.0
    else:
        s = trip(storm[0], storm[1], departure, storm[2])
        s.update(wait_s=storm[2], status=status)
        changed = storm[1] != dry[1] or storm[0] != dry[0]
        extra_d, extra_t = s["distance_m"] - d["distance_m"], s["arrival_s"] - d["arrival_s"]
    return {"farm": farm, "produce": produce, "tonnes": tonnes, "departure_s": departure,
            "deadline_h": deadline_h, "dry": d, "storm": s, "changed": changed,
            "extra_distance_m": extra_d, "extra_time_s": extra_t}


def trucks():
    anshun, qingyan = MARKETS[0][0], MARKETS[1][0]
    return [
        # Over the hills: the north-bank valley road (segment 1) is closed when it gets there.
        truck("Wu family farm", "chilli", 6.5, 2900.0, 2.0, (anshun, [12, 0, 1, 2, 3, 4]),
              (anshun, [12, 0, 1, 9, 10, 4], 0.0), "on time"),
        # Shuikou is cut off until 5400 s: the truck waits, then drives its usual road, too late.
        truck("Yang tea garden", "tea", 2.0, 3200.0, 0.5, (anshun, [8, 3, 4]),
              (anshun, [8, 3, 4], 2200.0), "late"),
        # Baiyun's only road, the spur, closes for good before the truck leaves.
        truck("Baiyun co-op", "potatoes", 9.0, 4000.0, 4.0, (qingyan, [11, 7, 6, 5]), None,
              "unreachable"),
        truck("Longtan orchard", "plums", 3.0, 1200.0, 3.0, (anshun, [9, 10, 4]),
              (anshun, [9, 10, 4], 0.0), "on time"),
    ]


def villages_cut_off():
    return [
        {"name": "Shuikou", "population": 610, "cut_off_s": 2400.0, "first_s": 3000.0,
         "intervals": [[3000.0, 5400.0]], "still_cut_off": False},
        {"name": "Baiyun", "population": 430, "cut_off_s": DURATION - 3600.0, "first_s": 3600.0,
         "intervals": [[3600.0, None]], "still_cut_off": True},
    ]


def gauges():
    times = [300.0 * k for k in range(int(DURATION / 300) + 1)]
    depth = [[base + rise * math.exp(-(((t - peak) / 1500.0) ** 2))
              for _, _, base, rise, peak in GAUGES] for t in times]
    warnings = []
    for g, (name, thresholds, *_) in enumerate(GAUGES):
        for level, h in zip(LEVELS, thresholds):
            hit = next((t for t, row in zip(times, depth) if row[g] >= h), None)
            if hit is not None:
                warnings.append({"gauge": name, "level": level, "time_s": hit})
    warnings.sort(key=lambda w: w["time_s"])
    return {"names": [g[0] for g in GAUGES], "time_s": times, "depth_m": depth,
            "thresholds_m": [g[1] for g in GAUGES]}, warnings


def summary(depth, land):
    ts = trucks()
    cut = villages_cut_off()
    gauge_data, warnings = gauges()
    cells = [int((land == c).sum()) for c in range(len(CLASSES))]
    changed = [t for t in ts if t["changed"] and t["storm"]["market"] is not None]
    return {
        "schema": "karst-stormday/1",
        "county": {
            "name": "fixture county", "size": 0.0625, "seed": 7,
            "grid": {"ny": NY, "nx": NX, "dx_m": DX, "x0_m": X0, "y0_m": Y0},
            "markets": [{"name": n, "node": k} for n, k in MARKETS],
            "villages": [{"name": n, "node": k, "population": p} for n, k, p in VILLAGES],
        },
        "files": {"landcover": "landcover/landcover.h5", "flood_maps": "flood/maps.h5",
                  "road_hazard": "flood/road_hazard.h5", "routing": "routing/routing_impact.h5",
                  "county": "county.h5"},
        "roads": {"nodes_xy": [list(map(float, p)) for p in NODES],
                  "segments": [list(s) for s in SEGMENTS]},
        "landcover": {
            "classes": [{"name": n, "colour": col, "manning": m, "infiltration_mm_per_h": inf,
                         "cells": cells[c], "share": cells[c] / (NY * NX)}
                        for c, (n, col, m, inf, _) in enumerate(CLASSES)],
            "overall_accuracy": 0.9125, "ndvi_rmse": 0.04117, "starfm_rmse": 0.01873,
            "coarse_baseline_rmse": 0.05231, "seconds": 1.842,
        },
        "flood": {
            "max_depth_m": float(depth.max()), "duration_s": DURATION, "rain_scale": 1.0,
            "warnings": warnings, "gauges": gauge_data,
            "closures": [{"segment": k, "kind": SEGMENTS[k][2], "begin_s": b, "end_s": e}
                         for k, b, e in CLOSURES],
            "closed_segments": len({k for k, _, _ in CLOSURES}), "seconds": 12.61,
        },
        "routing": {
            "trucks": ts,
            "villages_cut_off": cut,
            "totals": {
                "trucks": len(ts), "trucks_rerouted": len(changed),
                "extra_km": sum(t["extra_distance_m"] for t in changed) / 1000,
                "tonnes_late": sum(t["tonnes"] for t in ts if t["storm"]["status"] == "late"),
                "tonnes_unreachable": sum(t["tonnes"] for t in ts
                                          if t["storm"]["status"] == "unreachable"),
                "villages_cut_off": len(cut), "people_cut_off": sum(v["population"] for v in cut),
            },
            "seconds": 0.412,
        },
        "timing": {"landcover_s": 1.915, "flood_s": 12.66, "routing_s": 0.43,
                   "end_to_end_s": 15.31},
    }


def main():
    args = parse_args()
    bed, depth, ndvi, land = maps()
    run = args.run
    os.makedirs(run, exist_ok=True)
    omit = set(args.omit_dataset) | ({"bed"} if args.no_bed else set())
    if "landcover/landcover.h5" not in args.omit:
        write_h5(os.path.join(run, "landcover/landcover.h5"), {"ndvi": ndvi, "land_class": land},
                 omit)
    if "flood/maps.h5" not in args.omit:
        write_h5(os.path.join(run, "flood/maps.h5"), {"max_depth": depth, "bed": bed}, omit)
    if "stormday.json" not in args.omit:
        with open(os.path.join(run, "stormday.json"), "w", encoding="utf-8") as f:
            json.dump(summary(depth, land), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
