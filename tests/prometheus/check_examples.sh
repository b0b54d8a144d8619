#!/bin/sh
# The examples of docs/examples: `amtool check-config` on alertmanager.yml and
# `promtool check config` on prometheus.yml (with the shipped rules where it expects them).
# Exits 77, which ctest reports as skipped, when amtool or promtool (Debian packages
# prometheus-alertmanager and prometheus, installed by scripts/install-deps.sh) are not there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
for tool in amtool promtool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool not found; install the Debian packages prometheus and" \
             "prometheus-alertmanager (scripts/install-deps.sh)" >&2
        exit 77
    fi
done
amtool check-config "$root/docs/examples/alertmanager.yml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/docs/examples/prometheus.yml" "$root/resources/prometheus/registrar-watch-rules.yml" "$work/"
promtool check config "$work/prometheus.yml"
