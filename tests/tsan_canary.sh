#!/bin/sh
# The TSan build must report the race in tests/tsan_canary.c, with the same options and
# suppressions as the real tests: otherwise a clean run of those proves nothing.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$1" >"$out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q "WARNING: ThreadSanitizer: data race" "$out"; then
    echo "tsan canary: the planted race is reported (exit $rc)"
    echo "tsan canary: 1 passed, 0 failed"
else
    cat "$out"
    echo "tsan canary: the planted race was NOT reported (exit $rc): the TSan build is blind"
    echo "tsan canary: 0 passed, 1 failed"
    exit 1
fi
