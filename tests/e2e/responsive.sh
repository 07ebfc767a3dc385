# Switching away from a slow naive n=2000 run responds at once.
. "$(dirname "$0")/lib.sh"
start 80 24 -- --size 2000 --variant naive
wait_for "variant  naive"
wait_for "ETA" 20
t0=$(now_ms)
keys v
wait_for "variant  reordered" 2
t1=$(now_ms)
wait_for "measuring reordered" 3
echo "  naive n=2000 -> reordered shown after $((t1 - t0)) ms"
[ $((t1 - t0)) -lt 1000 ] || fail "key took $((t1 - t0)) ms to show"
keys q
wait_for "TTTOP-EXITED 0" 5
