#!/usr/bin/env bash
# Validation speed against ajv-cli and check-jsonschema, side by side.
# Usage: bash scripts/bench-validate.sh [--agreements N] [--runs N] [--sample N]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update && apt-get install -y --no-install-recommends time; }
tools=target/bench-tools
if [ ! -x "$tools/node_modules/.bin/ajv" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund ajv-cli@5.0.0 ajv@8 >/dev/null
fi
command -v check-jsonschema >/dev/null || python3 -m pip install --quiet check-jsonschema==0.39.0
cargo build --release -p accord-cli -p accord-synth
python3 scripts/bench_validate.py "$@"
