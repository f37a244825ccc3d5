#!/usr/bin/env python3
"""Times `accord report` against headless Chromium printing the same
briefing's HTML to PDF, side by side in one run, on generated datasets.

Usage: scripts/bench-report.sh [--runs N] [--sizes 1000,10000] [--chromium-sizes 1000]

Each command runs N times (Chromium's runs alternate with ours, so both see
the same machine load); the script prints the median wall time and the
median peak resident memory of each, and the ratio of the medians. It needs
a release build of `accord` and `accord-synth`, Debian's `chromium` and GNU
`time` (the shell script installs them).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCORD = os.path.join(ROOT, "target", "release", "accord")
SYNTH = os.path.join(ROOT, "target", "release", "accord-synth")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
]


def measure(command):
    """Runs a command under GNU time; returns (seconds, peak KiB)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "?")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--chromium-sizes", default="1000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    chromium_sizes = {int(s) for s in args.chromium_sizes.split(",") if s}
    chromium = shutil.which("chromium")
    work = tempfile.mkdtemp(prefix="accord-bench-")
    rows = []
    for size in sizes:
        data = os.path.join(work, f"data-{size}")
        subprocess.run([SYNTH, "--agreements", str(size), "--out", data, "--seed", "1"],
                       check=True, stderr=subprocess.DEVNULL)
        pdf = os.path.join(work, f"accord-{size}.pdf")
        html = os.path.join(work, f"accord-{size}.html")
        subprocess.run([ACCORD, "report", data, "-o", html], check=True, stderr=subprocess.DEVNULL)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(measure([ACCORD, "report", data, "-o", pdf]))
            if size in chromium_sizes and chromium:
                profile = tempfile.mkdtemp(prefix="chromium-")
                out = os.path.join(work, f"chromium-{size}.pdf")
                theirs.append(measure([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                       f"--print-to-pdf={out}", "file://" + html]))
                shutil.rmtree(profile, ignore_errors=True)
        row = {
            "size": size,
            "ours_s": statistics.median(t for t, _ in ours),
            "ours_mib": statistics.median(m for _, m in ours) / 1024,
            "ours_pages": pages(pdf),
        }
        if theirs:
            row["chromium_s"] = statistics.median(t for t, _ in theirs)
            row["chromium_mib"] = statistics.median(m for _, m in theirs) / 1024
            row["chromium_pages"] = pages(os.path.join(work, f"chromium-{size}.pdf"))
        rows.append(row)

    print(f"runs per command: {args.runs}; machine: {os.cpu_count()} cores")
    print("| collaborations | accord report (PDF) | pages | peak memory | Chromium print-to-PDF | pages | peak memory | speed-up |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if "chromium_s" in r:
            ratio = r["chromium_s"] / r["ours_s"]
            print(f"| {r['size']:,} | {r['ours_s']:.2f} s | {r['ours_pages']} | {r['ours_mib']:.0f} MiB | "
                  f"{r['chromium_s']:.2f} s | {r['chromium_pages']} | {r['chromium_mib']:.0f} MiB | {ratio:.1f}x |")
        else:
            print(f"| {r['size']:,} | {r['ours_s']:.2f} s | {r['ours_pages']} | {r['ours_mib']:.0f} MiB | – | – | – | – |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
