/* The machine measured, not guessed: peak double-precision FLOP/s per instruction set and
 * memory bandwidth, measured once per machine by `tttop machine` (or in the background by
 * the dashboard) and cached in the config directory. */
#ifndef TTTOP_FIGURES_H
#define TTTOP_FIGURES_H

#include <stdbool.h>

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
} machine_figures;

/* The figures cached for this machine; false (and out->measured false) when there are
 * none. Never measures. */
bool figures_cached(machine_figures *out);

#endif
