# q, Ctrl-C, SIGTERM, SIGHUP and SIGQUIT leave the terminal as it was and exit as shells expect
# (0 for q, 128 + the signal otherwise); -n exits by itself.
. "$(dirname "$0")/lib.sh"
for how in q C-c TERM HUP QUIT; do
    case $how in
    q) want=0 ;;
    C-c) want=130 ;;
    TERM) want=143 ;;
    HUP) want=129 ;;
    QUIT) want=131 ;;
    esac
    start 80 24 -- --size 100
    wait_for "ladder at n=100"
    case $how in
    TERM | HUP | QUIT) signal "$how" ;;
    *) keys "$how" ;;
    esac
    wait_for "TTTOP-EXITED $want" 5
    # the alternate screen is gone: the shell's own output is back, the dashboard is not
    screen_text | grep -q "BEFORE-TTTOP" || fail "$how: the screen before tttop was not restored"
    if screen_text | grep -q "ladder at"; then fail "$how: dashboard left on screen"; fi
    done
start 80 24 -- --size 100 -n 3 -d 2
wait_for "TTTOP-EXITED 0" 15

# a terminal that goes away without a hangup reaching tttop (its tmux server killed): tttop
# notices and exits instead of spinning on a dead terminal
start 80 24 -- --size 100
wait_for "ladder at n=100"
pid=$(cat "$WORK/tttop.pid")
tmux -L "$SOCK" kill-server
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 60 ] || { kill "$pid"; fail "tttop ($pid) still runs 3 s after its terminal went away"; }
    sleep 0.05
done
