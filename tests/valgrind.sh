#!/bin/sh
# A bench run under valgrind's memcheck: no invalid access, no definite leak.
bin=$1
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: SKIPPED: valgrind is not installed (make deps installs it)"
    exit 0
fi
log=$(mktemp)
config=$(mktemp -d)
trap 'rm -rf "$log" "$config"' EXIT
# bench without measuring the peak (a quick measurement under valgrind takes minutes); the
# measuring loops are checked on their own below, with a tiny plan
export XDG_CONFIG_HOME="$config"
passed=0 failed=0
if TTTOP_NO_MEASURE=1 valgrind --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --log-file="$log" "$bin" bench --variant all \
        --size 24x31x17 --min-time 0.001 --format json >/dev/null 2>&1; then
    passed=$((passed + 1))
else
    cat "$log"
    failed=$((failed + 1))
fi
# the FMA loops and the triad: valgrind hides AVX-512, so they must pick AVX2 and not crash
figures=$(dirname "$bin")/build/tests/test_figures
if [ -x "$figures" ]; then
    if FIGURES_TESTS=test_measure_for_real valgrind --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite --log-file="$log" "$figures" >/dev/null 2>&1; then
        passed=$((passed + 1))
    else
        cat "$log"
        failed=$((failed + 1))
    fi
else
    echo "valgrind: SKIPPED: $figures is not built (make unit-bins)"
fi
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
