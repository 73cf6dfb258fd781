#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR/fuzz/ for SECONDS each (default 20), starting from
# the seeds make_fuzz_seeds wrote into BUILD_DIR/seeds/<target>/ (packets the tests build) and
# the kept crash inputs in fuzz/regressions/<target>/. The growing corpus stays in
# BUILD_DIR/corpus/<target>/. A crash fails the run and leaves its input in
# BUILD_DIR/crashes/<target>/: fix it, copy the input to fuzz/regressions/<target>/ (ctest
# replays it) and add a unit test that fails without the fix.
set -euo pipefail
build=${1:?usage: run-fuzzers.sh BUILD_DIR [SECONDS]}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
ran=0
for target in "$build"/fuzz/fuzz_*; do
  [ -f "$target" ] && [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus="$build/corpus/$name"
  crashes="$build/crashes/$name"
  log="$build/logs/$name.log"
  mkdir -p "$corpus" "$crashes" "$build/logs"
  inputs=("$corpus")
  [ -d "$build/seeds/$name" ] && inputs+=("$build/seeds/$name")
  [ -d "$root/fuzz/regressions/$name" ] && inputs+=("$root/fuzz/regressions/$name")
  echo "-- $name for ${seconds}s"
  if "$target" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" -print_final_stats=1 "${inputs[@]}" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/   /" || true
  else
    echo "FUZZ FAILURE in $name; inputs in $crashes/; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
  ran=$((ran + 1))
done
if [ "$ran" -eq 0 ]; then
  echo "no fuzz target found under $build/fuzz (build the fuzz_all target first)" >&2
  exit 1
fi
exit $status
