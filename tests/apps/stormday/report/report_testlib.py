"""What the stormday report tests share: a Python that can draw the report, a fixture run, the
report run on it, and the data-json rule written out again independently of the script
(docs/stormday-report.md), so a slip in the script's formatting cannot hide behind itself.

The drivers themselves use only the standard library: ctest may start them with a Python (a
pyenv shim, say) that lacks h5py and matplotlib; they look for one that has them, as
`karst compare` does for matplotlib.
"""

import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "make_fixture.py")
NEEDED = "import h5py, matplotlib, numpy"


def find_python():
    """The first of $KARST_PYTHON, this interpreter, python3, /usr/bin/python3 that imports
    h5py, matplotlib and numpy; None if none does."""
    chosen = os.environ.get("KARST_PYTHON")
    candidates = [chosen] if chosen else [sys.executable, "python3", "/usr/bin/python3"]
    for python in candidates:
        try:
            done = subprocess.run([python, "-c", NEEDED], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        except OSError:
            continue
        if done.returncode == 0:
            return python
    return None


def need_python():
    python = find_python()
    if python is None:
        print("FAIL: no Python 3 with h5py, matplotlib and numpy; install the Debian packages "
              "python3-h5py python3-matplotlib python3-numpy")
    return python


def verdict(fails):
    """Prints every failure, then PASS when there is none; the test's exit code."""
    for f in fails:
        print(f"FAIL: {f}")
    if fails:
        return 1
    print("PASS")
    return 0


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def make_run(python, run, *options):
    """A fixture run directory at `run` (make_fixture.py options pass through)."""
    fresh(run)
    subprocess.run([python, "-B", FIXTURE, run, *options], check=True)
    return run


def run_report(python, script, run):
    """(exit code, stdout, stderr) of `stormday_report.py RUN`."""
    done = subprocess.run([python, "-B", script, run], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    return done.returncode, done.stdout, done.stderr


# ---- The data-json rule, again -------------------------------------------------------------------


def json_at(data, path):
    """The value at a JSON path like 'routing.trucks[0].dry.distance_m'; KeyError if absent."""
    v = data
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        v = v[int(index)] if index else v[name]
    return v


def _hms(seconds):
    s = round(seconds)
    sign, s = ("-" if s < 0 else ""), abs(s)
    return f"{sign}{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


RULE = {
    "str": str,
    "int": lambda v: str(round(v)),
    "g": lambda v: f"{v:g}",
    "f1": lambda v: f"{v:.1f}",
    "f2": lambda v: f"{v:.2f}",
    "f3": lambda v: f"{v:.3f}",
    "f4": lambda v: f"{v:.4f}",
    "km2": lambda v: f"{v / 1000:.2f}",
    "pct1": lambda v: f"{v * 100:.1f}%",
    "hms": _hms,
    "yesno": lambda v: "yes" if v else "no",
    "still": lambda v: "still cut off at the end" if v else "reconnected",
}


def expected_text(value, fmt, null):
    if value is None:
        return "\u2014" if null is None else null
    return RULE[fmt](value)


def leaves(v, path=""):
    """Every scalar in a JSON value: [(path, value)]."""
    if isinstance(v, dict):
        return [x for k, item in v.items() for x in leaves(item, f"{path}.{k}" if path else k)]
    if isinstance(v, list):
        return [x for i, item in enumerate(v) for x in leaves(item, f"{path}[{i}]")]
    return [(path, v)]
