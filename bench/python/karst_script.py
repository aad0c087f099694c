"""What karst's Python front ends share: bench/compare/karst_compare.py (`karst compare`) and
apps/stormday/report/stormday_report.py (the storm-day report).

  InputError, UsageError   a bad input or output (exit 1), a bad command line (exit 2)
  run_main                 the `main()` of a script: karst's exit codes and one-line messages
  require_modules          the third-party modules a script needs, with the Debian packages
  fresh_dir, writing, publish   outputs built under DIR.tmp and renamed into place when complete
  use_siblings             the script's own directory on sys.path, for its sibling modules

A script finds this module from its own location: it is bench/python/karst_script.py in the
source tree and share/karst/bench/python/karst_script.py in an install (bench/CMakeLists.txt), so
the path from bench/compare/ (../python) and from apps/stormday/report/ (../../../bench/python)
is the same in both. Each script puts that directory on sys.path, imports this module and calls
use_siblings(__file__) before importing its own modules. Standard library only.
"""

import contextlib
import importlib
import os
import shutil
import sys


class InputError(Exception):
    """A problem with an input or the output (exit 1); the message starts with where it is."""

    def __init__(self, where, what):
        super().__init__(f"{where}: {what}")


class UsageError(Exception):
    """A command line that cannot be understood (exit 2)."""


def use_siblings(script):
    """Puts the directory of `script` (the caller's __file__) first on sys.path. Python does so
    itself for the script it runs, except under -P or -I; this makes the imports not depend on
    how the interpreter was started."""
    here = os.path.dirname(os.path.abspath(script))
    if here not in sys.path:
        sys.path.insert(0, here)


def run_main(who, run, argv=None, usage_hint=""):
    """The exit code of `run(argv)` (argv defaults to sys.argv[1:]), every failure one line on
    stderr, as karst's C++ edge prints it: 0 done; 1 InputError (the message names the file);
    2 UsageError ("karst: WHO: message" + usage_hint); 130 interrupted; 3 anything else, an
    internal error (the traceback helps nobody here)."""
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except UsageError as e:
        print(f"karst: {who}: {e}{usage_hint}", file=sys.stderr)
        return 2
    except InputError as e:
        print(f"karst: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"karst: {who}: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        print(f"karst: {who}: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 3


def require_modules(who, modules):
    """Raises InputError at `who` unless every module of `modules`, [(module, Debian package)],
    imports: all missing ones in one message, so one apt-get line fixes them."""
    missing = []
    for module, package in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append((module, package))
    if missing:
        names = ", ".join(m for m, _ in missing)
        packages = " ".join(p for _, p in missing)
        raise InputError(
            who,
            f"{names} {'is' if len(missing) == 1 else 'are'} not installed for {sys.executable}; "
            f"install the Debian package{'s' if len(missing) > 1 else ''} {packages} "
            f"(apt-get install {packages})",
        )


# ---- Outputs built under a temporary name ------------------------------------------------------


def fresh_dir(path):
    """An empty directory at `path` (one left there by an earlier, failed attempt is removed)."""
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


def _remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        with contextlib.suppress(OSError):
            os.remove(path)


@contextlib.contextmanager
def writing(where, *temporaries):
    """Around the writing of an output into `temporaries` (DIR.tmp, FILE.tmp) and its publish():
    an OSError becomes InputError naming its file (or `where`), and, done or failed, none of the
    temporaries is left behind."""
    try:
        yield
    except OSError as e:
        raise InputError(e.filename or where, f"cannot be written: {e.strerror}") from None
    finally:
        for path in temporaries:
            _remove(path)


def publish(tmp, final, files=()):
    """Renames the directory `tmp` to `final`. An earlier `final` becomes final.old first and is
    removed only once the new one is in place. `files`, [(tmp file, final file)], are renamed after
    the directory and before final.old goes: a page that shows the directory's files comes last,
    so it always has them beside it."""
    old = final + ".old"
    if os.path.exists(final):
        if os.path.exists(old):
            shutil.rmtree(old)
        os.rename(final, old)
    os.rename(tmp, final)
    for tmp_file, final_file in files:
        os.replace(tmp_file, final_file)
    if os.path.exists(old):
        shutil.rmtree(old)
