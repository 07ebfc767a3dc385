/* The top hand-written rung, BLIS-style: the five loops around a register tile.
 *
 * BLIS's loops are written for column-major C, where the micro-tiles of one macro-kernel
 * sweep lie one under the other in memory. C here is row-major, so the loops are BLIS's
 * own run on the transposed product C^T = B^T A^T: the rows of A play BLIS's B and the
 * columns of B play BLIS's A, and a sweep of micro-tiles walks along rows of C, a few
 * sequential streams that the hardware prefetchers and the TLB follow. (Walking down the
 * rows instead touches a new page of C on every row of every tile; at n = 2000 that cost a
 * third of the time.) Names follow BLIS on C^T:
 *
 *   jc over NC rows of C          (A panel, NC x KC: packed by the team, sized for L3)
 *     pc over KC of the k range
 *       ic over MC columns of C   (B block, KC x MC: packed by each member, sized for L2)
 *         jr over NR rows         (an NR x KC sliver of A stays in L1)
 *           ir over MR columns    (KC x MR slivers of B stream from L2: the micro-kernel)
 *
 * Threads work as in BLIS: the team packs one A panel together, meets at a barrier, then
 * splits the ic loop (and the jr loop when the columns are too few) on MR / NR multiples.
 * A panels alternate between two buffers, so one barrier per panel suffices. Every element
 * of C sees the same operations in the same order whatever the team's size, so results do
 * not depend on the thread count. */
#include "kernels.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "microkernel.h"
#include "tunables.h"
#include "mk_pool.h"

/* Below this much work per thread, extra threads cost more than they bring. */
#define MIN_FLOPS_PER_THREAD (2.0 * 96 * 96 * 96)
/* Packing buffers start on their own pages; the whole workspace on a huge-page boundary. */
#define PAGE 4096
#define HUGE_PAGE (2u << 20)

static inline int min_int(int x, int y)
{
    return x < y ? x : y;
}

static int ceil_div(int x, int y)
{
    return (x + y - 1) / y;
}

static int round_up(int x, int to)
{
    return ceil_div(x, to) * to;
}

static size_t round_up_size(size_t x, size_t to)
{
    return (x + to - 1) / to * to;
}

static void context_init(mk_context *ctx, const kernel_tunables *tun)
{
    ctx->ukernel = mk_select(tun ? tun->isa : KERNEL_ISA_AUTO);
    ctx->mr = ctx->ukernel->cols;
    ctx->nr = ctx->ukernel->rows;
    kernel_caches caches;
    kernel_get_caches(&caches);
    int mc, kc, nc;
    mk_model_blocks(&caches, ctx->mr, ctx->nr, &mc, &kc, &nc);
    if (tun && tun->mc > 0)
        mc = tun->mc;
    if (tun && tun->kc > 0)
        kc = tun->kc;
    if (tun && tun->nc > 0)
        nc = tun->nc;
    ctx->mc = round_up(mc, ctx->mr);
    ctx->kc = kc;
    ctx->nc = round_up(nc, ctx->nr);
}

void kernel_microkernel_blocks(const kernel_tunables *tun, int *mc, int *kc, int *nc)
{
    mk_context ctx;
    context_init(&ctx, tun);
    *mc = ctx.mc;
    *kc = ctx.kc;
    *nc = ctx.nc;
}

const char *kernel_microkernel_isa(const kernel_tunables *tun)
{
    return mk_select(tun ? tun->isa : KERNEL_ISA_AUTO)->name;
}

/* The KC of each pc step: the k range split in as few steps as KC allows, evenly, so that a
 * last step of a few columns does not cost a whole pass over C (k = 512, KC = 170: four
 * steps of 128, not 170, 170, 170 and 2). */
static int even_kc(const mk_context *ctx, int k)
{
    return ceil_div(k, ceil_div(k, ctx->kc));
}

static int threads_for(const mk_context *ctx, int m, int n, int k, const kernel_tunables *tun)
{
    int want = tun && tun->threads > 1 ? min_int(tun->threads, KERNEL_MAX_THREADS) : 1;
    const double flops = 2.0 * m * n * k;
    const long tiles = (long)ceil_div(n, ctx->mr) * ceil_div(min_int(m, ctx->nc), ctx->nr);
    while (want > 1 && (flops / want < MIN_FLOPS_PER_THREAD || tiles < want))
        want--;
    return want;
}

/* The buffers of one call: two A panels shared by the team, one B block per member. */
typedef struct mk_layout {
    size_t a_panel, b_block; /* bytes, each rounded to whole pages */
    int a_panels, members;
} mk_layout;

static mk_layout layout_for(const mk_context *ctx, int m, int n, int k, int threads)
{
    const int kc = min_int(ctx->kc, k);
    const int nc = min_int(ctx->nc, round_up(m, ctx->nr));
    const int mc = min_int(ctx->mc, round_up(n, ctx->mr));
    const int steps = ceil_div(m, ctx->nc) * ceil_div(k, ctx->kc);
    return (mk_layout){
        .a_panel = round_up_size((size_t)nc * kc * sizeof(double), PAGE),
        .b_block = round_up_size((size_t)kc * mc * sizeof(double), PAGE),
        .a_panels = steps > 1 ? 2 : 1,
        .members = threads,
    };
}

static size_t layout_bytes(const mk_layout *l)
{
    return (size_t)l->a_panels * l->a_panel + (size_t)l->members * l->b_block;
}

size_t kernel_microkernel_workspace(int m, int n, int k, const kernel_tunables *tun)
{
    if (m <= 0 || n <= 0 || k <= 0)
        return 0;
    mk_context ctx;
    context_init(&ctx, tun);
    const mk_layout l = layout_for(&ctx, m, n, k, threads_for(&ctx, m, n, k, tun));
    return layout_bytes(&l);
}

/* The packing buffers persist between calls (a dashboard calls the kernel again and again):
 * no allocation, no page faults, and huge pages stay in place. Calls take turns on them. */
static struct {
    pthread_mutex_t lock;
    char *mem;
    size_t bytes;
    bool atexit_set;
} workspace = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void workspace_free_locked(void)
{
    free(workspace.mem);
    workspace.mem = NULL;
    workspace.bytes = 0;
}

static void workspace_free_at_exit(void)
{
    if (pthread_mutex_trylock(&workspace.lock) != 0)
        return; /* a call is running in another thread; the process is ending anyway */
    workspace_free_locked();
    pthread_mutex_unlock(&workspace.lock);
}

/* Called with workspace.lock held. */
static char *workspace_reserve(size_t bytes)
{
    if (bytes <= workspace.bytes)
        return workspace.mem;
    workspace_free_locked();
    const size_t size = round_up_size(bytes, HUGE_PAGE);
    char *mem = aligned_alloc(HUGE_PAGE, size);
    if (!mem)
        return NULL;
    /* 2 MiB pages: one TLB entry covers a whole B block or A panel of a typical size */
    madvise(mem, size, MADV_HUGEPAGE);
    if (!workspace.atexit_set && atexit(workspace_free_at_exit) == 0)
        workspace.atexit_set = true;
    workspace.mem = mem;
    workspace.bytes = size;
    return mem;
}

void kernel_microkernel_release(void)
{
    pthread_mutex_lock(&workspace.lock);
    workspace_free_locked();
    pthread_mutex_unlock(&workspace.lock);
    mk_pool_stop();
}

/* The two inner loops: row slivers [j_lo, j_hi) of one packed A panel (rows rows) against
 * one packed B block (cols columns). Polls the cancel flag once per A sliver (a block can
 * take milliseconds); false when asked to stop. */
static bool macro_kernel(const mk_context *ctx, int rows, int cols, int j_lo, int j_hi, int kc,
                         const double *ap, const double *bp, double *c, int ldc, int accumulate,
                         kernel_ctl *ctl)
{
    const int mr = ctx->mr, nr = ctx->nr;
    const mk_tile_fn tile = ctx->ukernel->run;
    double edge[MK_MAX_ROWS * MK_MAX_COLS];
    for (int jr = j_lo * nr; jr < j_hi * nr; jr += nr) {
        if (kernel_should_stop(ctl))
            return false;
        const int h = min_int(nr, rows - jr);
        const double *a_sliver = ap + (size_t)jr * kc;
        for (int ir = 0; ir < cols; ir += mr) {
            const int w = min_int(mr, cols - ir);
            const double *b_sliver = bp + (size_t)ir * kc;
            double *c_tile = c + (size_t)jr * ldc + ir;
            if (h == nr && w == mr) {
                tile(kc, a_sliver, b_sliver, c_tile, ldc, accumulate);
                continue;
            }
            /* edge tile: compute a full tile aside, write back the part that exists */
            tile(kc, a_sliver, b_sliver, edge, mr, 0);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    c_tile[(size_t)i * ldc + j] =
                        (accumulate ? c_tile[(size_t)i * ldc + j] : 0.0) + edge[i * mr + j];
        }
    }
    return true;
}

typedef struct mk_job {
    const mk_context *ctx;
    int m, n, k;
    const double *a, *b;
    double *c;
    int lda, ldb, ldc;
    mk_layout layout;
    char *work;
    kernel_ctl *ctl;
    atomic_bool cancelled;
} mk_job;

/* Part `part` of `parts` of the range [0, total): [*lo, *hi), balanced. */
static void share(int total, int parts, int part, int *lo, int *hi)
{
    const long n = parts > 1 ? parts : 1;
    *lo = (int)((long)total * part / n);
    *hi = (int)((long)total * (part + 1) / n);
}

/* Splits a team over the ic and jr loops: the split with the fewest tiles on the busiest
 * member, columns first on a tie (each column split packs its own B block; a row split
 * packs the same B block twice). */
static void team_grid(int count, int col_slivers, int row_slivers, int *ic_ways, int *jr_ways)
{
    long best = LONG_MAX;
    *ic_ways = count;
    *jr_ways = 1;
    for (int ic = count; ic >= 1; ic--) {
        if (count % ic != 0)
            continue;
        const long busiest = (long)ceil_div(col_slivers, ic) * ceil_div(row_slivers, count / ic);
        if (busiest < best) {
            best = busiest;
            *ic_ways = ic;
            *jr_ways = count / ic;
        }
    }
}

static void run_member(void *arg, const mk_member *self)
{
    mk_job *job = arg;
    const mk_context *ctx = job->ctx;
    const int m = job->m, n = job->n, k = job->k, mr = ctx->mr, nr = ctx->nr;
    const mk_layout *l = &job->layout;
    double *a_panels[2] = {(double *)(void *)job->work,
                           (double *)(void *)(job->work + (l->a_panels - 1) * l->a_panel)};
    double *bp = (double *)(void *)(job->work + l->a_panels * l->a_panel + self->id * l->b_block);

    int ic_ways, jr_ways;
    team_grid(self->count, ceil_div(n, mr), ceil_div(min_int(m, ctx->nc), nr), &ic_ways, &jr_ways);
    int col_lo, col_hi;
    share(ceil_div(n, mr), ic_ways, self->id / jr_ways, &col_lo, &col_hi);
    col_lo *= mr;
    col_hi = min_int(col_hi * mr, n);
    /* this member's columns in blocks of at most MC, as even as MR allows */
    const int mc_step = round_up(ceil_div(col_hi - col_lo, ceil_div(col_hi - col_lo, ctx->mc)), mr);
    const int kc_step = even_kc(ctx, k);

    int step = 0;
    for (int jc = 0; jc < m; jc += ctx->nc) {
        const int rows = min_int(ctx->nc, m - jc);
        const int slivers = ceil_div(rows, nr);
        int pack_lo, pack_hi, j_lo, j_hi;
        share(slivers, self->count, self->id, &pack_lo, &pack_hi);
        share(slivers, jr_ways, self->id % jr_ways, &j_lo, &j_hi);
        for (int pc = 0; pc < k; pc += kc_step, step++) {
            const int kc = min_int(kc_step, k - pc);
            double *ap = a_panels[step & 1];
            const bool stop = kernel_should_stop(job->ctl);
            if (!stop && pack_hi > pack_lo)
                mk_pack_a(ap + (size_t)pack_lo * nr * kc,
                          job->a + (size_t)(jc + pack_lo * nr) * job->lda + pc, job->lda,
                          min_int(rows, pack_hi * nr) - pack_lo * nr, kc, nr);
            if (mk_barrier_wait(self->barrier, stop)) {
                atomic_store(&job->cancelled, true);
                return;
            }
            for (int ic = col_lo; ic < col_hi; ic += mc_step) {
                const int cols = min_int(mc_step, col_hi - ic);
                mk_pack_b(bp, job->b + (size_t)pc * job->ldb + ic, job->ldb, kc, cols, mr);
                if (!macro_kernel(ctx, rows, cols, j_lo, j_hi, kc, ap, bp,
                                  job->c + (size_t)jc * job->ldc + ic, job->ldc, pc > 0,
                                  job->ctl)) {
                    atomic_store(&job->cancelled, true);
                    break; /* the team agrees to stop at the next barrier */
                }
            }
            if (self->id == 0)
                kernel_progress_add(job->ctl, rows);
        }
    }
}

int kernel_microkernel(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                       double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    mk_context ctx;
    context_init(&ctx, tun);
    /* progress in rows of C times KC panels of the k range */
    kernel_progress_begin(ctl, k > 0 ? (long)m * ceil_div(k, even_kc(&ctx, k)) : m);
    if (m <= 0 || n <= 0)
        return KERNEL_DONE;
    if (k <= 0) {
        for (int i = 0; i < m; i++)
            memset(c + (size_t)i * ldc, 0, (size_t)n * sizeof *c);
        kernel_progress_add(ctl, m);
        return KERNEL_DONE;
    }
    const int threads = threads_for(&ctx, m, n, k, tun);
    mk_job job = {
        .ctx = &ctx,
        .m = m,
        .n = n,
        .k = k,
        .a = a,
        .lda = lda,
        .b = b,
        .ldb = ldb,
        .c = c,
        .ldc = ldc,
        .layout = layout_for(&ctx, m, n, k, threads),
        .ctl = ctl,
    };
    atomic_init(&job.cancelled, false);
    pthread_mutex_lock(&workspace.lock);
    job.work = workspace_reserve(layout_bytes(&job.layout));
    if (!job.work) {
        pthread_mutex_unlock(&workspace.lock);
        return KERNEL_NOMEM;
    }
    mk_pool_run(threads, run_member, &job);
    pthread_mutex_unlock(&workspace.lock);
    return atomic_load(&job.cancelled) ? KERNEL_CANCELLED : KERNEL_DONE;
}

const char *kernel_best_isa(void)
{
    return mk_select(KERNEL_ISA_AUTO)->name;
}

static void microkernel_choose(int m, int n, int k, kernel_tunables *tun)
{
    (void)m, (void)n, (void)k;
    kernel_microkernel_blocks(tun, &tun->mc, &tun->kc, &tun->nc);
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
