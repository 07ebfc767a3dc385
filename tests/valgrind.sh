#!/bin/sh
# A bench run under valgrind's memcheck: no invalid access, no definite leak.
bin=$1
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: SKIPPED: valgrind is not installed (make deps installs it)"
    exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --log-file="$log" "$bin" bench --variant all --size 24x31x17 --min-time 0.001 \
        --format json >/dev/null 2>&1; then
    echo "valgrind: 1 passed, 0 failed"
else
    cat "$log"
    echo "valgrind: 0 passed, 1 failed"
    exit 1
fi
