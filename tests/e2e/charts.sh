# The chart panel: g cycles history -> roofline -> size sweep -> block sweep at 80x24 and
# at 40x12, each named in its title; the roofline shows the peak the dashboard measured in
# the background at its first start (and cached: the next start reads it); S and u fill
# the sweeps in, W saves the block sweep's best as tuned.
. "$(dirname "$0")/lib.sh"
unset TTTOP_NO_MEASURE
cache="$XDG_CONFIG_HOME/tttop/machine.ini"

# the peak as the dashboard prints it (report/format.c's format_gflops)
peak_text() {
    awk -F' = ' '/^peak\..*\.per_core/ { if ($2 + 0 > m) m = $2 + 0 }
        END { if (m < 9.995) printf "%.2f", m; else if (m < 99.95) printf "%.1f", m;
              else printf "%.0f", m }' "$cache"
}

start 80 24 -- --size 96 --variant blocked
wait_for "variant  blocked"
wait_for "GFLOP/s history"
wait_for "GFLOP/s/core" 120
[ -f "$cache" ] || fail "the measured figures were not cached in $cache"
grep -q "^method = quick" "$cache" || fail "the dashboard's figures are not marked quick"
peak=$(peak_text)
wait_for "peak $peak GFLOP/s/core"
keys g; wait_for "roofline, 1 thread"
wait_for "peak $peak GFLOP/s"
wait_for "GB/s"
wait_for "b=blocked"
keys g; wait_for "size sweep: GFLOP/s vs n"
wait_for "S measures every variant at sizes up to n=96"
keys S; wait_for "size sweep: 24 points up to n=96"
wait_for_re "size sweep: GFLOP/s vs n \(g: next\)" 180
wait_for "o=openblas"
keys g; wait_for "block sweep: blocked"
keys u; wait_for "block sweep: 11 candidates of blocked"
wait_for_re "best block [0-9]+ \(" 180
keys W; wait_for "saved blocked block"
grep -q "^blocked.block = [0-9]" "$XDG_CONFIG_HOME/tttop/tuning.ini" || fail "W saved nothing"
keys g; wait_for "GFLOP/s history"
keys q; wait_for "TTTOP-EXITED 0"

# the next start reads the cached figures: the peak at once, nothing measured again
stamp=$(grep "^measured_at" "$cache")
start 80 24 -- --size 96 --variant blocked
wait_for "peak $peak GFLOP/s/core" 5
keys q; wait_for "TTTOP-EXITED 0"
[ "$(grep "^measured_at" "$cache")" = "$stamp" ] || fail "the figures were measured again"

# `tttop machine` shows full figures from the cache without measuring
sed -i 's/^method = quick/method = full/' "$cache"
"$TTTOP" machine --format json >"$WORK/machine.json" 2>"$WORK/machine.err" ||
    fail "tttop machine failed: $(cat "$WORK/machine.err")"
grep -q '"cached": true' "$WORK/machine.json" || fail "tttop machine measured again"
grep -q '"per_core"' "$WORK/machine.json" && grep -q '"one_thread"' "$WORK/machine.json" ||
    fail "tttop machine --format json lacks the figures"
[ "$(grep "^measured_at" "$cache")" = "$stamp" ] || fail "tttop machine rewrote the cache"

# 40x12, in ASCII: every chart still gets the room, and its title
start 40 12 LC_ALL=C -- --size 96 --variant blocked
wait_for "variant  blocked"
keys g; wait_for "roofline"
if screen_text | LC_ALL=C grep -q '[^ -~]'; then fail "non-ASCII bytes under LC_ALL=C"; fi
keys g; wait_for "size sweep"
keys g; wait_for "block sweep"
keys g; wait_for "GFLOP/s history"
keys q; wait_for "TTTOP-EXITED 0"
