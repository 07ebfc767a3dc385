/* The top hand-written rung, BLIS-style: the five loops around an MR x NR register tile.
 *
 *   jc over NC columns of C      (B panel sized for L3)
 *     pc over KC of the k range  (pack B[pc, jc] into NR-wide slivers)
 *       ic over MC rows of C     (pack A[ic, pc] into MR-tall slivers, sized for L2)
 *         jr over NR, ir over MR (the micro-kernel: an MR x NR tile kept in registers)
 *
 * Threads split the columns of C: each owns its packing buffers, so no synchronisation
 * is needed and results do not depend on the thread count. */
#include "kernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "microkernel.h"
#include "tunables.h"

/* Below this much work per thread, extra threads cost more than they bring. */
#define MIN_FLOPS_PER_THREAD (2.0 * 96 * 96 * 96)

static inline int min_int(int x, int y)
{
    return x < y ? x : y;
}

static int round_up(int x, int to)
{
    return (x + to - 1) / to * to;
}

static void context_init(mk_context *ctx, const kernel_tunables *tun)
{
    ctx->ukernel = mk_select(tun ? tun->isa : KERNEL_ISA_AUTO);
    ctx->mr = ctx->ukernel->mr;
    ctx->nr = ctx->ukernel->nr;
    int mc = tun && tun->mc > 0 ? tun->mc : MK_DEFAULT_MC;
    int kc = tun && tun->kc > 0 ? tun->kc : MK_DEFAULT_KC;
    int nc = tun && tun->nc > 0 ? tun->nc : MK_DEFAULT_NC;
    ctx->mc = round_up(mc, ctx->mr);
    ctx->kc = kc;
    ctx->nc = round_up(nc, ctx->nr);
}

static int threads_for(int m, int n, int k, const kernel_tunables *tun, int nr)
{
    int want = tun && tun->threads > 1 ? tun->threads : 1;
    double flops = 2.0 * m * n * k;
    while (want > 1 && (flops / want < MIN_FLOPS_PER_THREAD || n / want < nr))
        want--;
    return want;
}

static size_t buffer_doubles(const mk_context *ctx, int m, int n, int k)
{
    int mc = min_int(ctx->mc, round_up(m, ctx->mr));
    int nc = min_int(ctx->nc, round_up(n, ctx->nr));
    int kc = min_int(ctx->kc, k);
    return (size_t)mc * kc + (size_t)kc * nc;
}

size_t kernel_microkernel_workspace(int m, int n, int k, const kernel_tunables *tun)
{
    mk_context ctx;
    context_init(&ctx, tun);
    int threads = threads_for(m, n, k, tun, ctx.nr);
    int cols = (n + threads - 1) / threads;
    return (size_t)threads * (buffer_doubles(&ctx, m, cols, k) * sizeof(double) + MK_ALIGN);
}

const char *kernel_microkernel_isa(const kernel_tunables *tun)
{
    return mk_select(tun ? tun->isa : KERNEL_ISA_AUTO)->name;
}

/* kc x nc block of B into NR-wide slivers: sliver s holds columns [s*NR, s*NR+NR), row by
 * row; columns past nc are zero. */
static void pack_b(double *restrict dst, const double *b, int ldb, int kc, int nc, int nr)
{
    for (int j0 = 0; j0 < nc; j0 += nr) {
        const int w = min_int(nr, nc - j0);
        for (int p = 0; p < kc; p++) {
            const double *src = b + (size_t)p * ldb + j0;
            int j = 0;
            for (; j < w; j++)
                dst[j] = src[j];
            for (; j < nr; j++)
                dst[j] = 0.0;
            dst += nr;
        }
    }
}

/* mc x kc block of A into MR-tall slivers, column by column; rows past mc are zero. */
static void pack_a(double *restrict dst, const double *a, int lda, int mc, int kc, int mr)
{
    for (int i0 = 0; i0 < mc; i0 += mr) {
        const int h = min_int(mr, mc - i0);
        for (int p = 0; p < kc; p++) {
            int i = 0;
            for (; i < h; i++)
                dst[i] = a[(size_t)(i0 + i) * lda + p];
            for (; i < mr; i++)
                dst[i] = 0.0;
            dst += mr;
        }
    }
}

/* The two inner loops over one packed A block and one packed B panel. */
static void macro_kernel(const mk_context *ctx, int mc, int nc, int kc, const double *ap,
                         const double *bp, double *c, int ldc, int accumulate)
{
    const int mr = ctx->mr, nr = ctx->nr;
    double edge[MK_MAX_MR * MK_MAX_NR];
    for (int jr = 0; jr < nc; jr += nr) {
        const int w = min_int(nr, nc - jr);
        const double *b_sliver = bp + (size_t)jr * kc;
        for (int ir = 0; ir < mc; ir += mr) {
            const int h = min_int(mr, mc - ir);
            const double *a_sliver = ap + (size_t)ir * kc;
            double *c_tile = c + (size_t)ir * ldc + jr;
            if (h == mr && w == nr) {
                ctx->ukernel->run(kc, a_sliver, b_sliver, c_tile, ldc, accumulate);
                continue;
            }
            /* edge tile: compute a full tile aside, write back the part that exists */
            ctx->ukernel->run(kc, a_sliver, b_sliver, edge, nr, 0);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    c_tile[(size_t)i * ldc + j] =
                        (accumulate ? c_tile[(size_t)i * ldc + j] : 0.0) + edge[i * nr + j];
        }
    }
}

typedef struct mk_job {
    const mk_context *ctx;
    int m, n, k;
    const double *a, *b;
    double *c;
    int lda, ldb, ldc;
    double *work;
    kernel_ctl *ctl;
    int status;
} mk_job;

static void *run_job(void *arg)
{
    mk_job *job = arg;
    const mk_context *ctx = job->ctx;
    const int m = job->m, n = job->n, k = job->k;
    double *bp = job->work;
    double *ap = bp + (size_t)min_int(ctx->kc, k) * min_int(ctx->nc, round_up(n, ctx->nr));

    for (int jc = 0; jc < n; jc += ctx->nc) {
        const int nc = min_int(ctx->nc, n - jc);
        for (int pc = 0; pc < k; pc += ctx->kc) {
            const int kc = min_int(ctx->kc, k - pc);
            if (kernel_should_stop(job->ctl)) {
                job->status = KERNEL_CANCELLED;
                return NULL;
            }
            pack_b(bp, job->b + (size_t)pc * job->ldb + jc, job->ldb, kc, nc, ctx->nr);
            for (int ic = 0; ic < m; ic += ctx->mc) {
                if (kernel_should_stop(job->ctl)) {
                    job->status = KERNEL_CANCELLED;
                    return NULL;
                }
                const int mc = min_int(ctx->mc, m - ic);
                pack_a(ap, job->a + (size_t)ic * job->lda + pc, job->lda, mc, kc, ctx->mr);
                macro_kernel(ctx, mc, nc, kc, ap, bp, job->c + (size_t)ic * job->ldc + jc, job->ldc,
                             pc > 0);
            }
            kernel_progress_add(job->ctl, nc);
        }
    }
    return NULL;
}

int kernel_microkernel(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                       double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    mk_context ctx;
    context_init(&ctx, tun);
    /* progress in columns of C times KC panels of the k range */
    kernel_progress_begin(ctl, (long)n * ((k + ctx.kc - 1) / ctx.kc));
    if (k == 0) {
        for (int i = 0; i < m; i++)
            memset(c + (size_t)i * ldc, 0, (size_t)n * sizeof *c);
        return KERNEL_DONE;
    }
    const int threads = threads_for(m, n, k, tun, ctx.nr);
    /* columns per thread, a multiple of NR so that only the last thread has edge tiles */
    const int cols = round_up((n + threads - 1) / threads, ctx.nr);
    const size_t per_thread = buffer_doubles(&ctx, m, cols, k);
    const size_t stride = (per_thread * sizeof(double) + MK_ALIGN - 1) / MK_ALIGN * MK_ALIGN;
    char *work = aligned_alloc(MK_ALIGN, stride * (size_t)threads);
    if (!work)
        return KERNEL_NOMEM;

    mk_job jobs[MK_MAX_THREADS];
    pthread_t tids[MK_MAX_THREADS];
    int used = 0, status = KERNEL_DONE;
    for (int t = 0; t < threads && t < MK_MAX_THREADS; t++) {
        const int j0 = t * cols;
        if (j0 >= n)
            break;
        jobs[used] = (mk_job){
            .ctx = &ctx,
            .m = m,
            .n = min_int(cols, n - j0),
            .k = k,
            .a = a,
            .lda = lda,
            .b = b + j0,
            .ldb = ldb,
            .c = c + j0,
            .ldc = ldc,
            .work = (double *)(void *)(work + stride * (size_t)t),
            .ctl = ctl,
            .status = KERNEL_DONE,
        };
        used++;
    }
    if (used == 0) { /* n == 0: nothing to compute */
        free(work);
        return KERNEL_DONE;
    }
    int started = 1;
    for (int t = 1; t < used; t++) {
        if (pthread_create(&tids[t], NULL, run_job, &jobs[t]) != 0)
            break;
        started++;
    }
    /* threads that could not start: their columns run here, after our own */
    run_job(&jobs[0]);
    for (int t = started; t < used; t++)
        run_job(&jobs[t]);
    for (int t = 1; t < started; t++)
        pthread_join(tids[t], NULL);
    for (int t = 0; t < used; t++)
        if (jobs[t].status != KERNEL_DONE)
            status = jobs[t].status;
    free(work);
    return status;
}

const char *kernel_best_isa(void)
{
    return mk_select(KERNEL_ISA_AUTO)->name;
}

static void microkernel_choose(int m, int n, int k, kernel_tunables *tun)
{
    (void)m, (void)n, (void)k;
    mk_context ctx;
    context_init(&ctx, tun);
    tun->mc = ctx.mc;
    tun->kc = ctx.kc;
    tun->nc = ctx.nc;
}

const kernel_info kernel_variant_microkernel = {
    .name = "microkernel",
    .summary = "BLIS-style: packed panels, register tile, SIMD",
    .lesson = "a register tile of C, FMA on panels packed for L1, L2 and L3",
    .tunables = (const kernel_tunable *const[]){&kernel_tunable_threads, &kernel_tunable_mc,
                                                &kernel_tunable_kc, &kernel_tunable_nc, NULL},
    .run = kernel_microkernel,
    .workspace = kernel_microkernel_workspace,
    .choose = microkernel_choose,
    .isa = kernel_microkernel_isa,
};
