#!/bin/sh
# Runs the table of bad inputs: tests/bad_inputs.sh path/to/tttop tests/bad_inputs.tsv
#
# Each row of the table, tab-separated:
#   status   the exit status wanted
#   message  an extended regular expression the standard error must match ('-': none)
#   command  sh code run in a fresh directory; $T is tttop; the settings live in ./cfg
#            (XDG_CONFIG_HOME), ./cfg/tttop/tttop.ini and ./cfg/tttop/tuning.ini
#   after    '-', or sh code that must succeed afterwards (the files left as they were)
# Helpers for the command: `tty_run [VAR=value...] -- ARGS` runs `$T ARGS` in a terminal
# (tmux) and returns its status with its standard error; $MACHINE is this machine's
# section in tuning.ini; `ini NAME TEXT` writes cfg/tttop/NAME with printf's escapes;
# $QUICK is a bench run of a fraction of a second.
# Every command runs under a deadline: a hang is a failure, not a stuck suite.
set -u
if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -r "$2" ]; then
    echo "usage: $0 path/to/tttop table.tsv" >&2
    exit 2
fi
T=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
table=$2
ROW_SECONDS=${ROW_SECONDS:-30}
base=$(mktemp -d)
SOCK="tttop-bad-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$base"' EXIT
export T SOCK

if ! command -v tmux >/dev/null 2>&1; then
    echo "bad inputs: tmux is missing (make deps installs it)"
    echo "bad inputs: 0 passed, 1 failed"
    exit 1
fi

# This machine's section name, as tune writes it.
mkdir -p "$base/machine"
XDG_CONFIG_HOME="$base/machine" "$T" tune --size 16 --variant blocked --min-time 0.001 \
    >/dev/null 2>&1
MACHINE=$(sed -n 's/^\[\(.*\)\]$/\1/p' "$base/machine/tttop/tuning.ini" 2>/dev/null | head -n 1)
if [ -z "$MACHINE" ]; then
    echo "bad inputs: could not learn this machine's tuning section"
    echo "bad inputs: 0 passed, 1 failed"
    exit 1
fi
export MACHINE

cat >"$base/helpers.sh" <<'EOF'
QUICK="--size 16 --variant openblas --min-time 0.001 -q"
ini() {
    mkdir -p cfg/tttop
    printf "$2" >"cfg/tttop/$1"
}
# tty_run [VAR=value...] -- ARGS: tttop in a fresh tmux window, 80x24.
tty_run() {
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envs="$envs '$1'"
        shift
    done
    [ "${1:-}" = "--" ] && shift
    args=""
    for a in "$@"; do
        args="$args '$(printf %s "$a" | sed "s/'/'\\\\''/g")'"
    done
    rm -f .tty-rc .tty-err
    cat >.tty.sh <<INNER
cd '$PWD'
env XDG_CONFIG_HOME='$PWD/cfg' HOME='$PWD' $envs '$T' $args 2>.tty-err
echo \$? >.tty-rc.part && mv .tty-rc.part .tty-rc
INNER
    win=$(tmux -L "$SOCK" -f /dev/null new-session -d -P -F '#{session_name}' -x 80 -y 24 \
        "sh '$PWD/.tty.sh'") || return 125
    while [ ! -s .tty-rc ]; do sleep 0.05; done
    tmux -L "$SOCK" kill-session -t "$win" 2>/dev/null
    cat .tty-err >&2
    return "$(cat .tty-rc)"
}
EOF

# kill_tree PID: PID and every process below it, by their ids (read from /proc).
kill_tree() {
    for stat in /proc/[0-9]*/stat; do
        ppid=$(sed -n 's/^.*) [A-Za-z] \([0-9]*\) .*$/\1/p' "$stat" 2>/dev/null)
        [ "$ppid" = "$1" ] && kill_tree "$(basename "$(dirname "$stat")")"
    done
    kill -KILL "$1" 2>/dev/null
}

passed=0 failed=0 n=0
tab=$(printf '\t')
while IFS="$tab" read -r want message command after; do
    case $want in '' | '#'*) continue ;; esac
    n=$((n + 1))
    dir="$base/row$n"
    mkdir -p "$dir/cfg"
    (
        cd "$dir" || exit 125
        export XDG_CONFIG_HOME="$dir/cfg" HOME="$dir"
        . "$base/helpers.sh"
        eval "$command"
    ) >"$dir/.out" 2>"$dir/.err" </dev/null &
    pid=$!
    # the deadline: the row's shell and what it started are stopped, by their ids
    (
        i=0
        while [ $i -lt $((ROW_SECONDS * 10)) ]; do
            sleep 0.1
            kill -0 "$pid" 2>/dev/null || exit 0
            i=$((i + 1))
        done
        kill_tree "$pid"
        echo timeout >"$dir/.timeout"
    ) &
    watchdog=$!
    wait "$pid"
    got=$?
    kill "$watchdog" 2>/dev/null
    wait "$watchdog" 2>/dev/null
    why=""
    if [ -e "$dir/.timeout" ]; then
        why="did not finish within $ROW_SECONDS s"
    elif [ "$got" -ne "$want" ]; then
        why="exit $got, wanted $want"
    elif [ "$message" != "-" ] && ! grep -Eq -- "$message" "$dir/.err"; then
        why="standard error does not match /$message/"
    elif [ "$(grep -c . "$dir/.err")" -gt 3 ]; then
        why="more than three lines on standard error"
    elif grep -q 'runtime error\|Sanitizer' "$dir/.err"; then
        why="a sanitizer spoke"
    elif [ -n "$after" ] && [ "$after" != "-" ] &&
        ! (cd "$dir" && . "$base/helpers.sh" && eval "$after") >/dev/null 2>&1; then
        why="afterwards: $after"
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL row $n: $command"
        echo "    $why"
        sed 's/^/    stderr: /' "$dir/.err" | head -n 5
    fi
done <"$table"
echo "bad inputs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
