/* Rung 3: loop tiling. The ikj order runs on block x block tiles so that the tile of B
 * being reused stays in cache while a block of rows of A sweeps over it. */
#include "kernels.h"
#include "tunables.h"

static int blocked_run(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                       double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    const int bs = tun && tun->block > 0 ? tun->block : kernel_tunable_block.def;
    kernel_progress_begin(ctl, m);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            c[(size_t)i * ldc + j] = 0.0;

    for (int i0 = 0; i0 < m; i0 += bs) {
        const int i1 = kernel_min(i0 + bs, m);
        for (int p0 = 0; p0 < k; p0 += bs) {
            const int p1 = kernel_min(p0 + bs, k);
            for (int j0 = 0; j0 < n; j0 += bs) {
                const int j1 = kernel_min(j0 + bs, n);
                if (kernel_should_stop(ctl))
                    return KERNEL_CANCELLED;
                for (int i = i0; i < i1; i++) {
                    const double *ai = a + (size_t)i * lda;
                    double *restrict ci = c + (size_t)i * ldc;
                    for (int p = p0; p < p1; p++) {
                        const double aip = ai[p];
                        const double *restrict bp = b + (size_t)p * ldb;
                        for (int j = j0; j < j1; j++)
                            ci[j] += aip * bp[j];
                    }
                }
            }
        }
        kernel_progress_add(ctl, i1 - i0);
    }
    return KERNEL_DONE;
}

const kernel_info kernel_variant_blocked = {
    .name = "blocked",
    .summary = "ikj on block x block tiles",
    .lesson = "block x block tiles: each tile of B is reused while cached",
    .first_shown = true,
    .tunables = (const kernel_tunable *const[]){&kernel_tunable_block, NULL},
    .run = blocked_run,
};
