#!/usr/bin/env bash
# Speed of `accord diff` on two generated datasets differing in 1 % of
# their agreements (see scripts/bench_diff.py; figures in docs/diff.md).
# Usage: bash scripts/bench-diff.sh [--agreements N] [--runs N] [--share S]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update && apt-get install -y --no-install-recommends time; }
cargo build --release -p accord-cli -p accord-synth
python3 scripts/bench_diff.py "$@"
