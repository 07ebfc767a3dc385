/* One sample of an experiment: an untimed-for-stats first run (warm-up, and the run whose
 * output is checked), then repetitions until a minimum time and count, timed with
 * CLOCK_MONOTONIC, with the counters read around the repetitions only. */
#ifndef TTTOP_MEASURE_H
#define TTTOP_MEASURE_H

#include <stdbool.h>

#include "counters/counters.h"
#include "core/sample.h"
#include "core/workload.h"

/* A first run at least this long is not repeated when one repetition is asked for: a
 * naive 2000^3 multiply is measured once, not twice. */
#define MEASURE_LONG_RUN_S 1.0
#define MEASURE_MAX_REPS 100000

double measure_now(void); /* CLOCK_MONOTONIC seconds */

/* Fills out (seq left 0). set may be NULL. check: compare the output with the reference variant.
 * Returns KERNEL_DONE, KERNEL_CANCELLED or KERNEL_NOMEM. */
int measure_sample(const workload_ops *ops, workload_state *st, const experiment *e, counters *set,
                   kernel_ctl *ctl, bool check, sample *out);

#endif
