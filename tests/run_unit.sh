#!/bin/sh
# Runs every cmocka test binary given; prints each one's output and a closing summary.
# Tests never read or write the user's settings.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
passed=0 failed=0 failed_names=""
for t in "$@"; do
    echo "== $t"
    if "$t"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failed_names="$failed_names $t"
    fi
done
echo
[ "$failed" -eq 0 ] || echo "failed:$failed_names"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
