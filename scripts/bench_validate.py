#!/usr/bin/env python3
"""Times `accord validate` on a generated dataset against ajv-cli and
check-jsonschema, side by side in one run, with our own schema.

Usage: scripts/bench-validate.sh [--agreements 100000] [--runs 5] [--sample 2000] [--mistakes 0.02]

The dataset has the given number of agreements plus their parties (one for
every two agreements) and sources, one file each, written once as YAML and
once as JSON. Ours validates everything: syntax with positions, the schema,
the record rules and the cross-record rules. ajv-cli (draft 2020-12, all
errors) validates the JSON files against the schema alone. check-jsonschema
is slow enough that it runs on a sample of files; its throughput is given
per record, like the others. Medians of the runs; peak memory from GNU time.
Before each timed run the files it reads are read once, so that every tool
starts with them in the page cache.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCORD = os.path.join(ROOT, "target", "release", "accord")
SYNTH = os.path.join(ROOT, "target", "release", "accord-synth")
SCHEMA = os.path.join(ROOT, "schema", "record.schema.json")


def measure(command, ok=(0, 1)):
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode not in ok:
        sys.exit(f"failed ({result.returncode}): {' '.join(command[:6])} …\n{result.stderr[-2000:]}")
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def warm(files):
    """Reads every file once, so that each tool starts with them in the page
    cache (otherwise whichever runs first pays for the disk)."""
    for name in files:
        with open(name, "rb") as f:
            f.read()


def median(runs):
    return statistics.median(t for t, _ in runs), statistics.median(m for _, m in runs) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--mistakes", type=float, default=0.02)
    parser.add_argument("--ajv", default=os.path.join(ROOT, "target", "bench-tools", "node_modules", ".bin", "ajv"))
    parser.add_argument("--check-jsonschema", default=shutil.which("check-jsonschema") or "check-jsonschema")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="accord-validate-bench-")
    try:
        yaml_dir, json_dir = os.path.join(work, "yaml"), os.path.join(work, "json")
        for out, extra in [(yaml_dir, []), (json_dir, ["--json"])]:
            subprocess.run([SYNTH, "--agreements", str(args.agreements), "--out", out, "--seed", "7",
                            "--mistakes", str(args.mistakes)] + extra, check=True)
        json_files = sorted(glob.glob(os.path.join(json_dir, "*", "*.json")))
        yaml_files = sorted(glob.glob(os.path.join(yaml_dir, "*", "*.yaml")))
        records = len(yaml_files)

        results = {}
        for _ in range(args.runs):
            warm(yaml_files)
            results.setdefault("accord (YAML)", []).append(measure([ACCORD, "validate", yaml_dir, "--format", "json"]))
            warm(json_files)
            results.setdefault("accord (JSON)", []).append(measure([ACCORD, "validate", json_dir, "--format", "json"]))
            warm(json_files)
            # ajv-cli: draft 2020-12, all errors, our schema; unknown keywords
            # such as enumDescriptions are allowed (strict mode off).
            results.setdefault("ajv-cli (JSON)", []).append(measure(
                [args.ajv, "validate", "--spec=draft2020", "--all-errors", "--strict=false", "--errors=no",
                 "-s", SCHEMA, "-d", os.path.join(json_dir, "*", "*.json")]))
        step = max(1, len(yaml_files) // args.sample)
        sample_yaml = yaml_files[::step][: args.sample]
        sample_json = json_files[::step][: args.sample]
        for name, sample in [("check-jsonschema (YAML, sample)", sample_yaml), ("check-jsonschema (JSON, sample)", sample_json)]:
            for _ in range(max(1, args.runs - 2)):
                results.setdefault(name, []).append(measure([args.check_jsonschema, "--schemafile", SCHEMA] + sample))

        ours = {fmt: records / median(results[f"accord ({fmt})"])[0] for fmt in ("YAML", "JSON")}
        print(f"records: {records:,} files ({args.agreements:,} agreements plus parties and sources; "
              f"{args.mistakes:.0%} with a mistake); {os.cpu_count()} cores; {args.runs} runs")
        print("| tool | files | median time | records per second | peak memory | accord on the same format is faster by |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, runs in results.items():
            seconds, mib = median(runs)
            files = len(sample_yaml) if "sample" in name else records
            rate = files / seconds
            fmt = "YAML" if "YAML" in name else "JSON"
            ratio = "–" if name.startswith("accord") else f"{ours[fmt] / rate:.1f}x"
            print(f"| {name} | {files:,} | {seconds:.2f} s | {rate:,.0f} | {mib:.0f} MiB | {ratio} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
