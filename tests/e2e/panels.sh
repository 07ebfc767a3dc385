# At 80x24 every panel of the classroom layout shows and fills in.
. "$(dirname "$0")/lib.sh"
start 80 24 -- --size 200 --variant blocked
for text in "tttop" "experiment" "readings" "counters per repetition" "GFLOP/s history" \
    "ladder at n=200" "workload matmul" "variant  blocked" "Quit"; do
    wait_for "$text"
done
wait_for "GFLOP/s  "
wait_for "check ok"
wait_for "task-clock"
screen_text | grep -q "software events only\|hardware events" || fail "no counter status"
# the selected variant's lesson is on screen
wait_for "blocked: block x block tiles"
keys q
wait_for "TTTOP-EXITED 0"
