#!/usr/bin/env bash
# Installs what is missing, builds, and starts the Registrar Watch desktop app: the operator's
# account when one is set up, otherwise the demo against the built-in registrar simulator.
# Arguments go to the app (e.g. --demo). Without a display there is no window to show, so it
# runs the command-line demo instead: one status check of every demo workflow.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/simulator-base.sh
./scripts/build.sh --target registrar-watch registrar-sim
bin=${RW_BUILD_DIR:-build}/app

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$bin/registrar-watch" "$@"
fi
echo "No display (DISPLAY and WAYLAND_DISPLAY are unset): running the command-line demo instead."
echo "In a graphical session this command opens the desktop app."
echo

log=$(mktemp)
"$bin/registrar-sim" --port 0 >"$log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null; rm -f "$log"' EXIT
base=$(simulator_base "$log" "$sim")
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
