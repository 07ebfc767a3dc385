# The demo by hand, through its alias (`tttop --demo`, here after --no-config): Space and n
# go on, p and Backspace go back and stop at the first step, P pauses, the help lists the
# demo's keys, the dashboard's keys work inside a step, and 40x12 runs it without a crash.
. "$(dirname "$0")/lib.sh"
start 80 24 -- --demo --size 100
wait_for "demo 1/"
wait_for "workload net"
keys n; wait_for "demo 2/"
wait_for "size     n=100"
keys ' '; wait_for "demo 3/"
keys p; wait_for "demo 2/"
keys BSpace; wait_for "demo 1/"
wait_for "workload net"
keys p; wait_for "the first step"
screen_text | grep -q "demo 1/" || fail "p at the first step moved"
keys P; wait_for "paused (P resumes)"
keys P; wait_gone "paused (P resumes)"
keys '?'; wait_for "help: tttop demo keys"
wait_for "demo: previous step"; wait_for "pause / resume measuring"
keys x; wait_gone "help: tttop demo keys"
# a dashboard key inside a step: the next variant
keys v; wait_for "variant  reordered"
keys n; wait_for "demo 2/"
wait_for "variant  naive"
keys q
wait_for "TTTOP-EXITED 0" 10

start 40 12 -- --demo --size 100
wait_for "net naive batch=64"
keys n; wait_for "matmul naive n=100"
keys n n n
wait_for "n=100"
tmux -L "$SOCK" resize-window -t 0 -x 30 -y 6
wait_for "tttop"
tmux -L "$SOCK" resize-window -t 0 -x 80 -y 24
wait_for "demo 5/"
keys q
wait_for "TTTOP-EXITED 0" 10
