/* The dashboard's simulations: follows the face's wanted run, simulates every variant at
 * its setting (the one shown first, the rest of the ladder after) in one child at a time,
 * kills that child by its PID when the setting changes, and hands each result to the
 * results model, which keeps it per run (a result is never simulated twice). Driven from
 * the face's thread, never the worker's; it never waits on the child. */
#ifndef TTTOP_SIMULATOR_H
#define TTTOP_SIMULATOR_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/experiment.h"
#include "core/results.h"

typedef struct simulator simulator;

simulator *simulator_create(void); /* NULL when out of memory */
void simulator_free(simulator *s); /* kills a child still running */

/* Follow wanted: start, cancel or poll the child as needed, results into model. Returns
 * true when something on screen changed (a result arrived, the status line moved). */
bool simulator_follow(simulator *s, const experiment *wanted, results *model);
/* A line on what the simulation does now ("simulating blocked ..."), why it cannot run
 * ("simulated counters need valgrind (apt-get install valgrind)"), or "" when idle. */
const char *simulator_status(const simulator *s);
/* True when the status line is a reason it cannot run or a failure. */
bool simulator_failed(const simulator *s);
pid_t simulator_pid(const simulator *s); /* the child running now, 0 when none */

#endif
