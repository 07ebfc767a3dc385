# --record: a write that fails is shown on screen and stops the recording, and the file
# keeps only whole lines: /dev/full, and a tmpfs that fills up (root only, else skipped).
. "$(dirname "$0")/lib.sh"
start 120 30 -- --size 64 -d 2 --record /dev/full
wait_for "recording stopped"
shows "No space left on device" || fail "/dev/full: the reason is not shown"
keys q
wait_for "TTTOP-EXITED 0"

mnt="$WORK/small"
mkdir -p "$mnt"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=64k tttop-e2e "$mnt" 2>/dev/null; then
    echo "SKIPPED: the full tmpfs part needs root and CAP_SYS_ADMIN to mount one"
    exit 0
fi
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
# leave two pages free: a few lines fit, then the disk is full in the middle of one
head -c 57344 /dev/zero >"$mnt/filler" 2>/dev/null
start 120 30 -- --size 64 -d 2 --record "$mnt/rec.jsonl"
wait_for "recording stopped" 30
keys q
wait_for "TTTOP-EXITED 0"
[ -s "$mnt/rec.jsonl" ] || fail "nothing was recorded before the disk filled"
[ "$(tail -c 1 "$mnt/rec.jsonl" | od -An -c | tr -d ' ')" = '\n' ] ||
    fail "the record ends in a half line"
grep -v '^{.*}$' "$mnt/rec.jsonl" && fail "a line of the record is not a whole JSON object"
umount "$mnt"
