#!/bin/sh
# Terminal end-to-end tests: each tests/e2e/*.sh drives the given binary through tmux.
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 path/to/tttop (E2E_ONLY=name runs one test)" >&2
    exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(dirname "$0")/e2e
if ! command -v tmux >/dev/null 2>&1; then
    echo "e2e: tmux is missing (make deps installs it)"
    echo "e2e: 0 passed, 1 failed"
    exit 1
fi
passed=0 failed=0
for t in "$dir"/*.sh; do
    name=$(basename "$t" .sh)
    [ "$name" = lib ] && continue
    if [ -n "${E2E_ONLY:-}" ] && [ "$name" != "$E2E_ONLY" ]; then continue; fi
    if TTTOP="$bin" sh "$t"; then
        echo "e2e $name: ok"
        passed=$((passed + 1))
    else
        echo "e2e $name: FAILED"
        failed=$((failed + 1))
    fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
