#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
cd "${RW_BUILD_DIR:-build}"
ctest --output-on-failure --timeout 600 -j"$(nproc)"
