#!/usr/bin/env bash
# Installs what is missing and builds into build/ (or $RW_BUILD_DIR). Extra arguments are
# passed to `cmake --build` (e.g. --target registrar-watch).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build_dir=${RW_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRW_WERROR=ON \
      ${RW_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" "$@"
