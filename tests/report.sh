#!/bin/sh
# `tttop report` end to end: --quick measures and writes a complete report with its numbers
# and charts; --from those numbers gives the same tables; an existing report is kept without
# --force; a broken --from file and a bad --data are one line and exit 2; without gnuplot the
# report is still written and says which package draws the charts.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" # never the user's tuning
passed=0 failed=0

check() { # name, command...
    name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name"
        [ -s "$tmp/err" ] && tail -n 5 "$tmp/err"
    fi
}

t0=$(date +%s)
"$bin" report --quick -q --out "$tmp/r.md" >"$tmp/out" 2>"$tmp/err"
rc=$?
echo "report --quick took $(($(date +%s) - t0)) s"
check "quick: exit 0" [ $rc -eq 0 ]
check "quick: prints the report's path" grep -qx "$tmp/r.md" "$tmp/out"
for s in "## The machine" "## Where the time goes" "## Baseline: naive against openblas" \
    "## The optimisation ladder" "## Counters" "## The network: forward pass and training step" \
    "## Charts"; do
    check "section '$s'" grep -q "^$s" "$tmp/r.md"
done
check "every variant measured" grep -q '^| microkernel | ' "$tmp/r.md"
check "the network's data said" grep -q '^| network data | synthetic digits' "$tmp/r.md"
check "the numbers beside it" grep -q '"results"' "$tmp/r.json"
if command -v gnuplot >/dev/null 2>&1; then
    for c in ladder sizes roofline; do
        check "$c chart is a PNG" sh -c "head -c 4 '$tmp/r-$c.png' | od -An -c | grep -q 'P   N   G'"
        check "$c chart linked" grep -q "](r-$c.png)" "$tmp/r.md"
    done
else
    echo "report: SKIPPED the chart checks: gnuplot is not installed (make deps installs gnuplot-nox)"
fi

# the same tables again from the saved numbers
"$bin" report --from "$tmp/r.json" --out "$tmp/f.md" -q >/dev/null 2>"$tmp/err"
check "--from: exit 0" [ $? -eq 0 ]
sed -n '/^## Baseline/,/^## Charts/p' "$tmp/r.md" >"$tmp/a"
sed -n '/^## Baseline/,/^## Charts/p' "$tmp/f.md" >"$tmp/b"
check "--from: the same tables" cmp -s "$tmp/a" "$tmp/b"

# an existing report is kept without --force
cp "$tmp/f.md" "$tmp/f.before"
"$bin" report --from "$tmp/r.json" --out "$tmp/f.md" >/dev/null 2>"$tmp/err"
check "existing: exit 2" [ $? -eq 2 ]
check "existing: says --force" grep -q "f.md: exists (--force replaces it)" "$tmp/err"
check "existing: untouched" cmp -s "$tmp/f.md" "$tmp/f.before"
"$bin" report --from "$tmp/r.json" --out "$tmp/f.md" --force -q >/dev/null 2>"$tmp/err"
check "--force: replaced" [ $? -eq 0 ]

# several runs side by side
"$bin" report --from "$tmp/r.json" --from "$tmp/f.json" --out "$tmp/two.md" -q >/dev/null 2>"$tmp/err"
check "missing second file: exit 2" [ $? -eq 2 ]
cp "$tmp/r.json" "$tmp/s.json"
"$bin" report --from "$tmp/r.json" --from "$tmp/s.json" --out "$tmp/two.md" -q >/dev/null 2>"$tmp/err"
check "two files: side by side" grep -q '^## Side by side' "$tmp/two.md"

# broken input: one line, exit 2, nothing written
printf '{"results": [' >"$tmp/cut.json"
"$bin" report --from "$tmp/cut.json" --out "$tmp/x.md" >/dev/null 2>"$tmp/err"
check "truncated: exit 2" [ $? -eq 2 ]
check "truncated: one line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
check "truncated: nothing written" [ ! -e "$tmp/x.md" ]
"$bin" report --from "$tmp/r.json" --quick >/dev/null 2>"$tmp/err"
check "--from with --quick: exit 2" [ $? -eq 2 ]
"$bin" report --quick --data "$tmp/none" --out "$tmp/y.md" >/dev/null 2>"$tmp/err"
check "--data missing: exit 2" [ $? -eq 2 ]
check "--data missing: says which" grep -q -- "--data: $tmp/none" "$tmp/err"
"$bin" bench --data "$tmp" >/dev/null 2>"$tmp/err"
check "bench --data with matmul: exit 2" [ $? -eq 2 ]

# no gnuplot: the report still, saying what to install
env PATH=/nonexistent "$bin" report --from "$tmp/r.json" --out "$tmp/g.md" -q >/dev/null 2>"$tmp/err"
check "no gnuplot: exit 0" [ $? -eq 0 ]
check "no gnuplot: says the package" grep -q 'apt-get install gnuplot-nox' "$tmp/g.md"
check "no gnuplot: no chart" [ ! -e "$tmp/g-ladder.png" ]

echo "report: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
