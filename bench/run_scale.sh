#!/usr/bin/env bash
# Benchmark 2 end to end: 10,000 workflows against registrar-sim over real HTTP, with the real
# limit of 1,200 requests per 5 minutes. Usage: bench/run_scale.sh [MINUTES] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/simulator-base.sh
minutes=${1:-15}
count=${2:-10000}
./scripts/build.sh --target scale_bench registrar-sim >/dev/null
bin=${RW_BUILD_DIR:-build}
work=$(mktemp -d)
trap 'kill "${sim:-}" 2>/dev/null; rm -rf "$work"' EXIT

"$bin/bench/scale_bench" scenario --count "$count" --out "$work/scenario.json"
"$bin/app/registrar-sim" --scenario "$work/scenario.json" >"$work/sim.log" 2>&1 &
sim=$!
base=$(simulator_base "$work/sim.log" "$sim")

echo "== store load ($count workflows)"
"$bin/bench/scale_bench" store --count "$count" --out "$work/store.sqlite"
"$bin/bench/scale_bench" load --store "$work/store.sqlite"
"$bin/bench/scale_bench" load --store "$work/store.sqlite"

echo "== cold start, virtual time ($count new workflows at once)"
"$bin/bench/scale_bench" cold --count "$count"

echo "== steady state, real time, $minutes minutes"
"$bin/bench/scale_bench" run --store "$work/store.sqlite" --api-base "$base" --minutes "$minutes"

echo "== the simulator's view"
/usr/bin/python3 - "${base%/client/v4}/__sim/stats" <<'PY'
import json, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1]))
print(json.dumps({k: s[k] for k in ("requests_total", "rate_limited_responses",
                                    "max_requests_in_window", "window_s", "limit")}))
PY
