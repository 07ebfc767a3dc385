#!/bin/sh
# The man page renders without a warning, and for every face the options its --help lists
# are exactly those its section of the man page documents.
set -eu
bin=$1
man=$(dirname "$0")/../tttop.1
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v mandoc >/dev/null 2>&1; then
    mandoc -Tlint -Wwarning "$man" || { echo "manpage: mandoc -Tlint reports the above"; failed=1; }
else
    echo "manpage: SKIPPED the lint: mandoc is not installed (make deps installs it)"
fi
# section_options TITLE: the --options named in the man page section .SS TITLE
section_options() {
    awk -v want="$1" '
        /^\.S[HS] / { title = $0; sub(/^\.S[HS] /, "", title); gsub(/"/, "", title); on = (title == want); next }
        on' "$man" | sed 's/\\-/-/g' | grep -o -- '--[a-z][a-z-]*' | sort -u
}
help_options() {
    # shellcheck disable=SC2086
    "$bin" $1 --help | grep -o '^ *\(-[a-zA-Z], \)\?--[a-z][a-z-]*' | grep -o -- '--[a-z-]*' | sort -u
}
for face in "Dashboard:" "tttop bench:bench" "tttop tune:tune" "tttop events:events" "tttop machine:machine" "tttop demo:demo" "tttop report:report"; do
    title=${face%%:*}
    command=${face#*:}
    a=$(section_options "$title")
    b=$(help_options "$command")
    if [ "$a" != "$b" ]; then
        echo "manpage: '$title' and '$bin $command --help' disagree:"
        printf '%s\n' "$a" >"$tmp/man"
        printf '%s\n' "$b" >"$tmp/help"
        comm -23 "$tmp/man" "$tmp/help" | sed 's/^/  only in the man page: /'
        comm -13 "$tmp/man" "$tmp/help" | sed 's/^/  only in --help:       /'
        failed=1
    fi
done
[ "$failed" -eq 0 ] && echo "manpage: ok" && exit 0
exit 1
