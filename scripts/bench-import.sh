#!/usr/bin/env bash
# Times `accord import gcdf` on generated rows of GCDF 3.0's shape (all 126
# columns, descriptions and source lists of realistic length; no AidData
# data), the median of 3 runs. Usage: scripts/bench-import.sh [ROWS]
# (default 21000, about the size of the whole GCDF 3.0 table).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-21000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
flock /tmp/accord-build.lock cargo build --release --quiet
python3 scripts/gcdf_rows.py bench "$rows" "$work/projects.csv"
echo "$rows rows, $(du -h "$work/projects.csv" | cut -f1)"
times=()
for i in 1 2 3; do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  target/release/accord import gcdf "$work/projects.csv" -o "$work/out" >/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
printf '%s\n' "${times[@]}" | sort -n | sed -n 2p | xargs printf 'import, median of 3: %.2f s\n'
echo "records written: $(find "$work/out" -name '*.json' | wc -l)"
start=$(date +%s.%N)
target/release/accord validate --deny-warnings "$work/out" 2>/dev/null || true
end=$(date +%s.%N)
printf 'validate of the records (one run): %.2f s\n' "$(echo "$end - $start" | bc)"
