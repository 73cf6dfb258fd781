#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, starting from the seeds the tests'
# packet builders made and the kept regressions. A crash fails the run and leaves its input in
# build/fuzz/crashes/<target>/; copy it to fuzz/regressions/<target>/ with the fix.
set -euo pipefail
build=${1:?usage: run-fuzzers.sh BUILD_DIR SECONDS}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for target in "$build"/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus="$build/fuzz/corpus/$name"
  crashes="$build/fuzz/crashes/$name"
  mkdir -p "$corpus" "$crashes"
  seeds=("$build/fuzz/seeds/$name")
  [ -d "$root/fuzz/regressions/$name" ] && seeds+=("$root/fuzz/regressions/$name")
  echo "-- $name for ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" -print_final_stats=0 "$corpus" "${seeds[@]}" >"$build/fuzz/$name.log" 2>&1; then
    echo "FUZZ FAILURE in $name; last lines of $build/fuzz/$name.log:" >&2
    tail -n 40 "$build/fuzz/$name.log" >&2
    status=1
  fi
done
exit $status
