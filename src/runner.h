/* The worker thread: owns the kernels and the counters, measures the configured
 * experiment sample after sample, and publishes snapshots that any other thread copies
 * without ever waiting on a kernel. Reconfiguring cancels the run in flight. */
#ifndef TTTOP_RUNNER_H
#define TTTOP_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "experiment.h"
#include "sample.h"

#define RUNNER_HISTORY 240
#define RUNNER_MAX_VARIANTS 8
#define RUNNER_ERROR_MAX 200

typedef enum runner_state {
    RUNNER_STARTING = 0, /* opening counters, first allocation */
    RUNNER_MEASURING,
    RUNNER_PAUSED,
    RUNNER_FAILED, /* the setting cannot run (e.g. out of memory); see error */
} runner_state;

typedef struct history_point {
    uint64_t seq;
    int variant;
    bool setting_changed; /* first point after a change of experiment */
    double gflops;
    double t_median;
    double loss, accuracy; /* train only, NAN otherwise */
} history_point;

typedef struct runner_snapshot {
    uint64_t version; /* bumps on every change: redraw only when it moved */
    runner_state state;
    char error[RUNNER_ERROR_MAX];
    experiment wanted;  /* what the user asked for */
    experiment running; /* what the worker runs now (differs while sweeping) */
    bool sweeping;
    /* the repetition in flight */
    long progress_done, progress_total;
    double run_elapsed_s;
    double eta_s; /* < 0 when unknown */
    /* the current setting since it was chosen (or reset) */
    sample last; /* seq 0: none yet */
    int nsamples;
    double best_s;   /* min over samples of t_min */
    double median_s; /* median of samples' t_median */
    /* the comparison ladder at the current setting: one slot per registry variant */
    sample ladder[RUNNER_MAX_VARIANTS];
    int history_count; /* oldest first */
    history_point history[RUNNER_HISTORY];
    /* counters, fixed once the worker has opened them */
    bool counters_ready;
    char counter_status[160];
    int nevents;
    counter_event events[COUNTERS_MAX];
    int counter_groups;
} runner_snapshot;

typedef struct runner runner;

/* Starts the worker on `initial`. event_names may be NULL for the defaults.
 * record_path: NULL, or a file that gets one JSON line per sample. */
runner *runner_create(const experiment *initial, const char *const *event_names, int nevents,
                      const char *record_path, char *err, size_t errlen);
void runner_destroy(runner *r); /* cancels, joins, frees */

void runner_configure(runner *r, const experiment *e);
void runner_set_paused(runner *r, bool paused);
void runner_reset(runner *r); /* forget samples and history of the current setting */
void runner_sweep(runner *r); /* one sample of every variant at the current setting */
void runner_snapshot_get(runner *r, runner_snapshot *out);

#endif
