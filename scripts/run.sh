#!/usr/bin/env bash
# Installs what is missing, builds, and runs Registrar Watch against the built-in registrar
# simulator playing the demo scenario: one status check of every demo workflow.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh --target registrar-watch registrar-sim
bin=${RW_BUILD_DIR:-build}/app

log=$(mktemp)
"$bin/registrar-sim" --port 0 >"$log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
    grep -q '^listening on ' "$log" && break
    kill -0 "$sim" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$log")
echo "Registrar simulator (demo scenario) at $base"
echo

# The demo scenario's account and token (resources/scenarios/demo.json); never a real one.
export CLOUDFLARE_API_TOKEN=demo-token
export CLOUDFLARE_ACCOUNT_ID=023e105f4ecef8ad9ca31a8372d0c353
live=()
sandbox=()
while read -r domain kind where; do
    if [ "$where" = sandbox ]; then sandbox+=("$domain:$kind"); else live+=("$domain:$kind"); fi
done < <("$bin/registrar-sim" --list-workflows)

status=0
"$bin/registrar-watch" status --api-base "$base" "${live[@]}" || status=$?
if [ ${#sandbox[@]} -gt 0 ]; then
    echo
    echo "Sandbox:"
    "$bin/registrar-watch" status --api-base "$base" --sandbox "${sandbox[@]}" || status=$?
fi
exit $status
