#!/usr/bin/env bash
# The window in real time (issue 14): 10,000 workflows in the steady state against registrar-sim
# over loopback, the real limit; the session with the MainWindow, then without it, each on a fresh
# copy of the same store. Usage: bench/run_window.sh [SECONDS] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/simulator-base.sh
seconds=${1:-60}
count=${2:-10000}
bin=${RW_BUILD_DIR:-build}
work=$(mktemp -d)
export XDG_DATA_HOME="$work/data" # its request ledger: never the user's
trap 'kill "${sim:-}" 2>/dev/null; rm -rf "$work"' EXIT

"$bin/bench/scale_bench" scenario --count "$count" --out "$work/scenario.json"
"$bin/app/registrar-sim" --scenario "$work/scenario.json" >"$work/sim.log" 2>&1 &
sim=$!
base=$(simulator_base "$work/sim.log" "$sim")
"$bin/bench/scale_bench" store --count "$count" --out "$work/store.sqlite" >/dev/null

for mode in window headless; do
    mkdir -p "$work/$mode"
    cp "$work/store.sqlite" "$work/$mode/store.sqlite"
    flag=()
    [ "$mode" = headless ] && flag=(--headless)
    "$bin/bench/window_bench" --store "$work/$mode/store.sqlite" --api-base "$base" \
        --seconds "$seconds" "${flag[@]}"
done
