#!/usr/bin/env bash
# Validation speed against ajv-cli and check-jsonschema, side by side.
# Usage: bash scripts/bench-validate.sh [--agreements N] [--runs N] [--sample N]
# Installs ajv-cli (npm) and check-jsonschema (a Python venv) under
# target/bench-tools, and GNU time and python3-venv with apt-get if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update && apt-get install -y --no-install-recommends time; }
tools=target/bench-tools
if [ ! -x "$tools/node_modules/.bin/ajv" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund ajv-cli@5.0.0 ajv@8 >/dev/null
fi
# check-jsonschema goes into a virtual environment beside ajv, not into the
# system's Python.
if [ ! -x "$tools/venv/bin/check-jsonschema" ]; then
  python3 -c 'import ensurepip' 2>/dev/null || { apt-get update && apt-get install -y --no-install-recommends python3-venv; }
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema==0.39.0
fi
cargo build --release -p accord-cli -p accord-synth
python3 scripts/bench_validate.py --check-jsonschema "$tools/venv/bin/check-jsonschema" "$@"
