#!/usr/bin/env bash
# Fuzz parse-and-validate for a bounded time (default 300 seconds):
#   bash scripts/fuzz.sh [SECONDS]
# Seeds the corpus with the fixtures and the invalid examples, runs
# libFuzzer through cargo-fuzz, and copies any crash into
# ingest/tests/fuzz-regressions/ (where a test replays it) before failing.
# cargo-fuzz needs unstable compiler flags; RUSTC_BOOTSTRAP=1 allows them on
# the stable toolchain this machine has.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
corpus=fuzz/corpus/parse_and_validate
mkdir -p "$corpus"
find fixtures ingest/tests/cases -type f \( -name '*.yaml' -o -name '*.json' -o -name '*.toml' \) \
  -exec cp {} "$corpus/" \;
rm -rf fuzz/artifacts
status=0
RUSTC_BOOTSTRAP=1 cargo fuzz run parse_and_validate "$corpus" -- \
  -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 || status=$?
found=0
if [ -d fuzz/artifacts/parse_and_validate ]; then
  for crash in fuzz/artifacts/parse_and_validate/*; do
    [ -f "$crash" ] || continue
    cp "$crash" "ingest/tests/fuzz-regressions/$(basename "$crash")"
    echo "kept $(basename "$crash") as a regression input"
    found=1
  done
fi
if [ "$found" -ne 0 ] || [ "$status" -ne 0 ]; then
  echo "fuzzing found a problem (exit $status); see ingest/tests/fuzz-regressions/"
  exit 1
fi
echo "no crash in $seconds seconds of fuzzing"
