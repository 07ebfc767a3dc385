# Without a PMU (or with --counters simulated) the counters panel shows the caches as
# valgrind simulates them: L1 and last-level misses tagged "sim:", the caches and the band
# on the panel's border, for each variant in turn; the child goes with the dashboard; a
# missing valgrind is named with its package.
. "$(dirname "$0")/lib.sh"

# the children of the tttop started last, by their parent's PID (nothing is killed here)
children() {
    parent=$(cat "$WORK/tttop.pid")
    for status in /proc/[0-9]*/status; do
        ppid=$(sed -n 's/^PPid:[[:space:]]*//p' "$status" 2>/dev/null)
        [ "$ppid" = "$parent" ] && basename "$(dirname "$status")"
    done
}
has_children() { [ -n "$(children)" ]; }
no_children() { [ -z "$(children)" ]; }

start 80 24 -- --size 96 --variant naive --counters simulated -C
wait_for "caches simulated"
if command -v valgrind >/dev/null 2>&1; then
    poll 60 "no simulation child while simulating" has_children
    # on a busy machine valgrind takes its time: the deadline is generous, the test is not
    # about speed
    wait_for_re "sim: L1D miss [0-9.]+[kMG]? +L1 miss [0-9.]+%" 120
    wait_for_re "sim(ulated)?: .*D1 [0-9]+K [0-9]+-way [0-9]+B, LL [0-9]+[KM] [0-9]+-way, all 96 rows" 5
    keys v
    wait_for "variant  reordered"
    wait_for_re "sim: L1D miss [0-9.]+[kMG]?" 120
    keys q
    wait_for "TTTOP-EXITED 0"
    poll 5 "the simulation outlived the dashboard" no_children
else
    wait_for "simulated counters need valgrind (apt-get install valgrind)"
    keys q
    wait_for "TTTOP-EXITED 0"
fi

# no valgrind on the PATH: the panel says which package brings it
start 80 24 PATH=/nonexistent -- --size 96 --counters simulated
wait_for "simulated counters need valgrind (apt-get install valgrind)" 20
keys q
wait_for "TTTOP-EXITED 0"
