#!/bin/sh
# make screenshots: what a person sees, captured from the real binary in tmux at the sizes
# people use (a projector's 80x24, a roomy 120x40, a cramped 40x12), once the numbers have
# filled in (polled, with a deadline). Each capture is kept twice: the text (NAME.txt) and
# a picture (NAME.png) rendered from the coloured capture: tmux capture-pane -e, aha to
# HTML, headless Chromium to PNG, in DejaVu Sans Mono (braille cells, which that font
# lacks, are drawn one cell wide from DejaVu Sans). Each file is written whole (temporary
# file, then rename).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
missing=""
for tool in tmux aha chromium perl fc-list; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
fc-list "DejaVu Sans Mono" 2>/dev/null | grep -q . || missing="$missing fonts-dejavu-core"
if [ -n "$missing" ]; then
    echo "screenshots: missing:$missing (make screenshots installs aha, chromium and" \
        "fonts-dejavu-core as root, or prints the apt-get line)" >&2
    exit 1
fi
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

# until_gone REGEX [SECONDS]: wait until no line matches REGEX.
until_gone() {
    deadline=$(($(now_ms) + ${2:-60} * 1000))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        screen | grep -qE -- "$1" || return 0
        sleep 0.1
    done
    echo "screenshots: $name: '$1' stayed on screen" >&2
    screen >&2
    exit 1
}

# settle [SECONDS]: wait until the screen stops changing for two seconds.
settle() {
    deadline=$(($(now_ms) + ${1:-60} * 1000))
    before=$(screen)
    while [ "$(now_ms)" -lt "$deadline" ]; do
        sleep 2
        now=$(screen)
        [ "$now" = "$before" ] && return 0
        before=$now
    done
}

start() { # name cols rows args...
    name=$1 cols=$2 rows=$3
    shift 3
    [ -n "$sock" ] && tmux -L "$sock" kill-server 2>/dev/null
    sock="tttop-shots-$$-$name"
    tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" \
        "cd '$work' && '$bin' $*; sleep 60"
}

keys() { tmux -L "$sock" send-keys -t 0 "$@"; }

resize() { # name cols rows: the same session at another size
    name=$1 cols=$2 rows=$3
    tmux -L "$sock" resize-window -t 0 -x "$cols" -y "$rows"
}

# The coloured capture as a PNG of the terminal's size: 16 px DejaVu Sans Mono, a cell
# 0.6021 em wide (the font's advance) and 1.15 em high (its box-drawing glyphs' height, so
# that borders join).
FONT_PX=16
render() { # capture.ans cols rows out.png
    cw=$(awk -v f=$FONT_PX 'BEGIN { printf "%.3f", 0.6021 * f }')
    lh=$(awk -v f=$FONT_PX 'BEGIN { printf "%.3f", 1.15 * f }')
    w=$(awk -v c="$2" -v w="$cw" 'BEGIN { printf "%d", c * w + 16 + 0.999 }')
    h=$(awk -v r="$3" -v l="$lh" 'BEGIN { printf "%d", r * l + 16 + 0.999 }')
    html=$work/render.html
    {
        printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>\n'
        printf 'body { margin: 0; background: #1c1e22; color: #d4d4d4; }\n'
        printf 'pre { margin: 0; padding: 8px; font: %spx/1.15 "DejaVu Sans Mono", monospace; }\n' \
            "$FONT_PX"
        printf 'i { display: inline-block; width: %spx; height: %spx; line-height: %spx;' \
            "$cw" "$lh" "$lh"
        printf ' font-size: %spx; font-style: normal; overflow: hidden;' $((FONT_PX * 13 / 10))
        printf ' vertical-align: bottom; text-align: center; }\n'
        printf '</style></head><body><pre>'
        # aha's palette, brightened for a dark background; braille cells in boxes of one cell
        aha --no-header <"$1" | perl -CSD -pe '
            s/([\x{2800}-\x{28ff}])/<i>$1<\/i>/g;
            s/color:dimgray;background-color:teal/color:#16181b;background-color:#4fb3bf/g;
            s/background-color:teal/background-color:#4fb3bf/g;
            s/color:dimgray/color:#16181b/g;
            s/color:teal/color:#5ccfe6/g;
            s/color:olive/color:#e6c35c/g;
            s/color:green/color:#87c05f/g;
            s/color:red/color:#f0605a/g;'
        printf '</pre></body></html>\n'
    } >"$html"
    profile=$(mktemp -d "$work/chromium.XXXXXX")
    rm -f "$work/shot.png"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
        --screenshot="$work/shot.png" --window-size="$w,$h" "file://$html" \
        >"$work/chromium.log" 2>&1 || true
    if [ ! -s "$work/shot.png" ]; then
        echo "screenshots: $name: chromium wrote no picture" >&2
        cat "$work/chromium.log" >&2
        exit 1
    fi
    mv "$work/shot.png" "$4"
}

# save: the screen as NAME.txt and NAME.png, both from one coloured capture.
save() {
    tmux -L "$sock" capture-pane -e -p -t 0 >"$work/$name.ans"
    perl -pe 's/\e\[[0-9;]*m//g; s/[ \t]+$//' "$work/$name.ans" >"$out/$name.txt.tmp"
    mv "$out/$name.txt.tmp" "$out/$name.txt"
    render "$work/$name.ans" "$cols" "$rows" "$out/$name.png.tmp"
    mv "$out/$name.png.tmp" "$out/$name.png"
    echo "$out/$name.txt $out/$name.png"
}

# the dashboard at n=1000: every variant measured and checked; then the same at 120x40
start ladder-80x24 80 24 --no-config --size 1000 --variant microkernel
until_lines 1 "check ok"
keys s
until_lines 6 "x +(ok|ref) *│$" 180
save
resize dashboard-120x40 120 40
until_lines 1 "counters per repetition"
until_lines 6 "x +(ok|ref) *│$" 60
sleep 3 # a few more points of the history
save

start net-profile-120x40 120 40 --no-config --workload net --variant naive
until_lines 1 "dense3 "
keys s
until_lines 6 "x +(ok|ref) *│$" 120
save

start train-80x24 80 24 --no-config --workload train --variant openblas
until_lines 1 "dense1.bwd"
until_lines 1 "acc [0-9]+%"
sleep 5 # a few more seconds of the loss curve
save

start small-40x12 40 12 --no-config --size 500
until_lines 1 "check ok"
save

start help-80x24 80 24 --no-config --size 200
until_lines 1 "check ok"
keys '?'
until_lines 1 "help: tttop keys"
save

# the guided demo, by itself: a rung with its caption filled in, then the summary
start demo-80x24 80 24 demo --size 1000 --auto 4
until_lines 1 "demo [0-9]+/[0-9]+: microkernel" 300
until_gone "measuring\.\.\." 60
until_lines 1 "[0-9.]+x naive" 60
save
name=demo-summary-80x24
until_lines 1 "demo [0-9]+/[0-9]+: summary" 180
until_lines 1 "paused \(P resumes\)" 180
save

# the four charts at 80x24, as g cycles them: history, roofline, size sweep (S), block
# sweep (u); the peak measured in the background at the first start
start chart-history-80x24 80 24 --size 300 --variant blocked
until_lines 1 "GFLOP/s/core" 120
until_lines 1 "check ok"
keys s
until_lines 6 "x +(ok|ref) *│$" 120
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
