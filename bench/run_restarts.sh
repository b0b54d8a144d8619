#!/usr/bin/env bash
# The budget across restarts (issue 13, point 3), end to end with the real binaries: `registrar-watch
# watch` follows COUNT workflows that stay in progress against registrar-sim (Cloudflare's limit,
# 1,200 requests per 5 minutes per credential), and is killed with SIGKILL and started again
# RESTARTS times, EVERY seconds apart, on the same store. The simulator then says how many
# requests it saw in its busiest 5 minutes and how many it refused with 429. The app's budget is
# 900 of the 1,200: a run that forgets what it sent goes over it.
# With RW_RESTART_NO_STORE=1 each run is `watch --no-store` in a data folder of its own: no
# store, and a request ledger nobody else reads, as every run was before the ledger (the figure
# to compare with; `--no-store` alone now counts on the user's ledger too).
# Usage: bench/run_restarts.sh [RESTARTS] [EVERY] [COUNT]      (defaults: 20 restarts, 22 s, 300)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/simulator-base.sh
restarts=${1:-20}
every=${2:-22}
count=${3:-300}
./scripts/build.sh --target registrar-watch registrar-sim >/dev/null
bin=$(realpath "${RW_BUILD_DIR:-build}")
work=$(mktemp -d)
trap 'kill -9 "${watch:-}" 2>/dev/null; kill "${sim:-}" 2>/dev/null; rm -rf "$work"' EXIT

account=023e105f4ecef8ad9ca31a8372d0c353
token=restart-bench-token
/usr/bin/python3 - "$work/scenario.json" "$count" "$account" "$token" <<'PY'
import json, sys
path, count, account, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
workflows = [{"domain": f"restart-{i:04d}.example", "kind": "update",
              "steps": [{"at_s": -60, "state": "in_progress"},
                        {"at_s": 30 * 86400, "state": "succeeded"}]} for i in range(count)]
json.dump({"account_id": account, "tokens": [token],
           "rate_limit": {"requests": 1200, "window_s": 300, "block_s": 300},
           "workflows": workflows}, open(path, "w"))
PY
"$bin/app/registrar-sim" --scenario "$work/scenario.json" >"$work/sim.log" 2>&1 &
sim=$!
base=$(simulator_base "$work/sim.log" "$sim")
domains=$(/usr/bin/python3 -c "print(' '.join(f'restart-{i:04d}.example' for i in range($count)))")

# Its own home: the user's settings, store and request ledger are never touched.
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
export CLOUDFLARE_API_TOKEN=$token CLOUDFLARE_ACCOUNT_ID=$account QT_QPA_PLATFORM=offscreen
store=(--store "$work/watch.sqlite")
[ "${RW_RESTART_NO_STORE:-0}" = 1 ] && store=(--no-store)
start=$(date +%s)
for run in $(seq 0 "$restarts"); do
    [ "${RW_RESTART_NO_STORE:-0}" = 1 ] && export XDG_DATA_HOME="$work/home/data-$run"
    # shellcheck disable=SC2086 # one argument per domain
    "$bin/app/registrar-watch" watch "${store[@]}" --api-base "$base" \
        $domains >"$work/watch-$run.log" 2>&1 &
    watch=$!
    sleep "$every"
    kill -9 "$watch" 2>/dev/null || true
    wait "$watch" 2>/dev/null || true
done
elapsed=$(($(date +%s) - start))

echo "== $restarts restarts of watch ${store[*]/#$work\//} in ${elapsed}s, $count workflows in progress"
/usr/bin/python3 - "${base%/client/v4}/__sim/stats" <<'PY'
import json, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1]))
print(json.dumps({k: s[k] for k in ("requests_total", "rate_limited_responses",
                                    "max_requests_in_window", "window_s", "limit")}))
PY
