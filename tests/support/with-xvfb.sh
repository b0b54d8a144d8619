#!/bin/sh
# Runs a command on an X11 display of its own: a private Xvfb on a display number it picks and
# reports (-displayfd), so that runs in parallel never race for one. For what only X11 shows,
# such as its key bindings (a text field reads Ctrl+E as "end of line" there, and nowhere
# offscreen).
set -eu
dir=$(mktemp -d)
xvfb=
trap '[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$dir"' EXIT
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp 3>"$dir/display" 2>"$dir/log" &
xvfb=$!
tries=0
while [ ! -s "$dir/display" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 200 ] || ! kill -0 "$xvfb" 2>/dev/null; then
        echo "Xvfb did not start:" >&2
        cat "$dir/log" >&2
        exit 1
    fi
    sleep 0.05
done
DISPLAY=":$(cat "$dir/display")"
export DISPLAY QT_QPA_PLATFORM=xcb
"$@"
