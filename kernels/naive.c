/* Rung 1: the textbook ijk triple loop. B is walked down a column in the inner loop,
 * one cache line per multiply-add: this is the baseline everything is compared with. */
#include "kernels.h"

/* Poll the cancel flag this often inside a row so that a wide, deep row cannot hold it. */
#define NAIVE_POLL_COLUMNS 64

static int naive_run(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                     double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    (void)tun;
    kernel_progress_begin(ctl, m);
    for (int i = 0; i < m; i++) {
        const double *ai = a + (size_t)i * lda;
        double *ci = c + (size_t)i * ldc;
        for (int j = 0; j < n; j++) {
            if (j % NAIVE_POLL_COLUMNS == 0 && kernel_should_stop(ctl))
                return KERNEL_CANCELLED;
            double sum = 0.0;
            for (int p = 0; p < k; p++)
                sum += ai[p] * b[(size_t)p * ldb + j];
            ci[j] = sum;
        }
        kernel_progress_add(ctl, 1);
    }
    return KERNEL_DONE;
}

const kernel_info kernel_variant_naive = {
    .name = "naive",
    .summary = "ijk triple loop, B walked by column",
    .lesson = "inner loop walks B down a column: a cache miss per multiply-add",
    .role = KERNEL_ROLE_BASELINE,
    .run = naive_run,
};
