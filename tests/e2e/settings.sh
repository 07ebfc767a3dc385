# Settings persist between runs, the command line beats them, a broken file is reported
# and left alone, and an unchanged session does not rewrite the file.
. "$(dirname "$0")/lib.sh"
CONFIG_FLAG=
ini="$XDG_CONFIG_HOME/tttop/tttop.ini"
start 80 24 -- --size 100 --variant blocked
wait_for "variant  blocked"
keys v; wait_for "variant  packed"
keys +; wait_for "size     n=128"
keys q; wait_for "TTTOP-EXITED 0"
grep -q "^variant = packed" "$ini" || fail "variant not saved"
grep -q "^n = 128" "$ini" || fail "size not saved"

start 80 24 --
wait_for "variant  packed"
wait_for "size     n=128"
keys q; wait_for "TTTOP-EXITED 0"

touch -d "2001-01-01" "$ini"
start 80 24 -- --variant naive
wait_for "variant  naive"
wait_for "size     n=128"
keys q; wait_for "TTTOP-EXITED 0"
grep -q "^variant = naive" "$ini" || fail "the command line's variant not saved"

start 80 24 --
wait_for "variant  naive"
keys q; wait_for "TTTOP-EXITED 0"
[ "$(date -r "$ini" +%Y)" != 2001 ] || fail "test setup: the file was not rewritten"
touch -d "2001-01-01" "$ini"
start 80 24 --
wait_for "variant  naive"
keys q; wait_for "TTTOP-EXITED 0"
[ "$(date -r "$ini" +%Y)" = 2001 ] || fail "unchanged settings rewrote the file"

printf '[dashboard]\nvariant = nonsense\n' >"$ini"
start 80 24 -- --size 100
wait_for "settings ignored"
wait_for "variant  blocked"
keys v; wait_for "variant  packed"
keys q; wait_for "TTTOP-EXITED 0"
grep -q "nonsense" "$ini" || fail "a broken settings file was overwritten"
