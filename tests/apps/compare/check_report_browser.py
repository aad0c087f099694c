#!/usr/bin/env python3
"""check_report_browser.py KARST DATA WORK: report.html as a reader sees it.

Compares the fixture runs, opens report.html in headless Chromium, takes a 1200x2000 screenshot
and checks that it is not blank: a page whose images failed to load is white and grey text, so
besides many distinct colours it must have a large area of saturated colour (the plots' bars and
roofline lines). Without Chromium it exits 77, which ctest reports as skipped (SKIP_RETURN_CODE).
Stdlib only, so any python3 can run it.
"""

import os
import shutil
import struct
import subprocess
import sys
import zlib

SKIP = 77


def decode_png(path):
    """(width, height, channels, rows of bytes) of an 8-bit, non-interlaced grey/RGB/RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(
            f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})"
        )
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = prev[i], prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def colour_stats(path):
    width, height, channels, rows = decode_png(path)
    colours, saturated = set(), 0
    for row in rows:
        for x in range(0, len(row), channels):
            px = row[x : x + min(channels, 3)]
            colours.add(px)
            if channels >= 3 and max(px) - min(px) > 60:
                saturated += 1
    return width, height, len(colours), saturated


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    karst, data, work = sys.argv[1:4]
    browser = find_chromium()
    if browser is None:
        print("SKIPPED: no headless browser: chromium is not installed (apt-get install chromium)")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out = os.path.join(work, "out")
    cmd = [
        karst,
        "compare",
        "--quiet",
        "--out",
        out,
        os.path.join(data, "runA"),
        os.path.join(data, "runB"),
    ]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(done.stdout)
    if done.returncode != 0:
        print(f"FAIL: karst compare exited {done.returncode}")
        return 1
    shot = os.path.join(work, "shot.png")
    page = "file://" + os.path.abspath(os.path.join(out, "report.html"))
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={os.path.join(work, 'profile')}",
        f"--screenshot={shot}",
        "--window-size=1200,2000",
        page,
    ]
    print(" ".join(cmd))
    try:
        subprocess.run(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=180,
            env={**os.environ, "HOME": work},
        )
    except subprocess.TimeoutExpired:
        print("FAIL: chromium did not finish within 180 s")
        return 1
    if not os.path.isfile(shot) or os.path.getsize(shot) == 0:
        print(f"FAIL: chromium wrote no screenshot {shot}")
        return 1
    width, height, colours, saturated = colour_stats(shot)
    print(f"screenshot {width}x{height}: {colours} distinct colours, {saturated} saturated pixels")
    # Measured with the fixtures: the good page has ~1800 colours and ~61000 saturated pixels (the
    # roofline and the first bar charts fit in 2000 px); the same page with its images broken has
    # ~770 colours (text antialiasing, the tinted ratio cells) but only ~6600 saturated pixels (the
    # red and green ratio text); a blank page has one colour. The thresholds sit well between.
    if colours < 100:
        print("FAIL: the screenshot is nearly blank (fewer than 100 distinct colours)")
        return 1
    if saturated < 20000:
        print("FAIL: the screenshot shows no plots (fewer than 20000 saturated pixels)")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
