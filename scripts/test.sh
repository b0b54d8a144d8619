#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the whole test suite with ctest: once on
# the normal build, then once more built with AddressSanitizer and UndefinedBehaviorSanitizer
# (set RW_SKIP_SANITIZERS=1 to skip that second pass locally), and last the libFuzzer targets of
# tests/fuzz, built with clang, for a bounded number of runs each (RW_SKIP_FUZZ=1 skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
(cd "${RW_BUILD_DIR:-build}" && ctest --output-on-failure --timeout 600 -j"$(nproc)")

if [ "${RW_SKIP_SANITIZERS:-0}" != 1 ]; then
    echo
    echo "== The same tests, built with ASan and UBSan =="
    RW_BUILD_DIR=build-asan RW_CMAKE_ARGS="-DCMAKE_BUILD_TYPE=Debug -DRW_SANITIZE=ON -DRW_BENCH=OFF" \
        ./scripts/build.sh
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    (cd build-asan && ctest --output-on-failure --timeout 900 -j"$(nproc)")
fi

if [ "${RW_SKIP_FUZZ:-0}" != 1 ]; then
    echo
    echo "== Fuzz targets, bounded =="
    # Only the parsers and the targets are built (RW_FUZZ builds nothing else); docs/FUZZING.md.
    CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DRW_FUZZ=ON >/dev/null
    cmake --build build-fuzz --target fuzz_targets
    (cd build-fuzz && ctest -L fuzz --output-on-failure --timeout 300 -j"$(nproc)")
fi
