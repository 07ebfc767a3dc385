/* The worker thread: owns the kernels and the counters, measures the configured
 * experiment sample after sample, and publishes each sample for the face to take, plus a
 * snapshot of its state that any thread copies without ever waiting on a kernel.
 * Reconfiguring cancels the run in flight. The runner only measures: the face folds the
 * samples into its results model and writes them where it wants. */
#ifndef TTTOP_RUNNER_H
#define TTTOP_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/experiment.h"
#include "core/sample.h"
#include "counters/counters.h"

#define RUNNER_ERROR_MAX 200

typedef enum runner_state {
    RUNNER_STARTING = 0, /* opening counters, first allocation */
    RUNNER_MEASURING,
    RUNNER_PAUSED,
    RUNNER_FAILED, /* the setting cannot run (e.g. out of memory); see error */
} runner_state;

typedef struct runner_snapshot {
    uint64_t version; /* bumps on every change: redraw only when it moved */
    runner_state state;
    char error[RUNNER_ERROR_MAX];
    experiment wanted;  /* what the user asked for */
    experiment running; /* what the worker runs now (differs during a plan) */
    bool planning;      /* measuring a plan (a sweep) rather than the wanted run */
    int plan_done, plan_total;
    /* the repetition in flight */
    long progress_done, progress_total;
    double run_elapsed_s;
    double eta_s;     /* < 0 when unknown */
    uint64_t samples; /* published so far */
    /* counters, fixed once the worker has opened them */
    bool counters_ready;
    char counter_status[160];
    int nevents;
    counter_event events[COUNTERS_MAX];
    int counter_groups;
} runner_snapshot;

typedef struct runner runner;

/* Starts the worker on `initial`. event_names may be NULL for the defaults. */
runner *runner_create(const experiment *initial, const char *const *event_names, int nevents,
                      char *err, size_t errlen);
void runner_destroy(runner *r); /* cancels, joins, frees */

void runner_configure(runner *r, const experiment *e);
void runner_set_paused(runner *r, bool paused);
/* Drop the sample in flight: the next one starts afresh (the face forgets its results). */
void runner_reset(runner *r);
/* Measure each experiment of plan once, in order, then go back to the wanted one. A new
 * plan or a change of setting cancels the plan. */
int runner_plan(runner *r, const experiment *plan, int count);
/* As runner_plan, with a time cap per point (cap_s > 0): a point that the same variant's
 * last point in this plan, scaled by the work, predicts to take longer than cap_s is not
 * run, and one that runs past cap_s is cancelled; either is published as a sample with
 * `skipped` set, and the plan goes on. Plan points of a variant in growing sizes let the
 * prediction skip naive's big ones before they start. */
int runner_plan_capped(runner *r, const experiment *plan, int count, double cap_s);
/* One sample of every variant at the wanted setting. */
int runner_sweep(runner *r);
/* Move up to cap published samples, oldest first, into out; returns how many. */
int runner_take(runner *r, sample *out, int cap);
void runner_snapshot_get(runner *r, runner_snapshot *out);

#endif
