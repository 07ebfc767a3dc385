# LC_ALL=C draws pure ASCII; a UTF-8 locale draws lines and braille; NO_COLOR is honoured.
. "$(dirname "$0")/lib.sh"
start 80 24 LC_ALL=C -- --size 100
wait_for "ladder at n=100"
wait_for "GFLOP/s history"
sleep 1
if screen_text | LC_ALL=C grep -q '[^ -~]'; then fail "non-ASCII bytes under LC_ALL=C"; fi
screen_text | grep -q '^+-' || fail "no ASCII borders under LC_ALL=C"
keys q; wait_for "TTTOP-EXITED 0"

start 80 24 LC_ALL=C.UTF-8 -- --size 100
wait_for "ladder at n=100"
wait_for "┌"
keys q; wait_for "TTTOP-EXITED 0"

start 80 24 NO_COLOR=1 -- --size 100
wait_for "ladder at n=100"
if tmux -L "$SOCK" capture-pane -e -p -t 0 | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"; then
    fail "colours drawn with NO_COLOR set"
fi
keys q; wait_for "TTTOP-EXITED 0"

start 80 24 -- --size 100
wait_for "ladder at n=100"
tmux -L "$SOCK" capture-pane -e -p -t 0 | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m" ||
    fail "no colours by default"
keys q; wait_for "TTTOP-EXITED 0"
