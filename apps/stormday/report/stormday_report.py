#!/usr/bin/env python3
"""stormday_report.py RUN: the report of a `karst stormday` run directory.

Reads RUN/stormday.json (schema karst-stormday/1) and the maps it names under `files`
(landcover.h5: ndvi, land_class; flood maps.h5: max_depth, and bed for the relief when present),
and writes
  RUN/report/ndvi.png, landcover.png, flood.png, routes.png, warnings.png   the figures
  RUN/report/figures.json   what each PNG draws (closed segments, routes, warning markers)
  RUN/stormday.html         all of it in one self-contained page (images as data URIs)
RUN/report/ is built as RUN/report.tmp/ and stormday.html as stormday.html.tmp, each renamed when
complete, so a failed report leaves no new file under a final name (an earlier report stays).
The map files and datasets are checked before anything is drawn; a JSON key is checked where it
is first read, and a missing one stops the report before anything is published. See
docs/stormday-report.md.

Needs Python 3 with numpy, matplotlib and h5py (Debian: python3-numpy python3-matplotlib
python3-h5py). Exit codes: 0 done, 1 a bad input or output (the message names the file and key or
dataset), 2 a bad command line, 3 an internal error.
"""

import json
import os
import sys

# bench/python/karst_script.py: ../../../bench/python from here in the source tree and in an
# install (share/karst/apps/stormday/report and share/karst/bench/python).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "bench", "python"))
import karst_script  # noqa: E402
from karst_script import InputError, UsageError  # noqa: E402

karst_script.use_siblings(__file__)
from report_data import load_summary  # noqa: E402

# module -> Debian package that provides it
MODULES = [("numpy", "python3-numpy"), ("matplotlib", "python3-matplotlib"),
           ("h5py", "python3-h5py")]


def input_file(run, summary, key, stage):
    """RUN/<files.key>, which must exist; `stage` says who should have written it."""
    rel = summary.get(f"files.{key}")
    if not isinstance(rel, str) or not rel:
        raise InputError(summary.file, f"key 'files.{key}' must be a path relative to the run")
    path = os.path.join(run, rel)
    if not os.path.isfile(path):
        raise InputError(path, f"does not exist (files.{key} in stormday.json; written by the "
                               f"{stage} stage)")
    return path


def read_maps(path, names, optional, shape):
    """{name: float array [ny, nx]} of the datasets `names` (and of `optional` where present)."""
    import h5py
    import numpy as np

    out = {}
    try:
        with h5py.File(path, "r") as f:
            for name in names + optional:
                if name not in f:
                    if name in optional:
                        continue
                    raise InputError(path, f"has no dataset '{name}'")
                ds = f[name]
                if not isinstance(ds, h5py.Dataset) or tuple(ds.shape) != shape:
                    got = tuple(ds.shape) if isinstance(ds, h5py.Dataset) else "a group"
                    raise InputError(path, f"dataset '{name}' is {got}, expected {shape} "
                                           "(county.grid ny, nx)")
                out[name] = np.asarray(ds[()], dtype=float)
    except OSError as e:
        raise InputError(path, f"cannot be read as HDF5: {e}")
    return out


def read_inputs(run):
    summary = load_summary(os.path.join(run, "stormday.json"))
    shape = (int(summary.number("county.grid.ny")), int(summary.number("county.grid.nx")))
    for key in ("dx_m", "x0_m", "y0_m"):
        summary.number(f"county.grid.{key}")
    landcover = input_file(run, summary, "landcover", "land-cover")
    flood = input_file(run, summary, "flood_maps", "flood")
    maps = read_maps(landcover, ["ndvi", "land_class"], [], shape)
    maps.update(read_maps(flood, ["max_depth"], ["bed"], shape))
    return summary, maps


def draw_figures(summary, maps, out_dir):
    """Every PNG into out_dir; {file name: what it draws}."""
    import report_maps as m

    bed = maps.get("bed")
    figures = [
        m.ndvi_map(summary, maps["ndvi"], out_dir),
        m.landcover_map(summary, maps["land_class"], out_dir),
        m.flood_map(summary, maps["max_depth"], bed, out_dir),
        m.routes_map(summary, maps["max_depth"], bed, out_dir),
        m.warning_timeline(summary, out_dir),
    ]
    return dict(figures)


def write_report(run, summary, maps):
    from report_html import write_report as write_page

    final_dir, tmp_dir = os.path.join(run, "report"), os.path.join(run, "report.tmp")
    final_html = os.path.join(run, "stormday.html")
    tmp_html = final_html + ".tmp"
    with karst_script.writing(run, tmp_dir, tmp_html):
        karst_script.fresh_dir(tmp_dir)
        figures = draw_figures(summary, maps, tmp_dir)
        with open(os.path.join(tmp_dir, "figures.json"), "w", encoding="utf-8") as f:
            json.dump({"schema": "karst-stormday-report/1", "figures": figures}, f, indent=1)
            f.write("\n")
        write_page(tmp_html, summary, tmp_dir)
        # report.tmp -> report (replacing an earlier one), then the page: the page comes last, so
        # a stormday.html always has its report/ beside it.
        karst_script.publish(tmp_dir, final_dir, [(tmp_html, final_html)])
    return final_html


def run(argv):
    if len(argv) != 1 or argv[0].startswith("-"):
        raise UsageError("usage: stormday_report.py RUN (a karst stormday run directory)")
    run_dir = argv[0]
    if not os.path.isdir(run_dir):
        raise InputError(run_dir, "is not a directory (give a karst stormday run directory)")
    karst_script.require_modules("stormday report", MODULES)
    summary, maps = read_inputs(run_dir)
    page = write_report(run_dir, summary, maps)
    print(f"stormday report: wrote {page} and {os.path.join(run_dir, 'report')}/")
    return 0


def main(argv=None):
    return karst_script.run_main("stormday report", run, argv)


if __name__ == "__main__":
    sys.exit(main())
