# Helpers for terminal tests: tttop in a detached tmux session of a fixed size, keys sent
# with send-keys, the screen read with capture-pane, polling with deadlines.
# Sourced by each tests/e2e/*.sh with TTTOP set to the binary under test.

RUNS=0
SOCK="tttop-e2e-$$-0"
WORK=$(mktemp -d)
export XDG_CONFIG_HOME="$WORK/config" HOME="$WORK"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

# stop: end the current session (each start gets a fresh server).
stop() {
    tmux -L "$SOCK" kill-server 2>/dev/null
}

fail() {
    echo "FAIL: $*"
    echo "---- screen ----"
    screen_text
    echo "----------------"
    exit 1
}

# start COLS ROWS [env...] -- args...: run tttop in a shell that reports its exit status.
start() {
    stop
    RUNS=$((RUNS + 1))
    SOCK="tttop-e2e-$$-$RUNS"
    cols=$1 rows=$2
    shift 2
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envs="$envs $1"
        shift
    done
    [ "${1:-}" = "--" ] && shift
    cmd="trap : INT TERM HUP; cd '$WORK' && echo BEFORE-TTTOP && env$envs '$TTTOP' --no-config $*; echo TTTOP-EXITED \$?; sleep 60"
    tmux -L "$SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" "sh -c \"$cmd\"" ||
        fail "tmux could not start"
}

screen_text() {
    tmux -L "$SOCK" capture-pane -p -t 0 2>/dev/null
}

keys() {
    tmux -L "$SOCK" send-keys -t 0 "$@"
}

# wait_for TEXT [SECONDS]: poll the screen until TEXT (a fixed string) shows.
wait_for() {
    deadline=$(($(date +%s%N) / 1000000 + ${2:-10} * 1000))
    while [ "$(($(date +%s%N) / 1000000))" -lt "$deadline" ]; do
        screen_text | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    fail "'$1' did not appear within ${2:-10} s"
}

# wait_for_re REGEX [SECONDS]: the same for an extended regular expression.
wait_for_re() {
    deadline=$(($(date +%s%N) / 1000000 + ${2:-10} * 1000))
    while [ "$(($(date +%s%N) / 1000000))" -lt "$deadline" ]; do
        screen_text | grep -qE -- "$1" && return 0
        sleep 0.05
    done
    fail "/$1/ did not appear within ${2:-10} s"
}

# wait_gone TEXT [SECONDS]
wait_gone() {
    deadline=$(($(date +%s%N) / 1000000 + ${2:-10} * 1000))
    while [ "$(($(date +%s%N) / 1000000))" -lt "$deadline" ]; do
        screen_text | grep -qF -- "$1" || return 0
        sleep 0.05
    done
    fail "'$1' still on screen after ${2:-10} s"
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}
