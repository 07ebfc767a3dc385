# Helpers for terminal tests: tttop in a detached tmux session of a fixed size, keys sent
# with send-keys, the screen read with capture-pane, polling with deadlines.
# Sourced by each tests/e2e/*.sh with TTTOP set to the binary under test.

RUNS=0
# every run ignores saved settings unless a test clears this
CONFIG_FLAG=--no-config
SOCK="tttop-e2e-$$-0"
WORK=$(mktemp -d)
export XDG_CONFIG_HOME="$WORK/config" HOME="$WORK"
# the machine's peak is not measured (the header says "peak: not measured"); charts.sh
# unsets this and lets the dashboard measure it
export TTTOP_NO_MEASURE=1
trap 'stop; rm -rf "$WORK"' EXIT

# stop: end the current session (each start gets a fresh server) and everything it ran.
# The terminal's hangup reaches only its session leader: once tttop has exited that is
# the sleep that keeps the pane open (the launching shell became it), so the hangup ends
# it; a tttop still running (a failed test) is stopped first, by the pid it recorded.
stop() {
    if [ -s "$WORK/tttop.pid" ] && [ ! -e "$WORK/tttop.exited" ]; then
        kill -TERM "$(cat "$WORK/tttop.pid")" 2>/dev/null &&
            poll_quiet 5 test -e "$WORK/tttop.exited"
    fi
    tmux -L "$SOCK" kill-server 2>/dev/null
    return 0
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
    # the inner shell records its pid, then becomes tttop: tests can signal exactly it
    rm -f "$WORK/tttop.pid" "$WORK/tttop.exited"
    cat >"$WORK/launch.sh" <<EOF
trap : INT TERM HUP
cd '$WORK' && echo BEFORE-TTTOP
sh -c 'echo \$\$ >"$WORK/tttop.pid"; exec env$envs "\$0" $CONFIG_FLAG "\$@"' '$TTTOP' $*
status=\$?
: >"$WORK/tttop.exited"
echo TTTOP-EXITED \$status
exec sleep 60
EOF
    tmux -L "$SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" "sh '$WORK/launch.sh'" ||
        fail "tmux could not start"
}

screen_text() {
    tmux -L "$SOCK" capture-pane -p -t 0 2>/dev/null
}

keys() {
    tmux -L "$SOCK" send-keys -t 0 "$@"
}

# poll_quiet SECONDS CMD...: run CMD until it succeeds, or return 1 after SECONDS.
poll_quiet() {
    deadline=$(($(now_ms) + $1 * 1000))
    shift
    while [ "$(now_ms)" -lt "$deadline" ]; do
        "$@" && return 0
        sleep 0.05
    done
    return 1
}

# poll SECONDS WHAT CMD...: run CMD until it succeeds, or fail after SECONDS.
poll() {
    limit=$1 what=$2
    shift 2
    poll_quiet "$limit" "$@" || fail "$what within $limit s"
}

shows() { screen_text | grep -qF -- "$1"; }
shows_re() { screen_text | grep -qE -- "$1"; }
lacks() { ! shows "$1"; }

# wait_for TEXT [SECONDS], wait_for_re REGEX [SECONDS], wait_gone TEXT [SECONDS]
wait_for() { poll "${2:-10}" "'$1' did not appear" shows "$1"; }
wait_for_re() { poll "${2:-10}" "/$1/ did not appear" shows_re "$1"; }
wait_gone() { poll "${2:-10}" "'$1' stayed on screen" lacks "$1"; }

# signal SIG: send SIG to the tttop started last.
signal() {
    [ -s "$WORK/tttop.pid" ] || fail "no pid recorded for tttop"
    kill -"$1" "$(cat "$WORK/tttop.pid")"
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}
