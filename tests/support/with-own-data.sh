#!/bin/sh
# Runs a test with a data folder of its own (XDG_DATA_HOME), made afresh and removed after: what
# the product keeps for the user there (the request ledger every process counts on, hand-overs)
# is never the user's, never another test's, and never an earlier run's.
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/rw-data.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
XDG_DATA_HOME=$dir
export XDG_DATA_HOME
"$@"
