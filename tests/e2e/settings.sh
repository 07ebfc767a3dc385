# Only what keys change is saved, as htop does; options on the command line apply to that
# run alone; a session that changes nothing writes nothing; a broken file is reported and
# left as it was.
. "$(dirname "$0")/lib.sh"
CONFIG_FLAG=
ini="$XDG_CONFIG_HOME/tttop/tttop.ini"

start 80 24 -- --size 100 --variant blocked
wait_for "variant  blocked"
keys q; wait_for "TTTOP-EXITED 0"
[ ! -e "$ini" ] || fail "a session without key changes wrote $ini"

start 80 24 -- --size 100 --variant blocked
wait_for "variant  blocked"
keys v; wait_for "variant  packed"
keys +; wait_for "size     n=128"
keys q; wait_for "TTTOP-EXITED 0"
grep -q "^variant = packed" "$ini" || fail "variant not saved"
grep -q "^n = 128" "$ini" || fail "size not saved"
grep -q "^block\|^threads\|^workload" "$ini" && fail "settings no key changed were saved"

start 80 24 --
wait_for "variant  packed"
wait_for "size     n=128"
keys q; wait_for "TTTOP-EXITED 0"

# the command line applies to its run only
touch -d "2001-01-01" "$ini"
start 80 24 -- --variant naive --size 64
wait_for "variant  naive"
wait_for "size     n=64"
keys q; wait_for "TTTOP-EXITED 0"
[ "$(date -r "$ini" +%Y)" = 2001 ] || fail "command-line options rewrote the settings"
grep -q "^variant = packed" "$ini" || fail "command-line options were saved"
start 80 24 --
wait_for "variant  packed"
keys q; wait_for "TTTOP-EXITED 0"
[ "$(date -r "$ini" +%Y)" = 2001 ] || fail "an unchanged session rewrote the file"

printf '[dashboard]\nvariant = nonsense\n' >"$ini"
start 80 24 -- --size 100
wait_for "settings ignored"
wait_for "variant  blocked"
keys v; wait_for "variant  packed"
keys q; wait_for "TTTOP-EXITED 0"
grep -q "nonsense" "$ini" || fail "a broken settings file was overwritten"
