# The guided demo: `tttop demo --auto 2` at a projector's 80x24, in monochrome, walks
# every step in order by itself (the network's profile, the ladder from the baseline to
# the reference, the whole network) to its summary, stays there, and q quits. --size keeps
# the matrices small so that the walk is short on a busy machine.
. "$(dirname "$0")/lib.sh"
CONFIG_FLAG= # the subcommand comes first
start 80 24 NO_COLOR=1 -- demo --auto 2 --size 128
t0=$(now_ms)
wait_for "demo 1/"
total=$(screen_text | sed -n 's/.*demo 1\/\([0-9]*\):.*/\1/p' | head -n 1)
[ -n "$total" ] || fail "no step count in the caption's title"
# the steps as they pass: never back, never skipping the summary
seen="" last=0 deadline=$((t0 + 150000))
while [ "$(now_ms)" -lt "$deadline" ]; do
    step=$(screen_text | sed -n 's/.*demo \([0-9]*\)\/[0-9]*:.*/\1/p' | head -n 1)
    if [ -n "$step" ] && [ "$step" != "$last" ]; then
        [ "$step" -gt "$last" ] || fail "--auto went back from step $last to $step"
        seen="$seen $step"
        last=$step
    fi
    [ "$last" = "$total" ] && break
    sleep 0.1
done
[ "$last" = "$total" ] || fail "--auto did not reach the summary (steps seen:$seen)"
echo "demo: summary after $(($(now_ms) - t0)) ms, steps seen:$seen of $total"
wait_for "demo $total/$total: summary"
wait_for "summary: matmul at n=128, the network at batch=64"
# every rung in the comparison table, with its times for the matrix and the network
for v in naive reordered blocked packed microkernel openblas; do
    wait_for_re "[ *]$v +[0-9.]+ [mun]?s +[0-9.]+ +[0-9.]+x +[0-9.]+ [mun]?s +[0-9.]+x" 60
done
wait_for_re "The network's forward pass: [0-9.]+x faster with openblas than with naive" 30
# the summary stays: measuring is done, the runner rests
wait_for "paused (P resumes)" 30
screen_text | grep -q "measuring..." && fail "the summary still says measuring"
# monochrome: bold, dim and reverse only, no colour
esc=$(printf '\033')
if tmux -L "$SOCK" capture-pane -e -p -t 0 | grep -qE "$esc\[([0-9]+;)*[34][0-7](;[0-9]+)*m"; then
    fail "colours with NO_COLOR set"
fi
keys q
wait_for "TTTOP-EXITED 0" 10
