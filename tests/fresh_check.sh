#!/bin/bash
# make fresh-check: the set-up contract of the README, for real, on a minimal Debian 12.
#
# A debootstrap minbase root (bookworm) plus git and make, in a temporary directory. Its
# own git clones this checkout's committed HEAD (uncommitted changes are not part of it).
# Before any package is installed, as an unprivileged user: `make run` must fail with the
# exact "as root: apt-get install ..." line (simulated with apt-get -s to prove it names
# real packages), `make check` must name the test tools too, and plain `make` must stop
# with the one-line preflight message and compile nothing. Then, as root, `make check`
# exactly as the README says: it installs what is missing, builds and runs every test.
#
# Needs root (debootstrap, chroot, mounts) and the Debian mirror; takes minutes. Runs in a
# private mount namespace where it can, so the chroot's mounts are never seen outside and
# vanish with it even if it is killed outright; on every exit path it stops what still
# runs in the chroot, unmounts (lazily as a last resort) and removes the directory only
# when nothing under it is mounted any more.
set -euo pipefail

MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
USER_NAME=tester
ROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
USER_PATH=/usr/local/bin:/usr/bin:/bin

say() { printf 'fresh-check: %s\n' "$*"; }
die() {
    say "FAILED: $*" >&2
    exit 1
}

src=$(cd "$(dirname "$0")/.." && pwd)
self=$src/tests/$(basename "$0")
export TTTOP_FRESH_START=${TTTOP_FRESH_START:-$(date +%s)}

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts); as root: make fresh-check"

if [ -z "${TTTOP_FRESH_NS:-}" ] && unshare --mount --propagation private true 2>/dev/null; then
    TTTOP_FRESH_NS=1 exec unshare --mount --propagation private "$BASH" "$self" "$@"
fi

if ! command -v debootstrap >/dev/null 2>&1; then
    say "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q --no-install-recommends debootstrap
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/tttop-fresh.XXXXXX")
root=$work/root
clone=/home/$USER_NAME/tttop

# the long steps run as a background job that the script waits for, so that a signal is
# acted on at once; cleanup stops the job and what it started in the chroot
job=
run_job() {
    local s=0
    "$@" &
    job=$!
    wait "$job" || s=$?
    job=
    return "$s"
}

# mounts_under DIR: mount points at or below DIR, deepest first
mounts_under() {
    awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

# the processes whose root is the chroot (a test's leftover tmux server, say), by pid
chroot_pids() {
    local p
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && echo "${p#/proc/}"
    done
    return 0
}

stop_chroot_processes() {
    local pids deadline
    pids=$(chroot_pids)
    [ -n "$pids" ] || return 0
    say "stopping what still runs in the chroot: $(echo "$pids" | tr '\n' ' ')"
    # shellcheck disable=SC2086 # one pid a word
    kill -TERM $pids 2>/dev/null
    deadline=$((SECONDS + 5))
    while [ -n "$(chroot_pids)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    pids=$(chroot_pids)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
    return 0
}

cleanup() {
    local status=$? m left
    trap - EXIT INT TERM HUP
    set +e
    if [ -n "$job" ]; then
        kill -TERM "$job" 2>/dev/null
        stop_chroot_processes
        wait "$job" 2>/dev/null
    fi
    stop_chroot_processes
    for m in $(mounts_under "$work"); do
        umount "$m" 2>/dev/null || umount -l "$m" || say "could not unmount $m" >&2
    done
    left=$(mounts_under "$work")
    if [ -n "$left" ]; then
        say "still mounted, so $work is left in place: $(tr "\n" " " <<<"$left")" >&2
        status=1
    else
        rm -rf --one-file-system "$work"
    fi
    local t=$(($(date +%s) - TTTOP_FRESH_START))
    if [ "$status" -eq 0 ]; then
        say "passed; elapsed $((t / 60)) min $((t % 60)) s"
    else
        say "FAILED (exit $status); elapsed $((t / 60)) min $((t % 60)) s"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# in_chroot USER DIR COMMAND...: COMMAND in DIR inside the chroot as USER, with the bare
# environment of a fresh login (no locale set: minbase has none)
in_chroot() {
    local user=$1 dir=$2 home=/root path=$ROOT_PATH
    shift 2
    if [ "$user" != root ]; then home=/home/$user path=$USER_PATH; fi
    # shellcheck disable=SC2016 # expanded by the inner shell
    chroot --userspec="$user:$user" "$root" /usr/bin/env -i HOME="$home" USER="$user" \
        LOGNAME="$user" PATH="$path" TERM="${TERM:-xterm}" \
        /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$dir" "$@"
}

say "debootstrap --variant=minbase --include=git,make $SUITE into $root ($MIRROR)"
t0=$SECONDS
if ! run_job debootstrap --variant=minbase --include=git,make "$SUITE" "$root" "$MIRROR" \
    >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    die "debootstrap"
fi
say "debootstrap done in $((SECONDS - t0)) s"

# what tmux (pseudo-terminals), AddressSanitizer (/proc/self/maps), the perf software
# events and the host facts (/proc, /sys) need
mount -t proc proc "$root/proc"
mount -o bind,ro /sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
[ -s "$root/etc/resolv.conf" ] || cp -L /etc/resolv.conf "$root/etc/resolv.conf"

chroot "$root" useradd --create-home --shell /bin/sh "$USER_NAME"
head=$(git -C "$src" rev-parse HEAD)
say "cloning $src at $head (its committed HEAD) with the chroot's git, as $USER_NAME"
if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
    say "note: $src has uncommitted changes; they are not part of what is checked"
fi
git -C "$src" bundle create "$root/tmp/tttop.bundle" HEAD 2>/dev/null
chmod 644 "$root/tmp/tttop.bundle"
in_chroot "$USER_NAME" "/home/$USER_NAME" \
    git -c advice.detachedHead=false clone -q /tmp/tttop.bundle tttop
rm -f "$root/tmp/tttop.bundle"
[ "$(in_chroot "$USER_NAME" "$clone" git rev-parse HEAD)" = "$head" ] || die "the clone is not at $head"

# --- as a user, before any package is installed ------------------------------------------
out=$work/out
as_user_fails() { # what, then the command
    local what=$1
    shift
    if in_chroot "$USER_NAME" "$clone" "$@" >"$out" 2>&1; then
        cat "$out"
        die "$what: succeeded as a user on a bare machine"
    fi
}

say "as $USER_NAME: make run"
as_user_fails "make run" make run
sed 's/^/    | /' "$out"
run_line=$(grep '^as root: apt-get install -y --no-install-recommends [a-z]' "$out") ||
    die "make run: no 'as root: apt-get install ...' line"
for p in gcc pkg-config libncurses-dev libopenblas-dev libpapi-dev libjansson-dev libinih-dev; do
    grep -qw -- "$p" <<<"$run_line" || die "make run: $p not named"
done
for p in libcmocka-dev tmux valgrind sudo; do
    if grep -qw -- "$p" <<<"$run_line"; then die "make run: names $p, which running does not need"; fi
done
# the printed line names real packages and would install them: apt-get -s simulates it
cmd=${run_line#as root: }
in_chroot "$USER_NAME" / sh -c "${cmd/apt-get /apt-get -s -q }" >"$out" 2>&1 ||
    { cat "$out"; die "the printed apt-get line fails (simulated)"; }
say "the printed line, simulated with apt-get -s: $(grep -c '^Inst ' "$out") packages to install"

say "as $USER_NAME: make check"
as_user_fails "make check" make check
check_line=$(grep '^as root: apt-get install' "$out") || { cat "$out"; die "make check: no apt-get line"; }
echo "    | $check_line"
for p in libcmocka-dev tmux valgrind; do
    grep -qw -- "$p" <<<"$check_line" || die "make check: $p not named"
done

say "as $USER_NAME: make"
as_user_fails "make" make
sed 's/^/    | /' "$out"
[ "$(wc -l <"$out")" -eq 1 ] || die "make: $(wc -l <"$out") lines, wanted the one preflight line"
# shellcheck disable=SC2016 # the backquotes are text
grep -q 'missing packages .*gcc.*libncurses-dev.*run `make deps`' "$out" ||
    die "make: the preflight line does not name the packages and make deps"
if [ -e "$root$clone/build" ] || [ -e "$root$clone/tttop" ]; then die "make: something was built"; fi

# --- as root, exactly as the README says ----------------------------------------------------
say "as root: make check"
t0=$SECONDS
check_as_root() {
    in_chroot root "$clone" make check 2>&1 | tee "$work/check.log"
    return "${PIPESTATUS[0]}"
}
status=0
run_job check_as_root || status=$?
say "make check: exit $status after $((SECONDS - t0)) s; its summary lines:"
grep -E '^(setup|unit|e2e|smoke|valgrind)[^:]*: [0-9]+ passed|FAIL|SKIPPED|^make(\[[0-9]+\])?: \*\*\*' \
    "$work/check.log" | sed 's/^/    | /'
[ "$status" -eq 0 ] || die "make check as root"

say "as $USER_NAME, now that everything is installed: make deps"
in_chroot "$USER_NAME" "$clone" make deps >"$out" 2>&1 || { cat "$out"; die "make deps as a user"; }
grep -q 'all installed' "$out" || { cat "$out"; die "make deps as a user: not 'all installed'"; }
sed "s/^/    | /" "$out"
