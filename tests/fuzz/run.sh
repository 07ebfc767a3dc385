#!/bin/sh
# Runs each libFuzzer harness given for SECONDS: tests/fuzz/run.sh SECONDS build/fuzz/fuzz_x...
# New inputs are kept in build/fuzz/corpus/<target> (tests/fuzz/corpus/<target> seeds it);
# an input that breaks a property is saved in build/fuzz/crashes/ and fails the run.
set -u
seconds=$1
shift
here=$(dirname "$0")
passed=0 failed=0
for bin in "$@"; do
    name=$(basename "$bin")
    work=build/fuzz/corpus/$name
    crashes=build/fuzz/crashes
    mkdir -p "$work" "$crashes" "$here/corpus/$name"
    log=build/fuzz/$name.log
    if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="$crashes/$name-" \
        "$work" "$here/corpus/$name" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz $name: ok (${runs:-?} inputs in $seconds s)"
        passed=$((passed + 1))
    else
        tail -n 40 "$log"
        echo "fuzz $name: FAILED (input saved in $crashes; log in $log)"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
