/* The peak a run could reach, for "% of peak": per core, times the cores its threads can
 * really use (threads beyond the online CPUs add nothing). */
#ifndef TTTOP_PEAK_H
#define TTTOP_PEAK_H

#include "core/sample.h"

/* A results_peak_fn: GFLOP/s, NAN when unknown. ctx is unused. */
double machine_peak_gflops(const sample *s, void *ctx);
/* The cores `threads` threads can use on this machine. */
int machine_usable_cores(int threads);

#endif
