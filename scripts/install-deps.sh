#!/usr/bin/env bash
# Installs what Registrar Watch needs to build, run and test on Debian 12.
# Idempotent: packages already present are not fetched again. Extra package names given as
# arguments are installed too (scripts/screenshot.sh asks for its own tools this way).
set -euo pipefail

packages=(
  # build (qt6-httpserver-dev needs qt6-websockets-dev but does not depend on it)
  cmake ninja-build g++ clang-format
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qtkeychain-qt6-dev
  # run time
  libqt6sql6-sqlite libsecret-1-0
  # tests: private session bus, keychain, offscreen and X11 GUI runs, contract validation
  dbus-daemon dbus-x11 gnome-keyring xvfb xauth imagemagick
  python3-jsonschema
  # tests: the libFuzzer targets of tests/fuzz (clang with its fuzzer and sanitizer runtimes)
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
  # tests: the alert rules (promtool), the Alertmanager example (amtool), and the team watcher's
  # alerting end to end with the real servers. Under systemd the packages start their own
  # services (:9090, :9093); the tests need none of them and use ports of their own.
  prometheus prometheus-alertmanager
  # packaging: the .deb's library dependencies, the install test's validators
  dpkg-dev desktop-file-utils appstream
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: these packages are missing: ${missing[*]}" >&2
    echo "install-deps: run this script as root, or install sudo, to install them" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
