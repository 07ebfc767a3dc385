#include "core/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double stats_median_inplace(double *values, size_t count)
{
    if (count == 0)
        return NAN;
    qsort(values, count, sizeof *values, compare_doubles);
    return count % 2 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2]);
}

int stats_summarise(const double *values, size_t count, timing_stats *out)
{
    out->min = out->median = out->max = NAN;
    if (count == 0)
        return 0;
    double *sorted = malloc(count * sizeof *sorted);
    if (!sorted)
        return -1;
    memcpy(sorted, values, count * sizeof *sorted);
    out->median = stats_median_inplace(sorted, count);
    out->min = sorted[0];
    out->max = sorted[count - 1];
    free(sorted);
    return 0;
}
