#!/usr/bin/env python3
"""check_errors.py REPORT_SCRIPT WORK CASE: the report refuses a broken run directory with one
clear line on stderr and a non-zero exit, and leaves no new stormday.html or report/ behind.

Cases (one ctest test each):
  missing_maps      flood/maps.h5 absent                -> names the file
  missing_dataset   flood/maps.h5 without max_depth     -> names the file and the dataset
  missing_json      no stormday.json                    -> names it
  missing_key       stormday.json without 'routing'     -> names the missing JSON path
  no_modules        a Python without its site packages  -> names the Debian packages to install
  usage             no RUN argument                     -> exit 2 and the usage
  rerun_keeps       a failed rerun of a reported run    -> the earlier report is left untouched
"""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from report_testlib import fresh, make_run, need_python, run_report, verdict  # noqa: E402


def drop_routing(run):
    path = os.path.join(run, "stormday.json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    del data["routing"]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)


# case -> (fixture options, exit code, stderr regex, how to change the run before the report)
CASES = {
    "missing_maps": (["--omit", "flood/maps.h5"], 1,
                     r"^karst: .*/flood/maps\.h5: does not exist \(files\.flood_maps", None),
    "missing_dataset": (["--omit-dataset", "max_depth"], 1,
                        r"^karst: .*/flood/maps\.h5: has no dataset 'max_depth'$", None),
    "missing_json": (["--omit", "stormday.json"], 1, r"^karst: .*/stormday\.json: does not exist",
                     None),
    "missing_key": ([], 1, r"^karst: .*/stormday\.json: missing key 'routing\.", drop_routing),
    "no_modules": ([], 1, r"^karst: stormday report: .*not installed for .*python3-h5py"
                          r".*\(apt-get install .*python3-h5py\)$", None),
    "usage": ([], 2, r"^karst: stormday report: usage: stormday_report\.py RUN", None),
}


def run_cmd(cmd):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return done.returncode, done.stdout, done.stderr


def leftovers(run):
    names = ("stormday.html", "stormday.html.tmp", "report", "report.tmp", "report.old")
    return [n for n in names if os.path.exists(os.path.join(run, n))]


def check_refusal(rc, err, code, regex, run):
    fails = []
    lines = err.strip().splitlines()
    if rc != code:
        fails.append(f"exit code {rc}, expected {code}")
    if len(lines) != 1 or not re.search(regex, lines[0]):
        fails.append(f"stderr {err.strip()!r} is not one line matching {regex!r}")
    fails += [f"{n} was left in the run directory" for n in leftovers(run)]
    return fails


def case_refusal(python, script, work, case):
    options, code, regex, change = CASES[case]
    run = make_run(python, os.path.join(work, "run"), *options)
    if change:
        change(run)
    if case == "no_modules":  # -S -E: only the standard library, like a bare python3
        rc, out, err = run_cmd([python, "-S", "-E", "-B", script, run])
    elif case == "usage":
        rc, out, err = run_cmd([python, "-B", script])
    else:
        rc, out, err = run_report(python, script, run)
    print(f"exit {rc}; stdout {out.strip()!r}; stderr {err.strip()!r}")
    return check_refusal(rc, err, code, regex, run)


def case_rerun_keeps(python, script, work):
    """A report, then its flood maps vanish: the rerun fails and the first report stays."""
    run = make_run(python, os.path.join(work, "run"))
    rc, _, err = run_report(python, script, run)
    if rc != 0:
        return [f"the first report exited {rc}: {err.strip()}"]
    page = os.path.join(run, "stormday.html")
    with open(page, "rb") as f:
        before = f.read()
    os.remove(os.path.join(run, "flood", "maps.h5"))
    rc, out, err = run_report(python, script, run)
    print(f"rerun: exit {rc}; stderr {err.strip()!r}")
    fails = [] if rc == 1 else [f"the rerun exited {rc}, expected 1"]
    with open(page, "rb") as f:
        if f.read() != before:
            fails.append("the failed rerun changed the earlier stormday.html")
    if sorted(os.listdir(os.path.join(run, "report"))) != sorted(
            ["figures.json", "flood.png", "landcover.png", "ndvi.png", "routes.png",
             "warnings.png"]):
        fails.append("the failed rerun changed the earlier report/")
    fails += [f"{n} was left behind" for n in leftovers(run)
              if n not in ("stormday.html", "report")]
    return fails


def main():
    script, work, case = sys.argv[1:4]
    if case not in CASES and case != "rerun_keeps":
        print(f"FAIL: unknown case {case}")
        return 1
    python = need_python()
    if python is None:
        return 1
    fresh(work)
    if case == "rerun_keeps":
        fails = case_rerun_keeps(python, script, work)
    else:
        fails = case_refusal(python, script, work, case)
    return verdict(fails)


if __name__ == "__main__":
    sys.exit(main())
