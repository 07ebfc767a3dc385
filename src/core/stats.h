/* Order statistics of repetition times. */
#ifndef TTTOP_STATS_H
#define TTTOP_STATS_H

#include <stddef.h>

typedef struct timing_stats {
    double min, median, max;
} timing_stats;

/* values is left untouched; count 0 gives NANs. Returns 0, or -1 when out of memory. */
int stats_summarise(const double *values, size_t count, timing_stats *out);
/* Median of values, reordering them in place; NAN when count is 0. */
double stats_median_inplace(double *values, size_t count);

#endif
