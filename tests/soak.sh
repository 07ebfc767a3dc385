#!/bin/bash
# Soak: the dashboard under random keys and resizes for SECONDS (tests/soak.sh TTTOP SECONDS).
# Throughout: the process stays alive, and a key is answered within 100 ms (the help
# overlay, opened and closed, timed from send-keys to the screen showing it, polling tmux;
# the time of one capture, measured alongside, is tmux's and is subtracted).
# Between bursts: large batches (the network at its biggest batch, a large matrix on every
# variant and thread count) and back; the resident memory after each, and at the end,
# stays within RSS_SLACK_KB of the plateau reached in a warm-up of SOAK_WARMUP_SECONDS of
# the same (it grows there while OpenBLAS's buffers and the allocator's arenas reach their
# size; a leak keeps growing).
# bash for $EPOCHREALTIME: timing without a fork per reading.
set -u
bin=$1
seconds=${2:-60}
LATENCY_MS=${SOAK_LATENCY_MS:-100}
# resident memory may end this much above the starting plateau (the results of every
# setting visited are kept, by design)
RSS_SLACK_KB=${SOAK_RSS_SLACK_KB:-32768}
WARMUP_SECONDS=${SOAK_WARMUP_SECONDS:-45}
[ -x "$bin" ] || { echo "usage: $0 path/to/tttop seconds" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v tmux >/dev/null 2>&1 || { echo "soak: tmux is missing (make deps installs it)"; echo "soak: 0 passed, 1 failed"; exit 1; }

work=$(mktemp -d)
sock="tttop-soak-$$"
export XDG_CONFIG_HOME="$work/config" HOME="$work"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
screen() { tmux -L "$sock" capture-pane -p -t 0 2>/dev/null; }
keys() { tmux -L "$sock" send-keys -t 0 "$@"; }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null; }
alive() { kill -0 "$pid" 2>/dev/null && ! screen | grep -q "TTTOP-EXITED"; }

failures=0 probes=0 retried=0 worst=0 worst_cost=0 total_ms=0
fail() {
    echo "soak: FAIL: $*"
    echo "---- screen ----"
    screen
    echo "----------------"
    failures=$((failures + 1))
}

# wait_screen LIMIT_MS PRESENT(1/0) TEXT: poll until the screen shows (or no longer shows)
# TEXT; prints the milliseconds it took, or nothing on timeout.
wait_screen() {
    local limit=$1 want=$2 text=$3 start now
    start=$(now_ms)
    while :; do
        if screen | grep -qF -- "$text"; then [ "$want" = 1 ] && break
        else [ "$want" = 0 ] && break; fi
        now=$(now_ms)
        [ $((now - start)) -gt "$limit" ] && return 1
    done
    echo $(($(now_ms) - start))
}

cat >"$work/launch.sh" <<EOF
cd '$work'
sh -c 'echo \$\$ >"$work/pid"; exec "\$0" --no-config -d 2 --size 100 "\$@"' '$bin'
echo TTTOP-EXITED \$?
sleep 600
EOF
tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 "sh '$work/launch.sh'" || {
    echo "soak: tmux could not start"; echo "soak: 0 passed, 1 failed"; exit 1; }
for _ in $(seq 100); do [ -s "$work/pid" ] && break; sleep 0.05; done
pid=$(cat "$work/pid" 2>/dev/null)
[ -n "$pid" ] && wait_screen 15000 1 "ladder at n=100" >/dev/null || {
    fail "the dashboard did not start"; echo "soak: 0 passed, 1 failed"; exit 1; }


# The polling's own cost: one capture-pane, timed just before a probe. On a busy machine
# starting a tmux client takes tens of milliseconds; that is tmux's time, not tttop's.
capture_ms() {
    local start
    start=$(now_ms)
    screen >/dev/null
    echo $(($(now_ms) - start))
}

# probe: the help overlay opens and closes, each within LATENCY_MS of the key, less the
# time one capture takes (the change can only be seen at the end of a capture). This
# machine may be shared and busy: a slow answer is tried again at once, twice; a dashboard
# that is really slow fails all three, a scheduling hiccup of the machine does not.
probe() {
    local open close cost ms raw attempt slowest
    for attempt in 1 2 3; do
        cost=$(capture_ms)
        keys '?'
        open=$(wait_screen 2000 1 "help: tttop keys")
        keys x # any key closes the help
        close=$(wait_screen 2000 0 "help: tttop keys")
        slowest=0
        for raw in "${open:-2000}" "${close:-2000}"; do
            ms=$((raw > cost ? raw - cost : 0))
            [ "$ms" -gt "$slowest" ] && slowest=$ms
        done
        [ "$cost" -gt "$worst_cost" ] && worst_cost=$cost
        probes=$((probes + 1))
        total_ms=$((total_ms + slowest))
        if [ "$slowest" -le "$LATENCY_MS" ]; then
            [ "$slowest" -gt "$worst" ] && worst=$slowest
            return 0
        fi
        retried=$((retried + 1))
        echo "soak: a key took $slowest ms to show (less $cost ms for one capture), try $attempt of 3"
    done
    fail "a key took more than $LATENCY_MS ms to show three times in a row"
}

# back to a small matrix: the workload to matmul, the size down to its smallest
normalise() {
    local i
    keys x # closes the help if it is open
    sleep 0.2
    for i in 1 2 3; do screen | grep -q "ladder at n=" && break; keys w; sleep 0.3; done
    for i in $(seq 16); do keys -; done
    sleep 0.2
    screen | grep -q "paused (space resumes)" && keys Space
}

# One large batch: the network at its largest batch size, then a large matrix on every
# variant with every thread the keys allow (OpenBLAS keeps a buffer per thread it has run,
# for good: that is its plateau, not a leak), then back.
large_batch() {
    normalise
    keys w
    for _ in $(seq 12); do keys +; done
    sleep 1.5
    keys w w
    for _ in $(seq 8); do keys +; done
    for _ in $(seq 8); do keys t; done
    for _ in $(seq 6); do keys v; sleep 0.5; done
    for _ in $(seq 8); do keys T; done
    normalise
}

# Resident memory after a large batch, back at a small matrix: the highest over a second
# and a half of normal running.
settled_rss() {
    local r high=0
    keys r
    for _ in $(seq 15); do
        r=$(rss_kb)
        [ "${r:-0}" -gt "$high" ] && high=$r
        sleep 0.1
    done
    echo "$high"
}

# Sizes go up only in the large batches (the random keys take them down).
random_keys=(v V Right Left - Down j b B t T w Space p r s e '?' h F1 C-l x z 1 Escape)
sizes=("80 24" "40 12" "120 40" "30 8" "200 60" "60 20" "100 30")
checkpoints=()
bursts=0

# phase SECONDS CHECK: bursts of random keys and resizes, a key probe after each, a large
# batch and a checkpoint of the memory every fourth; CHECK=1 holds each checkpoint to the
# plateau.
phase() {
    local deadline=$(($(now_ms) + $1 * 1000)) check=$2 burst size last
    while [ "$(now_ms)" -lt "$deadline" ]; do
        burst=()
        for _ in $(seq $((RANDOM % 40 + 10))); do
            burst+=("${random_keys[RANDOM % ${#random_keys[@]}]}")
        done
        keys "${burst[@]}"
        size=${sizes[RANDOM % ${#sizes[@]}]}
        tmux -L "$sock" resize-window -t 0 -x "${size% *}" -y "${size#* }"
        sleep 0.$((RANDOM % 5 + 1))
        alive || { fail "tttop died after burst $bursts"; return; }
        tmux -L "$sock" resize-window -t 0 -x 100 -y 30
        keys x
        sleep 0.2
        probe
        bursts=$((bursts + 1))
        if [ $((bursts % 4)) -eq 0 ]; then
            large_batch
            last=$(settled_rss)
            checkpoints+=("$last")
            if [ "$check" = 1 ]; then
                [ "$last" -gt $((plateau + RSS_SLACK_KB)) ] &&
                    fail "resident memory $last kB after a large batch, above the plateau $plateau kB (+$RSS_SLACK_KB kB)"
            elif [ "$last" -gt "$plateau" ]; then
                plateau=$last
            fi
        fi
    done
}

# The plateau: the memory grows for a while as OpenBLAS's per-thread buffers and the
# allocator's per-thread arenas reach the size the settings visited need (each thread
# count, variant and size the keys reach), then stays; a leak keeps growing. So a warm-up
# of the same random keys and large batches first, unchecked, whose highest checkpoint is
# the plateau; then the checked phase, every checkpoint and the end within RSS_SLACK_KB.
large_batch
plateau=$(settled_rss)
checkpoints+=("$plateau")
phase "$WARMUP_SECONDS" 0
warm=${#checkpoints[@]}
phase "$seconds" 1
alive || fail "tttop is not alive at the end"

# Back to where it started; the memory of the large runs must be given back.
normalise
keys r
settled=0
for _ in $(seq 100); do
    r=$(rss_kb)
    if [ "${r:-0}" -le $((plateau + RSS_SLACK_KB)) ]; then settled=1; break; fi
    sleep 0.1
done
end_rss=$(rss_kb)
if [ "$settled" != 1 ]; then
    fail "resident memory ${end_rss:-?} kB did not come back to the plateau $plateau kB (+$RSS_SLACK_KB kB)"
    echo "largest mappings (resident kB, mapping):"
    awk '/^[0-9a-f]+-[0-9a-f]+ /{m=$0} /^Rss:/{if ($2 > 1024) print "  " $2, m}' \
        "/proc/$pid/smaps" 2>/dev/null | sort -rn | head -n 8
fi
keys q
wait_screen 5000 1 "TTTOP-EXITED 0" >/dev/null || fail "q did not end tttop with status 0"

echo "soak: resident memory after each large batch (kB): ${checkpoints[*]:0:warm} (warm-up) ${checkpoints[*]:warm}"
echo "soak: $WARMUP_SECONDS s of warm-up and $seconds s checked, $bursts bursts of random keys and resizes, $probes key probes:" \
    "worst answered $worst ms, mean $((probes ? total_ms / probes : 0)) ms, $retried tried again" \
    "(limit $LATENCY_MS ms;" \
    "one capture took up to $worst_cost ms, subtracted);" \
    "resident memory: plateau $plateau kB, ${end_rss:-?} kB at the end"
if [ "$failures" -eq 0 ]; then
    echo "soak: 1 passed, 0 failed"
else
    echo "soak: 0 passed, 1 failed"
    exit 1
fi
