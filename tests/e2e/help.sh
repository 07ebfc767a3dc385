# The help: any key closes it, q included (as in htop: q closes the help, a second q
# quits); Esc closes it at once; at 40x12 it still says how to quit.
. "$(dirname "$0")/lib.sh"
start 80 24 -- --size 100
wait_for "ladder at n=100"
keys '?'; wait_for "help: tttop keys"
wait_for "any key closes this help; q then quits"
keys q; wait_gone "help: tttop keys" 2
screen_text | grep -q "TTTOP-EXITED" && fail "q in the help quit the program"
keys F1; wait_for "help: tttop keys"
t0=$(now_ms)
keys Escape; wait_gone "help: tttop keys" 2
[ $(($(now_ms) - t0)) -lt 600 ] || fail "Esc took $(($(now_ms) - t0)) ms to close the help"
keys q; wait_for "TTTOP-EXITED 0"

start 40 12 -- --size 100
wait_for "n=100"
keys h; wait_for "help: tttop keys"
wait_for "q then quits"
keys x; wait_gone "help: tttop keys" 2
keys q; wait_for "TTTOP-EXITED 0"
