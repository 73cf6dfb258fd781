#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UndefinedBehaviorSanitizer into
# build/asan, runs every test through ctest, then each fuzzer for a short fixed time.
# Exits non-zero on any failure. Options: --no-fuzz (skip the fuzz step), -R REGEX (ctest filter).
set -euo pipefail
cd "$(dirname "$0")"

fuzz=1
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-fuzz) fuzz=0 ;;
    -R) shift; ctest_args+=(-R "$1"); fuzz=0 ;;
    *) echo "usage: ./test.sh [--no-fuzz] [-R REGEX]" >&2; exit 2 ;;
  esac
  shift
done

./scripts/install-deps.sh
./scripts/install-data.sh
echo "== static checks"
python3 scripts/check-layers.py
./scripts/check-format.sh

echo "== build (Debug, ASan+UBSan) into build/asan"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPT_SANITIZE=ON >/dev/null
cmake --build build/asan

echo "== tests"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build/asan --output-on-failure --timeout 900 -j2 "${ctest_args[@]}"

if [ "$fuzz" = 1 ]; then
  echo "== fuzzers (clang libFuzzer) into build/fuzz"
  cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DPT_FUZZ=ON >/dev/null
  cmake --build build/fuzz --target fuzz_all
  # Seeds from the packets the tests build (make_fuzz_seeds is part of the build/asan build).
  build/asan/fuzz/make_fuzz_seeds build/fuzz/seeds
  ./scripts/run-fuzzers.sh build/fuzz "${PT_FUZZ_SECONDS:-20}"
fi
echo "== all tests passed"
