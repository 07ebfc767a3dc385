/* The machine measured, not guessed: peak double-precision FLOP/s per instruction set and
 * memory bandwidth, measured once per machine by `tttop machine` (or quickly in the
 * background by the dashboard, or by bench) and cached in the config directory
 * (store/figures_cache.h).
 *
 * Peak: a loop of independent fused multiply-adds (enough accumulators to cover the FMA
 * latency times the units that run them), one per ISA the CPU runs: "scalar" (one double
 * per instruction), "avx2" (AVX2+FMA, 4 doubles), "avx512" (8 doubles). FLOPs are counted
 * (2 per lane per FMA) over the thread's own CPU time, so a busy machine lowers how long a
 * figure takes, not the figure; the best of a few repeats is kept. All cores: one pinned
 * thread per online CPU, the sum of their rates.
 *
 * Bandwidth: likwid-bench's triad a[i] = b[i] * c[i] + d[i] over arrays far larger than the
 * last-level cache, counted as likwid and STREAM count it: the bytes the loop loads and
 * stores (32 per element), not the write-allocate of a; the best pass is kept. */
#ifndef TTTOP_FIGURES_H
#define TTTOP_FIGURES_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define FIGURES_MAX_ISA 4

typedef struct isa_peak {
    char name[16];   /* "scalar", "avx2", "avx512" */
    double per_core; /* GFLOP/s, one core */
    double all_cores;
} isa_peak;

typedef struct machine_figures {
    bool measured;                        /* false: none cached yet (or being measured) */
    char isa[16];                         /* the best instruction set's name */
    double peak_per_core, peak_all_cores; /* GFLOP/s of the best instruction set */
    int nisa;
    isa_peak by_isa[FIGURES_MAX_ISA];
    double bw_one_thread, bw_all_threads; /* GB/s, STREAM-style triad */
    char measured_at[32];                 /* ISO 8601, UTC */
    int cores;                            /* threads of the all-cores figures */
    bool full;          /* `tttop machine`'s long measurement; false: the quick one */
    double triad_bytes; /* the triad's four arrays together */
} machine_figures;

/* How long and how big: the quick plan runs in well under a second (the dashboard's first
 * start, bench), the full one takes a few seconds (`tttop machine`). */
typedef struct figures_plan {
    double peak_s;         /* seconds per repeat of one ISA's loop */
    int peak_repeats;      /* one core; all cores do half as many (at least 1) */
    size_t triad_bytes;    /* the four arrays together (capped by figures_triad_size) */
    int triad_passes;      /* per thread count; the best is kept */
    size_t triad_min_llcs; /* arrays at least this many times the last-level cache */
} figures_plan;

extern const figures_plan figures_quick, figures_full;

/* The figures cached for this machine; false (and out->measured false) when there are
 * none. Never measures. */
bool figures_cached(machine_figures *out);

/* Measure with plan. cancel (may be NULL) stops it early (returns -1, "cancelled").
 * Returns 0, or -1 with a one-line reason. Where no memory can be had for the triad the
 * peak is still measured and the bandwidth left NAN. */
int figures_measure(const figures_plan *plan, machine_figures *out, const atomic_bool *cancel,
                    char *err, size_t errlen);

/* The arithmetic, pure, for the tests and the report. */
/* GFLOP/s of `fmas` fused multiply-adds of `lanes` doubles each in `seconds`. */
double figures_fma_gflops(double fmas, int lanes, double seconds);
/* Bytes a triad over `elements` moves as counted (3 loads and 1 store of 8 bytes). */
double figures_triad_bytes(double elements);
/* GB/s (10^9 bytes) of `bytes` in `seconds`; NAN when seconds is not positive. */
double figures_gbs(double bytes, double seconds);
/* The four arrays' total size: at least `min_llcs` times the last-level cache (when known)
 * and `wanted`, at most a quarter of the memory available, rounded down to whole pages of
 * each array; 0 when too little memory is free for a meaningful triad. */
size_t figures_triad_size(size_t wanted, size_t min_llcs, size_t llc_bytes, size_t mem_available);

/* The entry of an ISA by name ("scalar", "avx2", "avx512"), NULL when not measured. */
const isa_peak *figures_isa(const machine_figures *f, const char *name);
/* The ceiling of a run: the per-core peak of the ISA its SIMD tile runs ("avx512*" ->
 * avx512, "avx2*" -> avx2, "generic" -> scalar; NULL, a variant with no choice of tile,
 * -> the best ISA: the machine's ceiling) times `cores`. NAN when unknown. */
double figures_peak_for(const machine_figures *f, const char *tile_isa, int cores);
/* Fill the best ISA's fields (isa, peak_per_core, peak_all_cores) from by_isa. */
void figures_pick_best(machine_figures *f);

#endif
