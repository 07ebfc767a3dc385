#include "core/check.h"

#include <math.h>

double check_max_rel_err(const double *x, const double *ref, size_t count)
{
    double max_diff = 0.0, max_ref = 0.0;
    for (size_t i = 0; i < count; i++) {
        double d = fabs(x[i] - ref[i]);
        if (isnan(d))
            return NAN;
        if (d > max_diff)
            max_diff = d;
        if (fabs(ref[i]) > max_ref)
            max_ref = fabs(ref[i]);
    }
    if (max_ref == 0.0)
        return max_diff == 0.0 ? 0.0 : INFINITY;
    return max_diff / max_ref;
}
