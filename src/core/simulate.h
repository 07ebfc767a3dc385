/* Simulated counters for matmul runs: tttop itself, under valgrind's callgrind with this
 * machine's cache geometry, in a child process (`tttop __simulate`), runs the same kernel
 * with the same tunables and inputs on a band of rows of C at the full n and k, and only
 * the kernel's own work is counted. The counts are scaled to the whole multiply.
 *
 * A job simulates a list of runs one after the other in one child and hands each result
 * over as soon as it is ready; it never blocks its caller (the dashboard's thread polls
 * it) and is cancelled by killing the child by its PID. */
#ifndef TTTOP_SIMULATE_H
#define TTTOP_SIMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/experiment.h"
#include "counters/simulated.h"

/* Why this process cannot simulate, or NULL when it can: valgrind missing (with the
 * package to install), a sanitizer build, already under valgrind. */
const char *simulate_unavailable(void);
/* One line for reports: "caches simulated by callgrind: D1 48K 12-way 64B, LL ...", or
 * why they cannot be (simulate_unavailable). Returns buf or the reason. */
const char *simulate_summary(char *buf, size_t len);
/* Matmul only: the network's layers have no single band of rows. */
bool simulate_supports(const experiment *e);

/* The bands of rows simulated for e: rows [0, small) and rows [0, large), large = 2 small,
 * sized so that both take under a second under valgrind, in whole row blocks of the
 * variant where that is affordable (*part_block false), else in fewer rows (true). large
 * is 0 when small covers every row. */
void simulate_band(const experiment *e, int *small, int *large, bool *part_block);

typedef struct sim_job sim_job;

/* Start one child for runs[0..count) (all matmul, with the n, k and seed of the first).
 * NULL with a one-line reason in err when it cannot start. */
sim_job *simulate_start(const experiment *runs, int count, char *err, size_t errlen);
/* Without waiting: 1 and a result (runs[*index]) when one was ready, 0 when none is yet,
 * -1 when the job is over (all delivered, or it failed: simulate_error says why). */
int simulate_poll(sim_job *j, int *index, sim_counts *out);
/* The same, waiting up to timeout_s for something to happen. */
int simulate_wait(sim_job *j, int *index, sim_counts *out, double timeout_s);
const char *simulate_error(const sim_job *j); /* "" when none */
pid_t simulate_pid(const sim_job *j);         /* the child, 0 once it was reaped */
int simulate_current(const sim_job *j);       /* the run being simulated, -1 when done */
/* Kill the child (SIGKILL to its PID, reaped at once), remove its files, free the job. Also
 * the way to free a finished job. NULL is fine. */
void simulate_cancel(sim_job *j);

/* Blocking: every run of runs, results into out[i] (valid false where it failed). 0, or
 * -1 with err when the child could not start or failed before the end. */
int simulate_runs(const experiment *runs, int count, sim_counts *out, char *err, size_t errlen);

#endif
