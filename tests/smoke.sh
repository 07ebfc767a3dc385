#!/bin/sh
# A short headless run of the given binary (built with ASan+UBSan by `make sanitize`): every
# variant, every workload, each output format, and the error paths exit 2 without a crash.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# never the user's settings; the first bench measures the machine's peak once, the rest
# read it back
export XDG_CONFIG_HOME="$tmp/config"
unset TTTOP_NO_MEASURE
passed=0 failed=0

check() { # name, expected status, command...
    name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ] && ! grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$tmp/err"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name (exit $got, wanted $want)"
        tail -n 20 "$tmp/err"
    fi
}

check "bench all variants json" 0 "$bin" bench --variant all --size 33,16x9x23 --min-time 0.01 --format json --out "$tmp/r.json"
check "bench json written" 0 grep -q '"results"' "$tmp/r.json"
check "bench csv" 0 "$bin" bench --variant naive,openblas --size 40 --min-time 0.01 --format csv
check "bench net" 0 "$bin" bench --workload net --variant naive,openblas --batch 8 --min-time 0.01
check "bench train" 0 "$bin" bench --workload train --variant openblas --batch 16 --min-time 0.05
check "report from saved numbers" 0 "$bin" report --from tests/fixtures/report-run.json --out "$tmp/rep.md" -q
check "report from a broken file" 2 "$bin" report --from "$tmp/r.json.missing" --out "$tmp/rep2.md"
check "report quick" 0 "$bin" report --quick --sizes 24 --out "$tmp/q.md" -q
check "bench measured the peak" 0 grep -q '"percent_of_peak": [0-9]' "$tmp/r.json"
check "figures cached" 0 test -f "$tmp/config/tttop/machine.ini"
check "machine rejects csv" 2 "$bin" machine --format csv
check "events" 0 "$bin" events
check "help" 0 "$bin" --help
check "version" 0 "$bin" --version
check "bad size" 2 "$bin" bench --size 0
check "bad option" 2 "$bin" bench --frobnicate
check "huge size" 2 "$bin" bench --size 50000 --variant naive
check "no terminal" 2 "$bin"
echo "smoke ($bin): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
