"""What the stormday report reads, and the one rule by which it shows a number.

Every figure in stormday.html is looked up by its JSON path in RUN/stormday.json and rendered by
`render(value, fmt, null)`, and the page marks it with that path and format
(`<td data-json="routing.totals.extra_km" data-fmt="f2">12.40</td>`), so a test can recompute
every cell from the JSON (docs/stormday-report.md, "The data-json rule"). Stdlib only: the tests
re-implement the rule rather than import it.
"""

import json
import math
import re

from karst_script import InputError

SCHEMA = "karst-stormday/1"
NULL_TEXT = "\u2014"  # em dash


# ---- JSON paths ----------------------------------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_steps(path):
    """'routing.trucks[0].dry' -> ['routing', 'trucks', 0, 'dry']."""
    return [name if name else int(index) for name, index in _STEP.findall(path)]


class Summary:
    """stormday.json, read through JSON paths so a missing key names its path and the file."""

    def __init__(self, data, file):
        self.data = data
        self.file = file

    def get(self, path):
        v = self.data
        for step in path_steps(path):
            missing = (
                not isinstance(v, list) or step >= len(v)
                if isinstance(step, int)
                else not isinstance(v, dict) or step not in v
            )
            if missing:
                raise InputError(self.file, f"missing key '{path}'")
            v = v[step]
        return v

    def has(self, path):
        """Whether the summary has `path`: figures beyond the contract's minimum are optional."""
        try:
            self.get(path)
            return True
        except InputError:
            return False

    def items(self, path):
        """[(path of item i, item)] of the array at `path`."""
        v = self.get(path)
        if not isinstance(v, list):
            raise InputError(self.file, f"key '{path}' must be an array")
        return [(f"{path}[{i}]", item) for i, item in enumerate(v)]

    def number(self, path, allow_null=False):
        v = self.get(path)
        if v is None and allow_null:
            return None
        if not is_number(v):
            raise InputError(self.file, f"key '{path}' must be a number")
        return float(v)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def load_summary(file):
    try:
        with open(file, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise InputError(file, "does not exist (the stormday run writes it before the report)")
    except json.JSONDecodeError as e:
        raise InputError(file, f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}")
    except UnicodeDecodeError:
        raise InputError(file, "not valid JSON: not UTF-8 text")
    except OSError as e:
        raise InputError(file, f"cannot be read: {e.strerror}")
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        raise InputError(file, f"schema is {found!r}, expected '{SCHEMA}'")
    return Summary(data, file)


# ---- The data-json rule ----------------------------------------------------------------------


def _hms(seconds):
    """H:MM:SS, to the nearest second (Python's round: halves to even)."""
    s = round(seconds)
    sign, s = ("-" if s < 0 else ""), abs(s)
    return f"{sign}{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


# fmt -> how a JSON number (or bool, or string) becomes text. Kept in step with
# docs/stormday-report.md and tests/apps/stormday/report/check_figures.py.
FORMATS = {
    "str": lambda v: str(v),
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


def render(value, fmt, null=None):
    """The text of one marked figure: null -> `null` (default an em dash), else FORMATS[fmt]."""
    if value is None:
        return NULL_TEXT if null is None else null
    if fmt in ("yesno", "still"):
        ok = isinstance(value, bool)
    elif fmt == "str":
        ok = isinstance(value, str)
    else:
        ok = is_number(value)
    if not ok:
        raise TypeError(f"{value!r} cannot be shown as {fmt}")
    return FORMATS[fmt](value)
