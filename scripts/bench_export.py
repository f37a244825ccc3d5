#!/usr/bin/env python3
"""Times `accord export` in each format against pandas writing the same
tables (`to_csv`, `to_excel` with openpyxl, `to_sql` into SQLite), side by
side in one run, on a generated dataset.

Usage: scripts/bench-export.sh [--agreements 100000] [--runs 3] [--pandas-xlsx-runs 1]

Ours is the whole command: reading and checking every record file,
flattening, writing. pandas is given the tables already in memory (read
from our CSV export before its clock starts) and timed writing them only,
in a fresh process per run so its peak memory is its own. Runs alternate
(ours, then pandas), so both see the same machine load. Prints the median
wall time and peak resident memory of each, and the ratio of the medians.
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

PANDAS = r"""
import os, resource, sqlite3, sys, time
import pandas as pd
csv_dir, fmt, out = sys.argv[1:4]
tables = {}
for name in sorted(os.listdir(csv_dir)):
    if name.endswith(".csv"):
        tables[name[:-4]] = pd.read_csv(os.path.join(csv_dir, name), keep_default_na=False, low_memory=False)
start = time.perf_counter()
if fmt == "csv":
    os.makedirs(out, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(os.path.join(out, name + ".csv"), index=False)
elif fmt == "xlsx":
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
elif fmt == "sqlite":
    db = sqlite3.connect(out)
    for name, frame in tables.items():
        frame.to_sql(name, db, index=False)
    db.commit()
    db.close()
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(command):
    """Runs a command under GNU time; returns (seconds, peak KiB)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def pandas_run(csv_dir, fmt, out):
    """pandas writing the tables in a fresh process: (seconds, peak KiB)."""
    result = subprocess.run([sys.executable, "-c", PANDAS, csv_dir, fmt, out],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"pandas failed on {fmt}:\n{result.stderr}")
    seconds, kib = result.stdout.split()
    return float(seconds), int(kib)


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pandas-xlsx-runs", type=int, default=1,
                        help="runs of pandas' XLSX writer, which takes minutes at 100,000")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="accord-bench-export-")
    data = os.path.join(work, "data")
    subprocess.run([SYNTH, "--agreements", str(args.agreements), "--out", data, "--seed", "1"],
                   check=True, stderr=subprocess.DEVNULL)
    tables = os.path.join(work, "tables")
    subprocess.run([ACCORD, "export", data, "--format", "csv", "-o", tables, "--as-of", "2100-01-01"],
                   check=True, stderr=subprocess.DEVNULL)
    rows = 0
    for name in os.listdir(tables):
        if name.endswith(".csv"):
            with open(os.path.join(tables, name), "rb") as f:
                rows += sum(1 for _ in f) - 1
    # Read every record file once, so each timed run starts with them cached.
    subprocess.run([ACCORD, "validate", data, "--as-of", "2100-01-01"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    for fmt, ext in [("csv", ""), ("xlsx", ".xlsx"), ("sqlite", ".sqlite"), ("jsonl", ".jsonl")]:
        ours, theirs = [], []
        for run in range(args.runs):
            out = os.path.join(work, f"ours-{fmt}{ext}")
            remove(out)
            ours.append(measure([ACCORD, "export", data, "--format", fmt, "-o", out,
                                 "--as-of", "2100-01-01"]))
            size = (sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
                    if os.path.isdir(out) else os.path.getsize(out))
            pandas_runs = args.pandas_xlsx_runs if fmt == "xlsx" else args.runs
            if fmt != "jsonl" and run < pandas_runs:
                theirs_out = os.path.join(work, f"pandas-{fmt}{ext}")
                remove(theirs_out)
                theirs.append(pandas_run(tables, fmt, theirs_out))
                remove(theirs_out)
        row = {
            "format": fmt,
            "ours_s": statistics.median(t for t, _ in ours),
            "ours_mib": statistics.median(m for _, m in ours) / 1024,
            "size_mib": size / 1024 / 1024,
            "runs": len(ours),
        }
        if theirs:
            row["pandas_s"] = statistics.median(t for t, _ in theirs)
            row["pandas_mib"] = statistics.median(m for _, m in theirs) / 1024
            row["pandas_runs"] = len(theirs)
        results.append(row)
        print(row, file=sys.stderr)
    print(f"{args.agreements:,} agreements ({rows:,} table rows in {len(os.listdir(tables)) - 1} tables)")
    print()
    print("| format | `accord export` (whole command) | peak memory | output | pandas writing the same tables | pandas peak memory | accord faster by |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        pandas = (f"{r['pandas_s']:.2f} s ({r['pandas_runs']} runs)", f"{r['pandas_mib']:.0f} MiB",
                  f"{r['pandas_s'] / r['ours_s']:.1f}x") if "pandas_s" in r else ("–", "–", "–")
        print(f"| {r['format']} | {r['ours_s']:.2f} s ({r['runs']} runs) | {r['ours_mib']:.0f} MiB | "
              f"{r['size_mib']:.0f} MiB | {pandas[0]} | {pandas[1]} | {pandas[2]} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
