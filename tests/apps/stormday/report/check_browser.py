#!/usr/bin/env python3
"""check_browser.py REPORT_SCRIPT WORK: stormday.html as a reader sees it, in headless Chromium.

Reports the fixture run, then
  1. `chromium --dump-dom`: the page has the five map and timeline images, and all five decoded
     (the page's own load handler counts them into body[data-images-loaded]);
  2. a 1200 x 1600 screenshot of the top of the page, where the four maps are, against a
     screenshot of the same page with its image data removed: the maps must add a large area of
     saturated colour and of water blue (flood depth, river) that the bare page does not have.
Comparing with the bare page rather than with fixed counts alone keeps the check honest when fonts
or the table styling change. Without Chromium it exits 77, which ctest reports as skipped.
The PNG decoding is tests/apps/compare/check_report_browser.py's.
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "compare"))

from check_report_browser import SKIP, decode_png, find_chromium  # noqa: E402
from report_testlib import fresh, make_run, need_python, run_report, verdict  # noqa: E402

IMAGES = 5
WINDOW = (1200, 1600)


def chromium(browser, work, *args):
    """Runs headless Chromium with a private profile; (exit code, stdout)."""
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           f"--user-data-dir={os.path.join(work, 'profile')}", *args]
    print(" ".join(cmd))
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          timeout=180, env={**os.environ, "HOME": work})
    return done.returncode, done.stdout


def pixel_stats(path):
    """(saturated pixels, water-blue pixels) of a screenshot. Water blue: what the Blues depth
    scale, the river class and the route blue share (blue well above red, above green)."""
    _, _, channels, rows = decode_png(path)
    saturated = blue = 0
    for row in rows:
        for x in range(0, len(row), channels):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if max(r, g, b) - min(r, g, b) > 60:
                saturated += 1
            if b - r > 50 and b - g > 15:
                blue += 1
    return saturated, blue


def check_dom(browser, work, page):
    """Failures of the loaded DOM: image count and how many decoded."""
    rc, dom = chromium(browser, work, "--virtual-time-budget=5000", "--dump-dom", page)
    if rc != 0 or "<body" not in dom:
        return [f"chromium --dump-dom exited {rc} without a page"]
    fails = []
    imgs = re.findall(r"<img\b[^>]*\bsrc=\"data:image/png;base64,", dom)
    if len(imgs) != IMAGES:
        fails.append(f"the DOM has {len(imgs)} inline PNG images, expected {IMAGES}")
    loaded = re.search(r"<body[^>]*data-images-loaded=\"(\d+)\"", dom)
    if not loaded or int(loaded.group(1)) != IMAGES:
        fails.append(f"images decoded in the browser: {loaded.group(1) if loaded else 'unknown'}, "
                     f"expected {IMAGES}")
    print(f"DOM: {len(imgs)} inline images, {loaded.group(1) if loaded else '?'} decoded")
    return fails


def screenshot(browser, work, page, name):
    shot = os.path.join(work, name)
    chromium(browser, work, f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
             "--hide-scrollbars", page)
    if not os.path.isfile(shot) or os.path.getsize(shot) == 0:
        raise RuntimeError(f"chromium wrote no screenshot {shot}")
    return shot


def bare_copy(html_path, work):
    """The page with every image's data replaced by nothing: what a reader sees when they break."""
    with open(html_path, encoding="utf-8") as f:
        text = f.read()
    bare = os.path.join(work, "bare.html")
    with open(bare, "w", encoding="utf-8") as f:
        f.write(re.sub(r"src='data:image/png;base64,[^']*'", "src=''", text))
    return bare


def check_screenshots(browser, work, html_path):
    real = screenshot(browser, work, "file://" + os.path.abspath(html_path), "shot.png")
    bare = screenshot(browser, work, "file://" + bare_copy(html_path, work), "bare.png")
    (sat, blue), (sat0, blue0) = pixel_stats(real), pixel_stats(bare)
    print(f"screenshot {real}: {sat} saturated, {blue} water-blue pixels; "
          f"without images: {sat0} saturated, {blue0} water-blue")
    # Measured with the fixture: ~420000 saturated and ~170000 water-blue pixels with the maps;
    # without them ~5000 saturated (the level-tinted cells of the warnings table, which move up
    # the page) and no water blue. The floors sit far below the first and far above the second.
    fails = []
    if sat < 100000 or sat < 10 * sat0:
        fails.append(f"the screenshot shows no maps: {sat} saturated pixels (bare page {sat0})")
    if blue < 20000 or blue < 10 * blue0:
        fails.append(f"the screenshot shows no flood water: {blue} blue pixels (bare page {blue0})")
    return fails


def main():
    script, work = sys.argv[1:3]
    browser = find_chromium()
    if browser is None:
        print("SKIPPED: no headless browser: chromium is not installed (apt-get install chromium)")
        return SKIP
    if script == "--run":  # a run directory `karst stormday` wrote, report included
        run = work
        work = os.path.join(run, "browser-check")
        fresh(work)
    else:
        python = need_python()
        if python is None:
            return 1
        fresh(work)
        run = make_run(python, os.path.join(work, "run"))
        rc, out, err = run_report(python, script, run)
        print(out + err, end="")
        if rc != 0:
            print(f"FAIL: the report exited {rc}")
            return 1
    html_path = os.path.join(run, "stormday.html")
    try:
        fails = check_dom(browser, work, "file://" + os.path.abspath(html_path))
        fails += check_screenshots(browser, work, html_path)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        fails = [str(e)]
    return verdict(fails)


if __name__ == "__main__":
    sys.exit(main())
