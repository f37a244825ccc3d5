#!/usr/bin/env bash
# Fuzz every target for a bounded time each (default 300 seconds):
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
# Targets: parse_and_validate (any bytes as a record file), rates_and_filters
# (any bytes as a rate table or a filter value), several_paths (a record
# file reached by several paths at once is read once). Seeds each corpus, runs
# libFuzzer through cargo-fuzz, and copies any crash into the target's
# regression folder (where a test replays it) before failing:
# ingest/tests/fuzz-regressions/, cli/tests/fuzz-regressions/ and
# ingest/tests/fuzz-regressions-paths/.
# cargo-fuzz needs unstable compiler flags; RUSTC_BOOTSTRAP=1 allows them on
# the stable toolchain this machine has.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(parse_and_validate rates_and_filters several_paths)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
failed=0
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    parse_and_validate)
      regressions=ingest/tests/fuzz-regressions
      find fixtures ingest/tests/cases -type f \( -name '*.yaml' -o -name '*.json' -o -name '*.toml' \) \
        -exec cp {} "$corpus/" \; ;;
    several_paths)
      regressions=ingest/tests/fuzz-regressions-paths
      find fixtures ingest/tests/cases -type f -name '*.yaml' -exec cp {} "$corpus/" \; ;;
    rates_and_filters)
      regressions=cli/tests/fuzz-regressions
      cp fuzz/seeds/rates/* "$corpus/" ;;
    *) echo "no such target: $target"; exit 2 ;;
  esac
  rm -rf "fuzz/artifacts/$target"
  status=0
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$corpus" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 || status=$?
  if [ -d "fuzz/artifacts/$target" ]; then
    for crash in "fuzz/artifacts/$target"/*; do
      [ -f "$crash" ] || continue
      mkdir -p "$regressions"
      cp "$crash" "$regressions/$(basename "$crash")"
      echo "kept $(basename "$crash") as a regression input of $target"
      failed=1
    done
  fi
  [ "$status" -eq 0 ] || failed=1
done
if [ "$failed" -ne 0 ]; then
  echo "fuzzing found a problem; see the regression folders"
  exit 1
fi
echo "no crash in $seconds seconds of fuzzing each of: ${targets[*]}"
