#!/usr/bin/env bash
# Export speed and memory against pandas writing the same tables, side by side.
# Usage: bash scripts/bench-export.sh [--agreements 100000] [--runs 3] [--pandas-xlsx-runs 1]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends time; }
venv="${TMPDIR:-/tmp}/accord-bench-export-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pandas, openpyxl' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pandas==3.1.1 openpyxl==3.1.5
fi
cargo build --release -p accord-cli -p accord-synth
"$venv/bin/python" scripts/bench_export.py "$@"
