#!/bin/sh
# make screenshots: what a person sees, captured from the real binary in tmux at the sizes
# people use (a projector's 80x24, a roomy 120x40, a cramped 40x12), after the numbers
# have filled in. Each file is written whole (temporary file, then rename).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
mkdir -p "$out"
work=$(mktemp -d)
sock=""
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work" LC_ALL=C.UTF-8

shot() { # name cols rows keys-to-send seconds-to-wait args...
    name=$1 cols=$2 rows=$3 keys=$4 wait=$5
    shift 5
    [ -n "$sock" ] && tmux -L "$sock" kill-server 2>/dev/null
    sock="tttop-shots-$$-$name"
    tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" \
        "cd '$work' && '$bin' --no-config $*; sleep 60"
    sleep 1
    [ -n "$keys" ] && tmux -L "$sock" send-keys -t 0 $keys
    sleep "$wait"
    tmux -L "$sock" capture-pane -p -t 0 >"$out/$name.txt.tmp"
    mv "$out/$name.txt.tmp" "$out/$name.txt"
    echo "screenshots/$name.txt"
}

shot ladder-80x24 80 24 s 12 --size 1000 --variant microkernel
shot net-profile-120x40 120 40 s 8 --workload net --variant naive
shot train-80x24 80 24 "" 8 --workload train --variant openblas
shot small-40x12 40 12 "" 3 --size 500
shot help-80x24 80 24 "?" 2 --size 200
