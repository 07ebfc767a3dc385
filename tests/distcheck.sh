#!/bin/sh
# make distcheck: the release tarball, unpacked in an empty directory far from this tree,
# builds and passes `make check`; `make install` and `make uninstall` into a stage there
# put exactly the binary and the man page, and take exactly them away.
set -eu
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
tar -xzf "$tarball"
dir=$(basename "$tarball" .tar.gz)
cd "$dir"
[ ! -e .git ] || { echo "distcheck: the tarball holds .git"; exit 1; }
make check
make install DESTDIR="$tmp/stage" PREFIX=/usr
files=$(cd "$tmp/stage" && find . -type f | sort | tr '\n' ' ')
[ "$files" = "./usr/bin/tttop ./usr/share/man/man1/tttop.1 " ] || {
    echo "distcheck: install put: $files"
    exit 1
}
make uninstall DESTDIR="$tmp/stage" PREFIX=/usr
left=$(cd "$tmp/stage" && find . -type f | wc -l)
[ "$left" -eq 0 ] || { echo "distcheck: uninstall left $left files"; exit 1; }
echo "distcheck: $dir builds, passes make check, installs and uninstalls cleanly"
