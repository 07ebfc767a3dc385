#!/bin/sh
# The set-up contract without root and without touching the system: the Makefile's
# dependency step and its preflight run with stub dpkg-query, id, apt-get, pkg-config and
# compiler first on PATH. Checked: the packages named, the exact "as root:" line, the exit
# status, what root would run, and that nothing is compiled when something is missing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
make=$(command -v make)
# the stubs call these by path: a preflight case runs with nothing else on PATH
grep=$(command -v grep)
cat=$(command -v cat)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the makes below are independent of any make that runs this script
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

# the Makefile's own lists: VARIABLE := words, continued over backslashed lines
deb_list() {
    awk -v var="$1" '
        $1 == var && $2 == ":=" { on = 1; sub(/^[^=]*:= */, "") }
        on { line = $0; cont = sub(/\\$/, "", line); printf "%s ", line; if (!cont) exit }
    ' "$top/Makefile" | tr -s ' ' | sed 's/^ //; s/ $//'
}
RUN_PKGS=$(deb_list DEB_PKGS)
TEST_PKGS=$(deb_list DEB_TEST_PKGS)
[ -n "$RUN_PKGS" ] && [ -n "$TEST_PKGS" ] || { echo "setup: cannot read the package lists"; exit 1; }
# the pkg-config modules the Makefile asks for, the UI's first, and cmocka for the tests
ALL_MODS="$(deb_list UI_PKGS) $(deb_list CORE_PKGS) cmocka"
AS_ROOT="as root: apt-get install -y --no-install-recommends"

# Stubs. State lives in files: the packages dpkg knows as installed, the pkg-config modules
# present, the uid, whether the compiler finds the C headers; calls are logged.
stub=$tmp/stub
mkdir "$stub"
cat >"$stub/dpkg-query" <<EOF
#!/bin/sh
for p; do :; done
if "$grep" -qxF -- "\$p" "$tmp/installed"; then echo "install ok installed"; exit 0; fi
echo "dpkg-query: no packages found matching \$p" >&2
exit 1
EOF
cat >"$stub/id" <<EOF
#!/bin/sh
"$cat" "$tmp/uid"
EOF
cat >"$stub/apt-get" <<EOF
#!/bin/sh
echo "\${DEBIAN_FRONTEND:-} apt-get \$*" >>"$tmp/apt.log"
EOF
cat >"$stub/pkg-config" <<EOF
#!/bin/sh
[ "\$1" = --exists ] || exit 0
shift
for m; do "$grep" -qxF -- "\$m" "$tmp/modules" || exit 1; done
EOF
cat >"$stub/cc" <<EOF
#!/bin/sh
for a; do
    if [ "\$a" = -E ]; then "$cat" >/dev/null; [ -e "$tmp/libc" ]; exit; fi
done
echo "cc \$*" >>"$tmp/cc.log"
exit 1
EOF
chmod +x "$stub"/*
# for the preflight: a PATH holding only the tools chosen, no system directory
only=$tmp/only
mkdir "$only"

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() {
    failed=$((failed + 1))
    echo "FAIL: $case: $*"
    sed 's/^/    | /' "$tmp/out"
}

# given UID INSTALLED-PACKAGES...: the machine the next cases run on
given() {
    echo "$1" >"$tmp/uid"
    shift
    printf '%s\n' "$@" >"$tmp/installed"
    rm -f "$tmp/apt.log" "$tmp/cc.log"
}

# run_make PATH ARGS...: make in the checkout, its output in $tmp/out, its status in $rc
run_make() {
    path=$1
    shift
    rc=0
    PATH=$path "$make" -C "$top" --no-print-directory BUILD="$tmp/build" "$@" \
        >"$tmp/out" 2>&1 || rc=$?
}

expect_fail() { [ "$rc" -ne 0 ] || bad "exit status 0, wanted non-zero"; }
expect_ok() { [ "$rc" -eq 0 ] || bad "exit status $rc, wanted 0"; }
has_line() { grep -qxF -- "$1" "$tmp/out" || bad "no line '$1'"; }
lacks() { if grep -qF -- "$1" "$tmp/out"; then bad "'$1' printed"; fi; }
no_apt() { [ ! -e "$tmp/apt.log" ] || bad "apt-get ran: $(cat "$tmp/apt.log")"; }
no_compile() {
    [ ! -e "$tmp/cc.log" ] || bad "the compiler ran: $(cat "$tmp/cc.log")"
    [ ! -e "$tmp/build" ] || bad "a build directory was made"
}
# a case passes when none of its checks failed
case_start() { case=$1 before=$failed; }
case_end() { [ "$failed" -ne "$before" ] || ok; }

# --- not root: the exact apt-get line, nothing installed, nothing built ----------------
given 1000
case_start "make deps as a user on a bare machine"
run_make "$stub:$PATH" deps
expect_fail; has_line "$AS_ROOT $RUN_PKGS"; no_apt; lacks sudo; lacks valgrind
case_end

case_start "make run as a user on a bare machine"
run_make "$stub:$PATH" CC=cc run
expect_fail; has_line "$AS_ROOT $RUN_PKGS"; no_apt; no_compile; lacks tmux
case_end

case_start "make check as a user on a bare machine"
run_make "$stub:$PATH" check
expect_fail; has_line "$AS_ROOT $RUN_PKGS $TEST_PKGS"; no_apt; no_compile
case_end

# shellcheck disable=SC2046 # word splitting of the package lists is meant
given 1000 $(echo "$RUN_PKGS $TEST_PKGS" | sed 's/libpapi-dev//; s/tmux//')
case_start "make deps names only the missing package"
run_make "$stub:$PATH" deps
expect_fail; has_line "$AS_ROOT libpapi-dev"; no_apt
case_end

case_start "make deps-check names the missing test tool too"
run_make "$stub:$PATH" deps-check
expect_fail; has_line "$AS_ROOT libpapi-dev tmux"; no_apt
case_end

# shellcheck disable=SC2086
given 1000 $RUN_PKGS
case_start "make deps as a user needs no test tool"
run_make "$stub:$PATH" deps
expect_ok; has_line "make deps: all installed"; no_apt
case_end

# --- root: apt-get update, then a non-interactive install of the missing ones -----------
# shellcheck disable=SC2046
given 0 $(echo "$RUN_PKGS" | sed 's/libinih-dev//')
case_start "make deps as root installs the missing package"
run_make "$stub:$PATH" deps
expect_ok
printf '%s\n' "noninteractive apt-get update -q" \
    "noninteractive apt-get install -y -q --no-install-recommends libinih-dev" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/apt.log" || bad "apt-get calls: $(cat "$tmp/apt.log" 2>/dev/null)"
case_end

case_start "make deps-check as root installs the test tools too"
rm -f "$tmp/apt.log"
run_make "$stub:$PATH" deps-check
expect_ok
grep -qxF "noninteractive apt-get install -y -q --no-install-recommends libinih-dev $TEST_PKGS" \
    "$tmp/apt.log" 2>/dev/null || bad "apt-get calls: $(cat "$tmp/apt.log" 2>/dev/null)"
case_end

# shellcheck disable=SC2086
given 0 $RUN_PKGS $TEST_PKGS
case_start "make deps-check as root with everything there runs no apt-get"
run_make "$stub:$PATH" deps-check
expect_ok; has_line "make deps-check: all installed"; no_apt
case_end

# --- preflight: one line naming the packages and `make deps`; no compile ---------------
# only=$tmp/only holds links to the stubs a case wants; nothing else is on PATH
use() {
    rm -f "$only"/* "$tmp/libc"
    for t; do
        case $t in
        libc) : >"$tmp/libc" ;;
        *) ln -s "$stub/$t" "$only/$t" ;;
        esac
    done
    rm -f "$tmp/cc.log"
}
modules() { printf '%s\n' "$@" >"$tmp/modules"; }

one_line() {
    [ "$(wc -l <"$tmp/out")" -eq 1 ] || bad "$(wc -l <"$tmp/out") lines of output, wanted one"
    grep -qE -- "$1" "$tmp/out" || bad "output does not match /$1/"
}

use
modules
case_start "make with no compiler, no pkg-config, no library"
run_make "$only"
# libc6-dev is named too when this machine lacks the C headers
expect_fail
# every module's package, in the Makefile's order
lib_pkgs=$(for m in $(deb_list UI_PKGS) $(deb_list CORE_PKGS); do
    sed -n "s/^DEB_PKG\.$m *:= *//p" "$top/Makefile"
done | tr '\n' ' ' | sed 's/ $//')
one_line "missing packages gcc( libc6-dev)? pkg-config $lib_pkgs; run \`make deps\`"
no_compile
case_end

use cc pkg-config libc
# shellcheck disable=SC2046
modules $(echo "$ALL_MODS" | sed 's/papi//')
case_start "make with one library missing"
run_make "$only"
expect_fail; one_line "missing packages libpapi-dev; run \`make deps\`"; no_compile
case_end

use cc pkg-config
# shellcheck disable=SC2086
modules $ALL_MODS
case_start "make with a compiler that finds no C headers"
run_make "$only"
expect_fail; one_line "missing packages libc6-dev; run \`make deps\`"; no_compile
case_end

use cc pkg-config libc
# shellcheck disable=SC2046
modules $(echo "$ALL_MODS" | sed 's/cmocka//')
case_start "make unit without cmocka"
run_make "$only" unit
expect_fail; one_line "missing packages libcmocka-dev; run \`make deps-check\`"; no_compile
case_end

case_start "make tttop without cmocka is not stopped"
run_make "$only" -n tttop
expect_ok; grep -qF -- "$tmp/build/" "$tmp/out" || bad "no compile planned"; no_compile
case_end

use
modules
case_start "make clean needs nothing"
run_make "$only" -n clean
expect_ok
case_end

echo "setup: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
