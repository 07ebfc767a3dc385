# Each key changes what it should.
. "$(dirname "$0")/lib.sh"
start 100 30 -- --size 128 --variant blocked --block 64 --threads 1
wait_for "variant  blocked"
keys v;  wait_for "variant  packed"
keys V;  wait_for "variant  blocked"
keys +;  wait_for "size     n=200"
keys -;  wait_for "size     n=128"
keys b;  wait_for "block    96"
keys B;  wait_for "block    64"
keys v v; wait_for "variant  microkernel"
keys t;  wait_for "threads  2"
keys T;  wait_for "threads  1"
keys ' '; wait_for "paused"
keys ' '; wait_gone "paused"
keys s
# the sweep fills every row of the ladder with a time and a verdict
for v in naive reordered blocked packed microkernel openblas; do
    wait_for_re "[ >]$v +[0-9.]+ [mun]?s .* (ok|ref)" 30
done
keys e; wait_for "j JSON results, m Markdown report"
keys j; wait_for "exported"
file=$(ls "$WORK"/tttop-*.json 2>/dev/null | head -n 1)
[ -n "$file" ] || fail "e wrote no file"
grep -q '"results"' "$file" && grep -q '"variant": "openblas"' "$file" || fail "export lacks results"
if command -v python3 >/dev/null; then
    python3 -m json.tool "$file" >/dev/null || fail "export is not JSON"
elif command -v jq >/dev/null; then
    jq . "$file" >/dev/null || fail "export is not JSON"
else
    head -c 1 "$file" | grep -q '{' && tail -c 2 "$file" | grep -q '}' || fail "export is not JSON"
fi
rm -f "$file"
# e then m: the report of this setting, with its numbers and (gnuplot permitting) charts
keys e; wait_for "j JSON results"
keys m; wait_for "report written to tttop-report-" 30
report=$(ls "$WORK"/tttop-report-*.md 2>/dev/null | head -n 1)
[ -n "$report" ] || fail "e m wrote no report"
grep -q '^# tttop report' "$report" && grep -q '^## The optimisation ladder' "$report" ||
    fail "the report lacks its sections"
grep -q '^| openblas |' "$report" || fail "the report lacks the measured rows"
[ -f "${report%.md}.json" ] || fail "the report's numbers were not written beside it"
if command -v gnuplot >/dev/null; then
    [ -f "${report%.md}-ladder.png" ] || fail "the report's ladder chart is missing"
fi
keys e; wait_for "j JSON results"
keys x; wait_for "export cancelled"
# paused, so that the next sample cannot replace "no sample yet" before a poll sees it
keys ' '; wait_for "paused"
keys r; wait_for "no sample yet" 5
keys ' '; wait_gone "paused"
keys '?'; wait_for "help: tttop keys"; wait_for "sweep: measure every variant"
keys x; wait_gone "help: tttop keys"
keys w; wait_for "workload net"; wait_for "per-layer profile"; wait_for "dense1"
keys +; wait_for "batch    batch=128"
keys w; wait_for "workload train"; wait_for "loss history"
keys w; wait_for "workload matmul"
keys q
wait_for "TTTOP-EXITED 0"
