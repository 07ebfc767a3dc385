# At 80x24 the training profile shows where the time goes: the largest sections first,
# the rest folded into one row, so the backward passes of the big layers are on screen.
. "$(dirname "$0")/lib.sh"
start 80 24 -- --workload train --variant reordered --batch 64
wait_for "per-layer profile: reordered, largest first"
wait_for "dense1.bwd" 20
wait_for "dense2.bwd" 20
wait_for_re "[0-9]+ others" 20
# the rows come largest share first (the timings themselves vary with the machine's load)
shares=$(screen_text | sed -n '/section  *calls/,/others/p' | grep -o '[0-9.]*%' | tr -d '%')
[ "$(echo "$shares" | wc -l)" -ge 6 ] || fail "the profile shows too few rows"
echo "$shares" | sed '$d' | awk 'NR > 1 && $1 > prev + 0.05 { bad = 1 } { prev = $1 } END { exit bad }' ||
    fail "profile rows are not largest first: $(echo $shares)"
keys q; wait_for "TTTOP-EXITED 0"
