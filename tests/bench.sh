#!/bin/sh
# make bench: the benchmark suite. Speed targets are ratios to OpenBLAS measured in the same
# run (these machines are shared and noisy), never absolute numbers.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
common="--min-time 0.5 --reps 3 --quiet --format csv"

echo "tttop benchmark suite (ratios measured in one run; higher is better)"
echo

# CSV columns: 1 workload 2 variant 3 m 6 batch 8 threads 11 time_median_s 13 gflops
ratios() { # file, label, target
    awk -F, -v label="$2" -v target="$3" '
        NR == 1 { next }
        { key = ($1 == "matmul" ? "n=" $3 : "batch=" $6) " threads=" $8
          t[key, $2] = $11; g[key, $2] = $13; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
        END {
            for (i = 1; i <= n; i++) {
                k = order[i]
                if (!((k, "openblas") in t) || !((k, "microkernel") in t)) continue
                r = t[k, "openblas"] / t[k, "microkernel"]
                printf "  %-22s %-24s microkernel %7.1f GFLOP/s  openblas %7.1f GFLOP/s  ratio %5.2f  target %s %s\n",
                    label, k, g[k, "microkernel"], g[k, "openblas"], r, target,
                    (r >= target ? "met" : "MISSED")
            }
        }' "$1"
}

"$bin" bench --variant all --size 256,512,1000 $common --out "$tmp/ladder.csv"
echo "the ladder, 1 thread (GFLOP/s):"
awk -F, 'NR > 1 { printf "  n=%-5s %-12s %8.2f GFLOP/s\n", $3, $2, $13 }' "$tmp/ladder.csv"
echo

"$bin" bench --variant microkernel,openblas --size 256 --threads 1 $common --out "$tmp/s256.csv"
ratios "$tmp/s256.csv" "1 thread" 0.80
"$bin" bench --variant microkernel,openblas --size 512,1000,2000 --threads 1 $common --out "$tmp/s1.csv"
ratios "$tmp/s1.csv" "1 thread" 0.97
# the same runs against the measured per-core peak of the best ISA (the microkernel's tile)
"$bin" machine --format json >"$tmp/machine.json"
peak=$(awk -F': ' '/"per_core"/ { sub(/,$/, "", $2); print $2; exit }' "$tmp/machine.json")
isa=$(awk -F'"' '/"isa"/ { print $4; exit }' "$tmp/machine.json")
awk -F, -v peak="$peak" -v isa="$isa" 'NR > 1 && $2 == "microkernel" && $3 >= 1000 {
    p = 100 * $13 / peak
    printf "  %-22s n=%-5s threads=1  microkernel %7.1f GFLOP/s  %4.1f%% of the %s peak (%.1f)  target 90%% %s\n",
        "1 thread, of peak", $3, $13, p, isa, peak, (p >= 90 ? "met" : "MISSED")
}' "$tmp/s1.csv"
# The AVX2 tile is what CPUs without AVX-512 get; on a CPU with AVX-512 it is measured against
# OpenBLAS's own AVX2 kernels (its Haswell core), not against its AVX-512 ones.
avx2_blas=
if grep -qw avx512f /proc/cpuinfo 2>/dev/null && grep -qw avx2 /proc/cpuinfo; then
    avx2_blas=Haswell
fi
avx2_run() {
    if [ -n "$avx2_blas" ]; then OPENBLAS_CORETYPE=$avx2_blas "$@"; else "$@"; fi
}
avx2_run "$bin" bench --variant microkernel,openblas --size 512,1000,2000 --threads 1 --isa avx2 \
    $common --out "$tmp/avx2.csv"
ratios "$tmp/avx2.csv" "1 thread, AVX2 tile" 0.95
"$bin" bench --variant microkernel,openblas --size 512,1000,2000 --threads 2 $common --out "$tmp/s2.csv"
ratios "$tmp/s2.csv" "2 threads" 0.95
"$bin" bench --workload net --variant microkernel,openblas --batch 64 $common --out "$tmp/net.csv"
ratios "$tmp/net.csv" "MLP forward" 1.00
echo
echo "(ratio: openblas time / microkernel time at the same setting, higher is better; the AVX2"
echo " rows force the tile CPUs without AVX-512 get${avx2_blas:+, against OpenBLAS's $avx2_blas kernels})"
