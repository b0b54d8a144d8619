#!/usr/bin/env bash
# Release check: builds the .deb with CPack, installs it on a clean Debian 12 made with debootstrap
# (minbase: only what every Debian system has), and proves that it runs there: the version, a
# status check against the simulator, and the desktop app's window. Heavy (a few minutes, a few
# hundred MB under /tmp), needs root, and is not part of the test suite.
#   scripts/test-deb.sh            (work dir: $RW_BUILD_DIR, default build-deb/)
# The package, screenshots and logs are left in that dir. RW_KEEP_ROOT=1 keeps the Debian root.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/simulator-base.sh
started=$SECONDS

if [ "$(id -u)" -ne 0 ]; then
    echo "test-deb: run as root (debootstrap and chroot need it)" >&2
    exit 1
fi
./scripts/install-deps.sh debootstrap

build=$(realpath -m "${RW_BUILD_DIR:-build-deb}")
out=$build/test-deb
step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - started)); }

# What is released is a commit: the package is built from HEAD, exported, so that uncommitted
# edits in the tree neither break nor hide anything. RW_DEB_WORKTREE=1 builds the tree as it is.
if [ "${RW_DEB_WORKTREE:-0}" = 1 ]; then
    source=$PWD
    step "Building the package from the working tree in $build"
else
    source=$build/source
    rm -rf "$source"
    mkdir -p "$source"
    git archive HEAD | tar -x -C "$source"
    step "Building the package from HEAD ($(git rev-parse --short HEAD)) in $build"
    git diff --quiet HEAD || echo "(uncommitted changes in the tree are not in the package)"
fi
cmake -S "$source" -B "$build/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build/build"
rm -f "$build"/build/registrar-watch_*.deb
(cd "$build/build" && cpack)
deb=$(ls "$build"/build/registrar-watch_*.deb)
dpkg-deb --field "$deb" Package Version Depends Recommends

# The mirror this machine's apt uses (deb822 sources first, then the one-line format).
mirror=
security=
for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    while read -r uri; do
        case $uri in
        *debian-security*) security=${security:-$uri} ;;
        *) mirror=${mirror:-$uri} ;;
        esac
    done < <(sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n' | grep -E '/debian(-security)?/?$' || true)
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list)
fi
mirror=${mirror:-http://deb.debian.org/debian}

mkdir -p "$out"
root=$(mktemp -d /tmp/rw-deb-root.XXXXXX)
xvfb=
sim=
app=
cleanup() {
    for pid in $app $sim $xvfb; do kill "$pid" 2>/dev/null || true; done
    # Anything else still running inside the root was started by this script (through apt,
    # xvfb-run): stop it, or it keeps the root's files busy.
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ] && kill "${proc#/proc/}" 2>/dev/null
    done
    sleep 1
    for m in tmp/.X11-unix dev/pts dev sys proc; do
        mountpoint -q "$root/$m" && umount "$root/$m"
    done
    if [ -n "$(findmnt -rn -o TARGET | grep -F "$root/" || true)" ]; then
        echo "test-deb: something is still mounted under $root; not removing it" >&2
    elif [ "${RW_KEEP_ROOT:-0}" = 1 ]; then
        echo "test-deb: kept the Debian root in $root"
    else
        rm -rf --one-file-system "$root"
    fi
}
trap cleanup EXIT

step "A clean Debian 12 in $root from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$out/debootstrap.log" 2>&1 ||
    { tail -20 "$out/debootstrap.log"; exit 1; }
{
    echo "deb $mirror bookworm main"
    echo "deb $mirror bookworm-updates main"
    [ -z "$security" ] || echo "deb $security bookworm-security main"
} >"$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" # no services start in the root
chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

# Inside the root, nothing of this machine's environment (no DISPLAY, no QT_* variables).
# Written out, not through a function, where run in the background: $! is then the process
# itself (chroot and env exec it), which is what a kill must reach.
root_env=(/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
          DEBIAN_FRONTEND=noninteractive)
in_root() { chroot "$root" "${root_env[@]}" "$@"; }

step "apt-get install ./$(basename "$deb") (only its Depends: --no-install-recommends)"
cp "$deb" "$root/tmp/"
in_root apt-get update >"$out/apt.log" 2>&1 || { tail -20 "$out/apt.log"; exit 1; }
before=$(in_root dpkg-query -W -f='${Package}\n' | wc -l)
in_root sh -c "cd /tmp && apt-get install -y --no-install-recommends ./$(basename "$deb")" \
    >>"$out/apt.log" 2>&1 || { tail -30 "$out/apt.log"; exit 1; }
after=$(in_root dpkg-query -W -f='${Package}\n' | wc -l)
echo "installed registrar-watch and $((after - before - 1)) packages it needs (log: $out/apt.log)"
in_root dpkg -L registrar-watch | grep -E '^/usr/(bin|share/(applications|metainfo))/|scalable'

step "registrar-watch --version"
version=$(in_root registrar-watch --version)
echo "$version"
[ "$version" = "registrar-watch $(dpkg-deb --field "$deb" Version)" ] ||
    { echo "test-deb: unexpected version output" >&2; exit 1; }

step "registrar-watch status against registrar-sim --port 0"
chroot "$root" "${root_env[@]}" registrar-sim --port 0 >"$root/tmp/sim.log" 2>&1 &
sim=$!
base=$(simulator_base "$root/tmp/sim.log" "$sim")
mapfile -t live < <(in_root registrar-sim --list-workflows | awk '$3 == "live" { print $1 ":" $2 }')
# The demo scenario's account and token (resources/scenarios/demo.json); never a real one.
in_root CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=023e105f4ecef8ad9ca31a8372d0c353 \
    registrar-watch status --api-base "$base" "${live[@]}" | tee "$out/status.txt"
grep -q '^fabrikam.org .*action_required' "$out/status.txt" ||
    { echo "test-deb: status did not report the demo's action_required workflow" >&2; exit 1; }
kill "$sim"
wait "$sim" 2>/dev/null || true
kill -0 "$sim" 2>/dev/null && { echo "test-deb: the simulator did not stop" >&2; exit 1; }
sim=

# The window has to appear and stay up; a screenshot that is one flat colour shows nothing.
check_shot() {
    local spread
    spread=$(convert "$1" -format '%[fx:standard_deviation]' info:)
    echo "$1: $(identify -format '%wx%h' "$1"), spread of colours $spread"
    awk -v s="$spread" 'BEGIN { exit !(s > 0.02) }' ||
        { echo "test-deb: $1 is blank" >&2; exit 1; }
}

step "The desktop app with only the package's dependencies (X server outside the root)"
# This machine's Xvfb, reached through its socket: the root gets no X package of its own yet, so
# a library the app needs and the package does not bring would show here.
display=:$((90 + RANDOM % 100))
mkdir -p "$root/tmp/.X11-unix"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
chroot "$root" "${root_env[@]}" DISPLAY="$display" registrar-watch --demo >"$out/gui-deps-only.log" 2>&1 &
app=$!
sleep 10
kill -0 "$app" 2>/dev/null || { cat "$out/gui-deps-only.log"; echo "test-deb: the app exited" >&2; exit 1; }
import -display "$display" -window root "$out/gui-deps-only.png"
check_shot "$out/gui-deps-only.png"
kill "$app"
wait "$app" 2>/dev/null || true
app=
umount "$root/tmp/.X11-unix"
kill "$xvfb"
wait "$xvfb" 2>/dev/null || true
xvfb=

step "xvfb-run -a registrar-watch --demo inside the root"
in_root apt-get install -y --no-install-recommends xvfb xauth imagemagick >>"$out/apt.log" 2>&1 ||
    { tail -20 "$out/apt.log"; exit 1; }
in_root timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
    registrar-watch --demo >/tmp/gui.log 2>&1 &
    app=$!
    sleep 10
    kill -0 $app || { cat /tmp/gui.log; echo "the app exited" >&2; exit 1; }
    import -window root /tmp/gui-xvfb-run.png
    kill $app'
cp "$root/tmp/gui-xvfb-run.png" "$root/tmp/gui.log" "$out/"
check_shot "$out/gui-xvfb-run.png"

step "Done: the package installs and runs on a clean Debian 12"
echo "screenshots and logs in $out; took $((SECONDS - started)) s"
