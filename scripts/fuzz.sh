#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz long: one or all, each in turn (docs/FUZZING.md).
#
#   scripts/fuzz.sh [options] [TARGET...]        (no target: all of them, one after the other)
#     --runs N        stop each target after N executions
#     --time S        stop each target after S seconds (default 600 when --runs is not given)
#     --jobs J        run J jobs with as many workers (libFuzzer's -jobs/-workers)
#     --max-len B     inputs of at most B bytes (libFuzzer's -max_len; default: from the corpus,
#                     at least 4,096)
#     --keep          add new corpus entries to the checked-in corpus (tests/fuzz/corpus/NAME),
#                     not only to the scratch folder
#     --build DIR     the fuzz build (default build-fuzz; configured and built when missing)
#
# New inputs go to $RW_FUZZ_SCRATCH/NAME (default build-fuzz/fuzz-scratch/NAME), crashes and
# hangs to $RW_FUZZ_SCRATCH/findings/. At the end it prints, per target, the executions libFuzzer
# counted (stat::number_of_executed_units) and the findings.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=""
seconds=""
jobs=""
maxlen=""
keep=0
build=build-fuzz
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) runs=$2; shift 2 ;;
    --time) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --max-len) maxlen=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --build) build=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
    esac
done
[ -z "$runs" ] && [ -z "$seconds" ] && seconds=600

if [ ! -f "$build/build.ninja" ]; then
    CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S . -B "$build" -G Ninja -DRW_FUZZ=ON >/dev/null
fi
cmake --build "$build" --target fuzz_targets >/dev/null

if [ ${#targets[@]} -eq 0 ]; then
    for corpus in tests/fuzz/corpus/*/; do targets+=("$(basename "$corpus")"); done
fi
scratch=${RW_FUZZ_SCRATCH:-$root/$build/fuzz-scratch}
mkdir -p "$scratch/findings"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

summary=()
status=0
for name in "${targets[@]}"; do
    binary=$build/tests/fuzz/fuzz_$name
    if [ ! -x "$binary" ]; then
        echo "fuzz.sh: no target $name (there is no $binary)" >&2
        exit 2
    fi
    dict=$root/tests/fuzz/$name.dict
    [ -f "$dict" ] || dict=$root/tests/fuzz/json.dict
    case "$name" in envelope | workflowstatus | registration | tokenstatus | scenario) ;;
    *) [ -f "tests/fuzz/$name.dict" ] || dict="" ;;
    esac
    args=(-print_final_stats=1 -timeout=10 -rss_limit_mb=2048
          "-artifact_prefix=$scratch/findings/$name-")
    [ -n "$runs" ] && args+=("-runs=$runs")
    [ -n "$seconds" ] && args+=("-max_total_time=$seconds")
    [ -n "$maxlen" ] && args+=("-max_len=$maxlen")
    [ -n "$dict" ] && args+=("-dict=$dict")
    # QSettings keeps every file it read in a process-wide cache, so each input leaves memory
    # behind and libFuzzer runs LeakSanitizer after every one: a tenth of the speed. The
    # bounded run in the test suite keeps leak detection for this target.
    [ "$name" = appsettings ] && args+=(-detect_leaks=0)
    [ -n "$jobs" ] && args+=("-jobs=$jobs" "-workers=$jobs")
    mkdir -p "$scratch/$name"
    corpora=("$scratch/$name" "tests/fuzz/corpus/$name")
    if [ "$keep" = 1 ]; then corpora=("tests/fuzz/corpus/$name" "$scratch/$name"); fi
    log=$scratch/$name.log
    echo "== fuzz_$name (log: $log)"
    before=$(ls "$scratch/findings" | grep -c "^$name-" || true)
    set +e
    (cd "$scratch" && "$root/$binary" "${args[@]}" "${corpora[@]/#tests/$root/tests}") >"$log" 2>&1
    rc=$?
    set -e
    # With -jobs the statistics are in each job's log (fuzz-N.log in the scratch folder).
    executed=$(cat "$log" "$scratch"/fuzz-*.log 2>/dev/null |
        sed -n 's/^stat::number_of_executed_units: *//p' | awk '{s += $1} END {print s + 0}' ||
        true)
    after=$(ls "$scratch/findings" | grep -c "^$name-" || true)
    found=$((after - before))
    if [ "$rc" != 0 ] && [ "$found" = 0 ]; then tail -n 30 "$log"; fi
    rm -f "$scratch"/fuzz-*.log
    if [ "$rc" != 0 ] || [ "$found" != 0 ]; then status=1; fi
    summary+=("$(printf '%-16s %14s executions  %s finding(s)  exit %s' "$name" "$executed" "$found" "$rc")")
done
echo
echo "target           executions (libFuzzer's count)"
printf '%s\n' "${summary[@]}"
echo "findings, if any: $scratch/findings/"
exit $status
