/* Rung 4: blocked, with each tile copied into a contiguous buffer first (the "memory
 * layout" step). The copies cost O(n^2) per tile row and buy unit-stride, TLB-friendly
 * inner loops whatever the leading dimensions of the operands. */
#include "kernels.h"

#include <stdlib.h>

#include "tunables.h"

static int block_of(const kernel_tunables *tun)
{
    return tun && tun->block > 0 ? tun->block : kernel_tunable_block.def;
}

static size_t packed_workspace(int m, int n, int k, const kernel_tunables *tun)
{
    const size_t bs = (size_t)block_of(tun);
    const size_t mb = bs < (size_t)m ? bs : (size_t)m;
    const size_t nb = bs < (size_t)n ? bs : (size_t)n;
    const size_t kb = bs < (size_t)k ? bs : (size_t)k;
    return (mb * kb + kb * nb) * sizeof(double);
}

/* Copy rows x cols of src (leading dimension ld) into dst with leading dimension cols. */
static void pack_tile(double *restrict dst, const double *src, int ld, int rows, int cols)
{
    for (int r = 0; r < rows; r++)
        for (int col = 0; col < cols; col++)
            dst[(size_t)r * cols + col] = src[(size_t)r * ld + col];
}

static int packed_run(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                      double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    const int bs = block_of(tun);
    kernel_progress_begin(ctl, n);
    const size_t bytes = packed_workspace(m, n, k, tun);
    double *work = malloc(bytes ? bytes : sizeof(double));
    if (!work)
        return KERNEL_NOMEM;
    const int mb_max = kernel_min(bs, m), kb_max = kernel_min(bs, k);
    double *a_tile = work;
    double *b_tile = work + (size_t)mb_max * kb_max;

    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            c[(size_t)i * ldc + j] = 0.0;

    int status = KERNEL_DONE;
    for (int j0 = 0; j0 < n && status == KERNEL_DONE; j0 += bs) {
        const int nb = kernel_min(bs, n - j0);
        for (int p0 = 0; p0 < k && status == KERNEL_DONE; p0 += bs) {
            const int kb = kernel_min(bs, k - p0);
            pack_tile(b_tile, b + (size_t)p0 * ldb + j0, ldb, kb, nb);
            for (int i0 = 0; i0 < m; i0 += bs) {
                if (kernel_should_stop(ctl)) {
                    status = KERNEL_CANCELLED;
                    break;
                }
                const int mb = kernel_min(bs, m - i0);
                pack_tile(a_tile, a + (size_t)i0 * lda + p0, lda, mb, kb);
                for (int i = 0; i < mb; i++) {
                    double *restrict ci = c + (size_t)(i0 + i) * ldc + j0;
                    for (int p = 0; p < kb; p++) {
                        const double aip = a_tile[(size_t)i * kb + p];
                        const double *restrict bp = b_tile + (size_t)p * nb;
                        for (int j = 0; j < nb; j++)
                            ci[j] += aip * bp[j];
                    }
                }
            }
        }
        if (status == KERNEL_DONE)
            kernel_progress_add(ctl, nb);
    }
    free(work);
    return status;
}

const kernel_info kernel_variant_packed = {
    .name = "packed",
    .summary = "blocked, tiles copied to contiguous buffers",
    .lesson = "tiles copied to contiguous buffers: unit stride, few TLB misses",
    .tunables = (const kernel_tunable *const[]){&kernel_tunable_block, NULL},
    .run = packed_run,
    .workspace = packed_workspace,
};
