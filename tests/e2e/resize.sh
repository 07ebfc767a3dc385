# Resizing to 40x12 keeps the essentials; growing back brings the panels back.
. "$(dirname "$0")/lib.sh"
start 80 24 -- --size 100
wait_for "ladder at n=100"
tmux -L "$SOCK" resize-window -t 0 -x 40 -y 12
wait_gone "ladder at"
wait_for "tttop"
wait_for "matmul"
wait_for "Help"
tmux -L "$SOCK" resize-window -t 0 -x 30 -y 6
wait_for "tttop"
tmux -L "$SOCK" resize-window -t 0 -x 120 -y 40
wait_for "ladder at n=100"
wait_for "counters per repetition"
keys q
wait_for "TTTOP-EXITED 0"
