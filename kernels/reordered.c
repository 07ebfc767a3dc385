/* Rung 2: the ikj loop order. The inner loop now streams a row of B and a row of C with
 * unit stride, which the compiler vectorises: same arithmetic, far fewer cache misses. */
#include "kernels.h"

/* Poll the cancel flag inside a row too: a row of a large, deep multiply is long. */
#define REORDERED_POLL_DEPTH 64

static int reordered_run(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                         double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    (void)tun;
    kernel_progress_begin(ctl, m);
    for (int i = 0; i < m; i++) {
        if (kernel_should_stop(ctl))
            return KERNEL_CANCELLED;
        const double *ai = a + (size_t)i * lda;
        double *restrict ci = c + (size_t)i * ldc;
        for (int j = 0; j < n; j++)
            ci[j] = 0.0;
        for (int p = 0; p < k; p++) {
            if (p % REORDERED_POLL_DEPTH == REORDERED_POLL_DEPTH - 1 && kernel_should_stop(ctl))
                return KERNEL_CANCELLED;
            const double aip = ai[p];
            const double *restrict bp = b + (size_t)p * ldb;
            for (int j = 0; j < n; j++)
                ci[j] += aip * bp[j];
        }
        kernel_progress_add(ctl, 1);
    }
    return KERNEL_DONE;
}

const kernel_info kernel_variant_reordered = {
    .name = "reordered",
    .summary = "ikj loop order, unit-stride inner loop",
    .lesson = "loops swapped: the inner loop streams rows, unit stride, SIMD",
    .run = reordered_run,
};
