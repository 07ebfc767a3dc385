/* The correctness verdict: normwise max relative error against a reference. */
#ifndef TTTOP_CHECK_H
#define TTTOP_CHECK_H

#include <stddef.h>

/* max_i |x_i - ref_i| / max_i |ref_i|; NAN contaminates (a NAN anywhere gives NAN);
 * 0 when both are all zero, +inf when only the reference is. */
double check_max_rel_err(const double *x, const double *ref, size_t count);

#endif
