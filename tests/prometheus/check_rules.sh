#!/bin/sh
# The shipped alert rules: `promtool check rules` (syntax, lint) and `promtool test rules` (the
# unit tests beside this script). Exits 77, which ctest reports as skipped, when promtool (Debian
# package `prometheus`, installed by scripts/install-deps.sh) is not there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if ! command -v promtool >/dev/null 2>&1; then
    echo "SKIP: promtool not found; install the Debian package prometheus (scripts/install-deps.sh)" >&2
    exit 77
fi
promtool check rules "$root/resources/prometheus/registrar-watch-rules.yml"
cd "$here"
promtool test rules registrar-watch-rules.test.yml
