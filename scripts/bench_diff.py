#!/usr/bin/env python3
"""Times `accord diff` on two generated datasets that differ in 1 % of
their agreements.

Usage: bash scripts/bench-diff.sh [--agreements 100000] [--runs 5] [--share 0.01]

`accord-synth` writes the old dataset (the given number of agreements, plus
their parties and sources, one YAML file each); the new one is a copy in
which a share of the agreement files, picked evenly, are edited so that both
sides still pass the check:

- half of the picked agreements get a new title,
- the other half are renamed (a new id, the file moved), which the diff
  must recognise as renames (the generator writes no links between
  agreements, so no reference dangles).

Every run loads and checks both sides in full (syntax, schema, record and
cross-record rules) and compares them; the output (JSON) goes to
/dev/null. The script checks the counts the diff reports against the
edits made. Medians of the runs; peak memory from GNU time. Before each
run the files are read once, so they are in the page cache.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCORD = os.path.join(ROOT, "target", "release", "accord")
SYNTH = os.path.join(ROOT, "target", "release", "accord-synth")


def warm(folder):
    for base, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(base, name), "rb") as f:
                f.read()


def measure(command, ok=(0,)):
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode not in ok:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-3000:]}")
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def edit(new, share):
    """Changes a share of the agreements of `new`: titles and ids, half each.
    Returns (titles changed, ids renamed)."""
    folder = os.path.join(new, "agreements")
    names = sorted(os.listdir(folder))
    step = max(1, round(1 / share))
    picked = names[::step]
    retitled = renamed = 0
    for i, name in enumerate(picked):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        old_id = name[: -len(".yaml")]
        if i % 2 == 0:
            lines = text.split("\n")
            for j, line in enumerate(lines):
                if line.startswith("  title: "):
                    value = line[len("  title: "):]
                    # Keep the quoting the generator chose.
                    if value[:1] in ("'", '"'):
                        value = value[0] + "Revised " + value[1:]
                    else:
                        value = "Revised " + value
                    lines[j] = "  title: " + value
                    break
            else:
                sys.exit(f"no title line in {path}")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            retitled += 1
        else:
            new_id = old_id + "-renamed"
            marker = f"\n  id: {old_id}\n"
            if marker not in text:
                sys.exit(f"no id line in {path}")
            os.remove(path)
            with open(os.path.join(folder, new_id + ".yaml"), "w", encoding="utf-8") as f:
                f.write(text.replace(marker, f"\n  id: {new_id}\n", 1))
            renamed += 1
    return retitled, renamed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--share", type=float, default=0.01)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="accord-bench-diff-")
    try:
        old, new = os.path.join(work, "old"), os.path.join(work, "new")
        subprocess.run([SYNTH, "--agreements", str(args.agreements), "--out", old], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copytree(old, new)
        retitled, renamed = edit(new, args.share)
        files = sum(len(f) for _, _, f in os.walk(old))

        # The counts the diff gives must be the edits made.
        out = subprocess.run([ACCORD, "diff", old, new, "--format", "json"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"accord diff failed ({out.returncode}):\n{out.stderr[-3000:]}")
        summary = json.loads(out.stdout)["summary"]
        print(f"diff summary: {summary}; edits made: {retitled} titles, {renamed} ids")
        if (summary["changed"], summary["renamed"], summary["added"], summary["removed"]) != (retitled, renamed, 0, 0):
            sys.exit("the diff does not report exactly the edits made")

        # `accord validate` of one side, alternated with the diff in the
        # same run, says how loaded the machine is: the diff checks two.
        runs, validate = [], []
        for _ in range(args.runs):
            warm(old)
            warm(new)
            runs.append(measure([ACCORD, "diff", old, new, "--format", "json"]))
            validate.append(measure([ACCORD, "validate", old]))
        seconds = statistics.median(t for t, _ in runs)
        memory = statistics.median(m for _, m in runs) / 1024
        one = statistics.median(t for t, _ in validate)
        print()
        print("| agreements per side | files per side | records changed | `accord diff` | peak memory | `accord validate` of one side | ratio |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        changed = summary["changed"] + summary["renamed"] + summary["added"] + summary["removed"]
        print(f"| {args.agreements:,} | {files:,} | {changed:,} | {seconds:.2f} s | {memory:.0f} MiB | {one:.2f} s | {seconds / one:.2f}x |")
        print()
        print("diff runs (s):", " ".join(f"{t:.2f}" for t, _ in runs))
        print("validate runs (s):", " ".join(f"{t:.2f}" for t, _ in validate))
        print("load average:", open("/proc/loadavg").read().strip())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
