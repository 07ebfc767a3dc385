#!/bin/sh
# make screenshots: what a person sees, captured from the real binary in tmux at the sizes
# people use (a projector's 80x24, a roomy 120x40, a cramped 40x12), once the numbers have
# filled in (polled, with a deadline). Each file is written whole (temporary file, then
# rename).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
mkdir -p "$out"
work=$(mktemp -d)
sock=""
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work" HOME="$work" LC_ALL=C.UTF-8

now_ms() { echo $(($(date +%s%N) / 1000000)); }
screen() { tmux -L "$sock" capture-pane -p -t 0; }

# until_lines N REGEX [SECONDS]: wait until N lines of the screen match REGEX.
until_lines() {
    deadline=$(($(now_ms) + ${3:-60} * 1000))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        [ "$(screen | grep -cE -- "$2")" -ge "$1" ] && return 0
        sleep 0.1
    done
    echo "screenshots: $name: '$2' did not show $1 times" >&2
    screen >&2
    exit 1
}

start() { # name cols rows args...
    name=$1 cols=$2 rows=$3
    shift 3
    [ -n "$sock" ] && tmux -L "$sock" kill-server 2>/dev/null
    sock="tttop-shots-$$-$name"
    tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" \
        "cd '$work' && '$bin' --no-config $*; sleep 60"
}

keys() { tmux -L "$sock" send-keys -t 0 "$@"; }

save() {
    screen >"$out/$name.txt.tmp"
    mv "$out/$name.txt.tmp" "$out/$name.txt"
    echo "$out/$name.txt"
}

# the ladder at n=1000: every variant measured and checked
start ladder-80x24 80 24 --size 1000 --variant microkernel
until_lines 1 "check ok"
keys s
until_lines 5 "x ok *│$" 120
save

start net-profile-120x40 120 40 --workload net --variant naive
until_lines 1 "dense3 "
keys s
until_lines 5 "x ok *│$" 120
save

start train-80x24 80 24 --workload train --variant openblas
until_lines 1 "dense3.bwd"
until_lines 1 "acc [0-9]+%"
sleep 5 # a few more seconds of the loss curve
save

start small-40x12 40 12 --size 500
until_lines 1 "check ok"
save

start help-80x24 80 24 --size 200
until_lines 1 "check ok"
keys '?'
until_lines 1 "help: tttop keys"
save

# the four charts at 80x24, as g cycles them: history, roofline, size sweep (S), block
# sweep (u); the peak measured in the background at the first start
start chart-history-80x24 80 24 --size 300 --variant blocked
until_lines 1 "GFLOP/s/core" 120
until_lines 1 "check ok"
keys s
until_lines 5 "x ok *│$" 120
save
name=chart-roofline-80x24
keys g
until_lines 1 "o=openblas"
save
name=chart-size-sweep-80x24
keys g S
until_lines 1 "size sweep: GFLOP/s vs n \(g: next\)" 300
save
name=chart-block-sweep-80x24
keys g u
until_lines 1 "best block [0-9]+ \(" 300
save
