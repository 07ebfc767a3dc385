#!/bin/sh
# Adding a variant is one file in kernels/ and one line in one list: a copy of the tree
# gets `reordered2` (reordered.c under a new name) that way, is built, and must show up in
# `tttop bench --variant all`, in --help and in the dashboard's ladder with no other edit.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'tmux -L "tttop-extra-$$" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
# never the user's settings; the peak is not what this test is about
export XDG_CONFIG_HOME="$tmp" TTTOP_NO_MEASURE=1
fail() {
    echo "extra variant: FAILED: $*"
    exit 1
}
for d in Makefile VERSION kernels src ui; do
    cp -R "$src/$d" "$tmp/"
done
sed -e 's/kernel_variant_reordered/kernel_variant_reordered2/' \
    -e 's/\.name = "reordered"/.name = "reordered2"/' \
    "$tmp/kernels/reordered.c" >"$tmp/kernels/reordered2.c"
# the one line: after reordered in the ladder
sed -i 's/^\( *\)X(reordered) *\\$/&\n\1X(reordered2) \\/' "$tmp/kernels/registry.c"
grep -q 'X(reordered2)' "$tmp/kernels/registry.c" || fail "could not add the line to the list"
make -s -C "$tmp" -j2 CFLAGS="-O1" tttop >/dev/null 2>"$tmp/build.log" || {
    cat "$tmp/build.log"
    fail "the tree with one more variant does not build"
}
bin=$tmp/tttop
"$bin" bench --variant all --size 48 --min-time 0.01 --quiet --format csv >"$tmp/out.csv"
grep -q '^matmul,reordered2,48,' "$tmp/out.csv" || fail "bench --variant all lacks reordered2"
rows=$(grep -c '^matmul,' "$tmp/out.csv")
"$bin" --help | grep -q 'reordered2' || fail "--help does not list reordered2"
"$bin" bench --variant reordered2 --size 32 --min-time 0.01 --quiet | grep -q 'reordered2' ||
    fail "bench --variant reordered2 does not run it"
# the dashboard's ladder, after a sweep
sock="tttop-extra-$$"
tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
    "XDG_CONFIG_HOME='$tmp' '$bin' --no-config --size 64; sleep 30"
i=0
until tmux -L "$sock" capture-pane -p -t 0 | grep -q "ladder at n=64"; do
    i=$((i + 1)); [ $i -lt 200 ] || fail "the dashboard did not start"; sleep 0.05
done
tmux -L "$sock" send-keys -t 0 s
i=0
until tmux -L "$sock" capture-pane -p -t 0 | grep -qE ' reordered2 +[0-9.]+ [mun]?s +[0-9.]+ .* ok'; do
    i=$((i + 1))
    [ $i -lt 600 ] || { tmux -L "$sock" capture-pane -p -t 0; fail "the ladder lacks a measured reordered2 row"; }
    sleep 0.05
done
tmux -L "$sock" send-keys -t 0 q
echo "extra variant: ok ($rows variants in bench, --help and the ladder)"
