# The classroom walk at 80x24, keys only: n=1000, naive up to openblas, every rung timed
# and checked in the comparison table, then a clean quit.
. "$(dirname "$0")/lib.sh"
start 80 24 --
wait_for "size     n=500"
keys +; wait_for "size     n=512"
keys +; wait_for "size     n=1000"
keys V V; wait_for "variant  naive"
for v in naive reordered blocked packed microkernel openblas; do
    wait_for "variant  $v"
    wait_for_re ">$v +[0-9.]+ [mun]?s +[0-9.]+ .* (ok|ref)" 30
    [ "$v" = openblas ] && break
    wait_for "check ok <1e-10"
    keys v
done
# every rung shows its time and verdict; the ratios against openblas are filled in
for v in naive reordered blocked packed microkernel; do
    wait_for_re "[ >]$v +[0-9.]+ [mun]?s +[0-9.]+ +[0-9.]+x +[0-9.]+x ok" 10
done
wait_for "task-clock"
wait_for "reference: others are checked against it"
keys q
wait_for "TTTOP-EXITED 0"
