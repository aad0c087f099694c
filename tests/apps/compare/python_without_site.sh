#!/usr/bin/env bash
# A Python 3 that sees only its standard library (no site or dist-packages, PYTHON* ignored):
# stands in for a machine without python3-matplotlib in the KARST_PYTHON test.
exec python3 -S -E "$@"
