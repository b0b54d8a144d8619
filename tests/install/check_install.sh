#!/usr/bin/env bash
# Installs a build into a temporary prefix and checks that everything a desktop needs is where it
# belongs and valid: the binaries, the desktop entry, every icon size (by the PNG's own header),
# the SVG and the AppStream metainfo; desktop-file-validate and appstreamcli pass on them.
#   tests/install/check_install.sh BUILD_DIR
set -euo pipefail

build=${1:?usage: check_install.sh BUILD_DIR}
id=org.registrarwatch.RegistrarWatch
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
pass() { echo "ok: $*"; }

for tool in desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null ||
        { echo "FAIL: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

env -u DESTDIR cmake --install "$build" --prefix "$prefix" >"$prefix.log" 2>&1 ||
    { cat "$prefix.log" >&2; rm -f "$prefix.log"; echo "FAIL: cmake --install" >&2; exit 1; }
rm -f "$prefix.log"

for exe in registrar-watch registrar-watch-serve registrar-sim; do
    if [ -f "$prefix/bin/$exe" ] && [ -x "$prefix/bin/$exe" ]; then
        pass "bin/$exe is executable"
    else
        fail "bin/$exe is missing or not executable"
    fi
done
if version=$("$prefix/bin/registrar-watch" --version 2>&1) && [[ $version == *[0-9].[0-9]* ]]; then
    pass "the installed registrar-watch runs: $version"
else
    fail "the installed registrar-watch --version said: $version"
fi

if version=$("$prefix/bin/registrar-watch-serve" --version 2>&1) &&
    [[ $version == "registrar-watch-serve "*[0-9].[0-9]* ]]; then
    pass "the installed registrar-watch-serve runs: $version"
else
    fail "the installed registrar-watch-serve --version said: $version"
fi

# The team watcher's systemd units, system and user: each runs the installed binary, reloads
# with SIGHUP, and the system one keeps its hardening. systemd-analyze, where there is one, checks
# them as systemd would.
for scope in system user; do
    unit=$prefix/lib/systemd/$scope/registrar-watch-serve.service
    if [ ! -f "$unit" ]; then
        fail "lib/systemd/$scope/registrar-watch-serve.service is missing"
        continue
    fi
    grep -q "^ExecStart=$prefix/bin/registrar-watch-serve --config " "$unit" ||
        fail "the $scope unit does not run $prefix/bin/registrar-watch-serve"
    grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$unit" || fail "the $scope unit does not reload with SIGHUP"
    grep -q '@[A-Z_]*@' "$unit" && fail "the $scope unit has an unreplaced @VARIABLE@"
    pass "lib/systemd/$scope/registrar-watch-serve.service"
done
system_unit=$prefix/lib/systemd/system/registrar-watch-serve.service
for setting in DynamicUser=yes StateDirectory=registrar-watch NoNewPrivileges=yes \
    ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes \
    MemoryDenyWriteExecute=yes 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
    SystemCallFilter=@system-service Restart=on-failure; do
    grep -qx "$setting" "$system_unit" 2>/dev/null || fail "the system unit lacks $setting"
done
grep -q '^LoadCredential=' "$system_unit" 2>/dev/null || fail "the system unit hands over no credential"
if command -v systemd-analyze >/dev/null && [ -f "$system_unit" ]; then
    # Only what it says about the unit's own lines counts: outside a booted systemd it also
    # complains about its surroundings.
    out=$(systemd-analyze verify "$system_unit" 2>&1 | grep -F "registrar-watch-serve.service:" || true)
    [ -z "$out" ] && pass "systemd-analyze verify" || fail "systemd-analyze verify: $out"
fi
examples=$prefix/share/doc/registrar-watch/examples
if [ -f "$examples/serve.ini" ] && grep -q '^\[serve\]' "$examples/serve.ini"; then
    pass "share/doc/registrar-watch/examples/serve.ini"
else
    fail "the example configuration share/doc/registrar-watch/examples/serve.ini is missing"
fi
# The Prometheus example loads the rules by a name relative to itself: both must be there.
if [ -f "$examples/prometheus.yml" ] && [ -f "$examples/alertmanager.yml" ] &&
    grep -q '^  - registrar-watch-rules.yml' "$examples/prometheus.yml" &&
    grep -q 'alert: RegistrarWorkflowFailed' "$examples/registrar-watch-rules.yml" 2>/dev/null; then
    pass "share/doc/registrar-watch/examples: the Prometheus and Alertmanager examples and the rules"
else
    fail "the Prometheus or Alertmanager example, or the alert rules beside them, are missing"
fi

desktop=$prefix/share/applications/$id.desktop
if [ -f "$desktop" ]; then
    if out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then
        pass "desktop-file-validate $id.desktop"
    else
        fail "desktop-file-validate $id.desktop: $out"
    fi
    grep -qx "Exec=registrar-watch" "$desktop" || fail "the desktop entry does not run registrar-watch"
    grep -qx "Icon=$id" "$desktop" || fail "the desktop entry's icon is not $id"
else
    fail "share/applications/$id.desktop is missing"
fi

# A PNG: the 8-byte signature, then the IHDR chunk whose data starts with width and height as
# big-endian 32-bit numbers (bytes 16 to 23).
png_size() {
    local bytes
    read -r -a bytes < <(od -An -v -tu1 -w24 -N24 "$1")
    [ "${#bytes[@]}" -eq 24 ] || return 1
    [ "${bytes[*]:0:8}" = "137 80 78 71 13 10 26 10" ] || return 1
    [ "${bytes[*]:12:4}" = "73 72 68 82" ] || return 1 # "IHDR"
    echo "$(((bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]))x$(((bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]))"
}
for size in 16 22 24 32 48 64 128 256; do
    png=$prefix/share/icons/hicolor/${size}x${size}/apps/$id.png
    if [ ! -f "$png" ]; then
        fail "icon ${size}x${size} is missing"
    elif ! actual=$(png_size "$png"); then
        fail "icon ${size}x${size} is not a PNG"
    elif [ "$actual" != "${size}x${size}" ]; then
        fail "icon ${size}x${size} is $actual pixels"
    else
        pass "icon ${size}x${size}"
    fi
done
svg=$prefix/share/icons/hicolor/scalable/apps/$id.svg
if [ -f "$svg" ] && grep -q '<svg' "$svg"; then
    pass "icon scalable (SVG)"
else
    fail "the scalable SVG icon is missing or not an SVG"
fi

metainfo=$prefix/share/metainfo/$id.metainfo.xml
if [ -f "$metainfo" ]; then
    if out=$(appstreamcli validate --no-net "$metainfo" 2>&1); then
        pass "appstreamcli validate --no-net $id.metainfo.xml"
    else
        fail "appstreamcli validate: $out"
    fi
    grep -q "<id>$id</id>" "$metainfo" || fail "the metainfo's id is not $id"
    grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
        fail "the metainfo does not launch $id.desktop"
else
    fail "share/metainfo/$id.metainfo.xml is missing"
fi

unexpected=$(cd "$prefix" && find . -type f | sed 's|^\./||' |
    grep -Ev "^bin/registrar-(watch|watch-serve|sim)$|^lib/systemd/(system|user)/registrar-watch-serve\.service$|^share/doc/registrar-watch/examples/(serve\.ini|prometheus\.yml|alertmanager\.yml|registrar-watch-rules\.yml)$|^share/applications/$id\.desktop$|^share/metainfo/$id\.metainfo\.xml$|^share/icons/hicolor/[^/]+/apps/$id\.(png|svg)$" || true)
[ -z "$unexpected" ] || fail "installed files nobody asked for: $unexpected"

if [ "$failures" -ne 0 ]; then
    echo "install check: $failures failure(s)" >&2
    exit 1
fi
echo "install check: every file in place and valid"
