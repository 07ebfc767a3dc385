# A terminal that cannot place the cursor, an unknown TERM or none at all: one line in
# tttop's words pointing at `tttop bench`, exit 2, and no --record file created.
. "$(dirname "$0")/lib.sh"
for term in dumb no-such-terminal ""; do
    start 80 24 "TERM=$term" -- --record "$WORK/rec.jsonl"
    wait_for "TTTOP-EXITED 2" 5
    screen_text | grep -q "tttop bench" || fail "TERM='$term': no pointer to tttop bench"
    [ ! -e "$WORK/rec.jsonl" ] || fail "TERM='$term': the record file was created"
done
