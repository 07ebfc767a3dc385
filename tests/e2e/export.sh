# Exports never overwrite one another: two in the same second give two files.
. "$(dirname "$0")/lib.sh"
start 100 30 -- --size 64 --variant blocked -d 2
wait_for_re "[ >]blocked +[0-9.]+ [mun]?s"
keys v
wait_for_re "[ >]packed +[0-9.]+ [mun]?s"
three_files() { [ "$(ls "$WORK"/tttop-*.json 2>/dev/null | wc -l)" -eq 3 ]; }
keys e j e j e j
poll 10 "three exports, three files" three_files
for f in "$WORK"/tttop-*.json; do
    grep -q '"results"' "$f" || fail "$f lacks results"
done
keys q
wait_for "TTTOP-EXITED 0"
