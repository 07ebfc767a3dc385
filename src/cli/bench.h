/* `tttop bench`: the headless face. Measures every (setting, variant) pair in turn on
 * the calling thread into a results model and writes the course's baseline table, CSV or
 * JSON from it. */
#ifndef TTTOP_BENCH_H
#define TTTOP_BENCH_H

#include <stddef.h>

#include "cli/options.h"
#include "core/results.h"
#include "counters/counters.h"

/* Measures everything o asks for into r. Returns 0; -1 with err for a setting this
 * machine cannot run (bad input: exit 2); -2 with err when it ran out of memory (exit 1). */
int bench_measure(const cli *o, counters *set, results *r, char *err, size_t errlen);
/* The whole subcommand: returns the exit status. argv[0] is "bench". */
int bench_main(int argc, char **argv);

#endif
