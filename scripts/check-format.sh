#!/usr/bin/env bash
# Fails when any C++ file in the tree differs from what .clang-format asks for.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' 2>/dev/null \
                     || find app src tests bench -name '*.cpp' -o -name '*.h' 2>/dev/null)
if [ ${#files[@]} -eq 0 ]; then
    echo "check-format: no C++ files found" >&2
    exit 1
fi
status=0
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    if ! clang-format --dry-run -Werror "$f" 2>/dev/null; then
        echo "check-format: $f differs from .clang-format (run: clang-format -i $f)"
        status=1
    fi
done
[ $status -eq 0 ] && echo "check-format: ${#files[@]} files match .clang-format"
exit $status
