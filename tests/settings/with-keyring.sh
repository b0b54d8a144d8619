#!/bin/sh
# Runs a command with a real Secret Service: a gnome-keyring, unlocked, in the private D-Bus
# session this script runs in (start it with dbus-run-session), with a throwaway home so no
# real keyring is touched.
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache"
printf 'registrar-watch-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
