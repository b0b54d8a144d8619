#!/usr/bin/env bash
# Takes the README's screenshot of the real app: the demo under Xvfb at 1920x1080, the welcome
# offer dismissed, the first row (the workflow that needs the operator) selected.
#   scripts/screenshot.sh [OUT.png]      (default docs/screenshot.png)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-docs/screenshot.png}")
./scripts/install-deps.sh xdotool
./scripts/build.sh --target registrar-watch
bin=$(realpath "${RW_BUILD_DIR:-build}/app/registrar-watch")

if [ -z "${RW_IN_XVFB:-}" ]; then
    RW_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$out"
fi
home=$(mktemp -d)
trap 'kill "$app" 2>/dev/null; rm -rf "$home"' EXIT
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share "$bin" &
app=$!
window=
for _ in $(seq 100); do
    window=$(xdotool search --onlyvisible --name '^Demo( — Registrar Watch)?$' 2>/dev/null | head -1) || true
    [ -n "$window" ] && break
    sleep 0.1
done
[ -n "$window" ] || { echo "screenshot: the window did not appear" >&2; exit 1; }
sleep 3                      # the first answers arrive
xdotool key Escape           # "Explore the demo"
sleep 1
xdotool mousemove --window "$window" 60 153 click 1   # the table's first row
sleep 6                      # let the table age a little
import -window "$window" "$out"
echo "wrote $out"
