#!/bin/bash
# Every command in README.md's ```sh blocks, run as written but at small sizes, so that the
# README cannot drift: headless ones directly, the dashboard's in tmux (quit with q); each
# must exit 0. `make check` is the run this is part of, so it is the one line not run.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
readme=$root/README.md
work=$(mktemp -d)
sock=tttop-readme-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/config LC_ALL=C.UTF-8 TERM=xterm-256color
mkdir -p "$HOME" "$XDG_CONFIG_HOME"

# the files the commands read: MNIST's two IDX files (600 random digits) and two saved runs
mkdir -p "$HOME/mnist"
perl -e 'srand(7); print pack("N4", 2051, 600, 28, 28), map { chr(int(rand(256))) } 1 .. 600 * 784' \
    >"$HOME/mnist/train-images-idx3-ubyte"
perl -e 'srand(7); print pack("N2", 2049, 600), map { chr(int(rand(10))) } 1 .. 600' \
    >"$HOME/mnist/train-labels-idx1-ubyte"
mkdir -p "$work/fixtures"
"$bin" bench --variant naive,openblas --size 32 --min-time 0.01 --counters off -q -f json \
    --out "$work/fixtures/a.json" || exit 1
cp "$work/fixtures/a.json" "$work/fixtures/b.json"

# the commands, one per line, comments dropped
awk '/^```/ { if (on) { on = 0; next } if ($0 == "```sh") { on = 1; next } } on' "$readme" |
    sed -e 's/[[:space:]]*#.*$//' -e 's/[[:space:]]*$//' | grep -v '^$' >"$work/commands"

# small: sizes of 100 and more become 48, measurements short; a bench or tune without a
# size gets one, a report its smallest sizes
shrink() {
    local cmd=$1 face=$2
    cmd=$(printf '%s' "$cmd" | perl -pe 's/(--size |-s )(\S+)/$1 . join("x", map { join(",", map { $_ >= 100 ? 48 : $_ } split ",") } split "x", $2)/ge; s/--min-time \S+/--min-time 0.01/')
    case $face in
    bench | tune)
        case " $cmd " in *" --size "* | *" -s "* | *" --workload "*) ;; *) cmd="$cmd --size 48" ;; esac
        case " $cmd " in *" --min-time "*) ;; *) cmd="$cmd --min-time 0.01" ;; esac
        ;;
    report)
        case " $cmd " in *" --sizes "* | *" --from "*) ;; *) cmd="$cmd --sizes 24" ;; esac
        ;;
    demo) case " $cmd " in *" --size "*) ;; *) cmd="$cmd --size 64" ;; esac ;;
    esac
    printf '%s' "$cmd"
}

# run_in_tmux DIR CMD: the dashboard on a 100x30 terminal until its key bar shows, then q
run_in_tmux() {
    local dir=$1 cmd=$2 i
    tmux -L "$sock" kill-server 2>/dev/null
    tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 -c "$dir" \
        "$cmd 2>$dir/.err; echo \$? >$dir/.rc; sleep 30"
    for i in $(seq 1 300); do
        tmux -L "$sock" capture-pane -p -t 0 >"$dir/.screen" 2>/dev/null
        grep -q 'Quit' "$dir/.screen" && break
        [ -e "$dir/.rc" ] && break
        sleep 0.2
    done
    sleep 1
    tmux -L "$sock" send-keys -t 0 q 2>/dev/null
    for i in $(seq 1 100); do
        [ -e "$dir/.rc" ] && break
        sleep 0.1
    done
    tmux -L "$sock" kill-server 2>/dev/null
    if ! grep -q 'Quit' "$dir/.screen"; then
        echo "no key bar on the screen:" >"$dir/.why"
        cat "$dir/.screen" >>"$dir/.why"
        return 1
    fi
    [ -e "$dir/.rc" ] && [ "$(cat "$dir/.rc")" = 0 ]
}

n=0 failed=0 skipped=0
while IFS= read -r line; do
    n=$((n + 1))
    dir=$work/cmd$n
    mkdir -p "$dir"
    cp "$work/fixtures/a.json" "$work/fixtures/b.json" "$dir/"
    set -- $line
    case $1 in
    make)
        case $line in
        "make check")
            echo "readme: not run: '$line' (the run this test is part of)"
            skipped=$((skipped + 1))
            continue
            ;;
        "make run") mode=tmux cmd="make --no-print-directory -C '$root' run" ;;
        *) mode=direct cmd="make --no-print-directory -C '$root' ${line#make }" ;;
        esac
        ;;
    ./tttop)
        face=${2:-}
        case $face in bench | tune | events | machine | report) mode=direct ;; *) mode=tmux ;; esac
        cmd=$(shrink "$line" "$face")
        cmd="'$bin'${cmd#./tttop}"
        ;;
    *)
        echo "readme: FAIL: '$line': not a command this test knows how to run"
        failed=$((failed + 1))
        continue
        ;;
    esac
    ok=0
    if [ "$mode" = direct ]; then
        (cd "$dir" && eval "timeout 300 $cmd") >"$dir/.out" 2>"$dir/.err" </dev/null || ok=1
    else
        run_in_tmux "$dir" "$cmd" || ok=1
    fi
    if [ $ok -ne 0 ]; then
        echo "readme: FAIL: '$line' (run as: $cmd)"
        cat "$dir/.why" 2>/dev/null
        tail -n 5 "$dir/.err" 2>/dev/null | sed 's/^/  /'
        failed=$((failed + 1))
    fi
done <"$work/commands"
echo "readme: $((n - skipped - failed)) commands ran as written (small sizes), $failed failed, $skipped not run"
[ "$failed" -eq 0 ] && [ "$n" -gt 10 ]
