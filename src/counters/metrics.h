/* Derived metrics from counter readings, with likwid's formulas. A metric whose inputs
 * were not counted is unavailable (has = false), never 0. */
#ifndef TTTOP_METRICS_H
#define TTTOP_METRICS_H

#include <stdbool.h>

#include "counters/counters.h"
#include "counters/simulated.h"

typedef struct metric {
    bool has;
    double value;
    bool simulated;  /* an input came from the cache simulation, not from counting */
    const char *why; /* when !has: short reason, e.g. "needs PAPI_TOT_CYC" */
} metric;

typedef struct metrics {
    metric ipc;             /* instructions / cycles */
    metric l1_miss_rate;    /* L1D misses / instructions */
    metric l1_miss_ratio;   /* L1D misses / L1D accesses */
    metric l2_miss_rate;    /* L2 misses / instructions */
    metric l2_miss_ratio;   /* L2 misses / L2 accesses */
    metric llc_miss_rate;   /* last-level misses / instructions */
    metric counted_flops;   /* FP ops counted per repetition */
    metric flops_ratio;     /* counted / analytic */
    metric gflops;          /* analytic flops / time */
    metric counted_gflops;  /* counted flops / time */
    metric ai_analytic;     /* analytic flops / analytic bytes */
    metric ai_counted;      /* flops / (LLC misses * line size) */
    metric cpu_utilisation; /* TASK-CLOCK / wall time */
    metric l1_per_flop;     /* L1D misses / analytic flops */
    metric llc_per_flop;    /* last-level misses / analytic flops */
    metric mem_bytes;       /* bytes from memory: last-level misses * line size */
} metrics;

/* values: counters_count(set) entries per repetition (NAN = not counted); set may be NULL.
 * analytic_bytes: minimum traffic of the workload (e.g. 8*(mk+kn+mn) for matmul). */
void metrics_compute(const counters *set, const double *values, double analytic_flops,
                     double analytic_bytes, double seconds, metrics *out);
/* The same from a copy of the set's event list (as a runner snapshot holds it). */
void metrics_compute_events(const counter_event *events, int nevents, const double *values,
                            double analytic_flops, double analytic_bytes, double seconds,
                            metrics *out);
/* The same, with simulated counts standing in where an event was not counted (the
 * metrics they feed are marked simulated). sim may be NULL. */
void metrics_compute_sim(const counter_event *events, int nevents, const double *values,
                         const sim_counts *sim, double analytic_flops, double analytic_bytes,
                         double seconds, metrics *out);

#endif
