#!/usr/bin/env bash
# Report speed and memory against headless Chromium, side by side.
# Usage: bash scripts/bench-report.sh [--runs N] [--sizes 1000,10000] [--chromium-sizes 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
[ -x /usr/bin/time ] || need+=(time)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi
cargo build --release -p accord-cli -p accord-synth
python3 scripts/bench_report.py "$@"
