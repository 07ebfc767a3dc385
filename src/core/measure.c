#include "core/measure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/stats.h"
#include "core/variant_call.h"

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double measure_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void counts_clear(double *counts, int n)
{
    for (int i = 0; i < n; i++)
        counts[i] = NAN;
}

/* Per-repetition counts from two readings of the same started set. */
static void counts_per_rep(double *out, const double *start, const double *end, int n, int reps)
{
    for (int i = 0; i < n; i++)
        out[i] = (end[i] - start[i]) / reps;
}

static void sample_init(sample *out, const experiment *e)
{
    memset(out, 0, sizeof *out);
    out->exp = *e;
    out->t_last = out->t_min = out->t_median = out->t_max = NAN;
    out->gflops = NAN;
    out->max_rel_err = NAN;
    out->loss = out->accuracy = out->loss_start = out->accuracy_start = NAN;
    out->flops = experiment_flops(e);
    out->tolerance = CHECK_TOLERANCE;
    out->reference = e->variant == variant_reference();
    experiment_resolve(e, &out->knobs);
    const kernel_info *kinfo = variant_kernel(e->variant);
    kernel_tunables tun;
    variant_tunables(e, &tun);
    out->threads_used = kernel_threads_used(kinfo, &tun);
    out->isa = kinfo->isa ? kinfo->isa(&tun) : NULL;
    out->workspace_bytes = experiment_workspace_bytes(e);
    counts_clear(out->counts, COUNTERS_MAX);
}

int measure_sample(const workload_ops *ops, workload_state *st, const experiment *e, counters *set,
                   kernel_ctl *ctl, bool check, sample *out)
{
    sample_init(out, e);
    const int nev = set ? counters_count(set) : 0;
    out->nevents = nev;
    double start_counts[COUNTERS_MAX], end_counts[COUNTERS_MAX];
    memset(start_counts, 0, sizeof start_counts); /* counters_start zeroes the counts */
    counts_clear(end_counts, COUNTERS_MAX);
    bool counting = set && counters_enabled(set) && counters_start(set) == 0;

    profile *prof = &out->prof;
    profile_reset(prof, counting ? set : NULL);
    double t0 = measure_now();
    int status = ops->run(st, e, ctl, prof);
    double first = measure_now() - t0;
    if (status != KERNEL_DONE) {
        if (counting)
            counters_stop(set, end_counts);
        return status;
    }

    /* where training stood before the measured steps, so a report can show it fall */
    if (e->workload == WORKLOAD_TRAIN)
        ops->progress(st, &out->loss_start, &out->accuracy_start, &out->step);

    size_t cap = 64, reps = 0;
    double *times = malloc(cap * sizeof *times);
    if (!times) {
        if (counting)
            counters_stop(set, end_counts);
        return KERNEL_NOMEM;
    }
    if (first >= MEASURE_LONG_RUN_S && first >= e->min_time && e->min_reps <= 1) {
        times[reps++] = first; /* long enough: the first run is the measurement */
    } else {
        if (counting)
            counters_read(set, start_counts);
        profile_reset(prof, counting ? set : NULL);
        double began = measure_now(), elapsed = 0.0;
        while (status == KERNEL_DONE && reps < MEASURE_MAX_REPS &&
               (elapsed < e->min_time || reps < (size_t)(e->min_reps > 0 ? e->min_reps : 1))) {
            if (reps == cap) {
                double *grown = realloc(times, 2 * cap * sizeof *times);
                if (!grown) {
                    status = KERNEL_NOMEM;
                    break;
                }
                times = grown;
                cap *= 2;
            }
            double r0 = measure_now();
            status = ops->run(st, e, ctl, prof);
            double r1 = measure_now();
            times[reps++] = r1 - r0;
            elapsed = r1 - began;
        }
    }
    if (counting) {
        counters_stop(set, end_counts);
        counts_per_rep(out->counts, start_counts, end_counts, nev, (int)reps);
    }
    if (status != KERNEL_DONE) {
        free(times);
        return status;
    }

    timing_stats ts;
    if (stats_summarise(times, reps, &ts) != 0) {
        free(times);
        return KERNEL_NOMEM;
    }
    out->reps = (int)reps;
    out->t_last = times[reps - 1];
    out->t_min = ts.min;
    out->t_median = ts.median;
    out->t_max = ts.max;
    out->gflops = out->flops / ts.median * 1e-9;
    free(times);

    if (check) {
        out->max_rel_err = ops->check(st, e);
        out->verdict = out->max_rel_err < out->tolerance ? CHECK_PASS : CHECK_FAIL;
    }
    out->finished_at = wall_now();
    ops->progress(st, &out->loss, &out->accuracy, &out->step);
    return KERNEL_DONE;
}
