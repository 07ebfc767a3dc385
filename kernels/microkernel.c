/* The top hand-written rung, BLIS-style: the five loops around an MR x NR register tile.
 *
 *   jc over NC columns of C      (B panel sized for L3)
 *     pc over KC of the k range  (pack B[pc, jc] into NR-wide slivers, shared by the team)
 *       ic over MC rows of C     (pack A[ic, pc] into MR-tall slivers, sized for L2)
 *         jr over NR, ir over MR (the micro-kernel: an MR x NR tile kept in registers)
 *
 * Threads work as in BLIS: the team packs one B panel together, meets at a barrier, then
 * splits the ic loop (and the jr loop when the rows are too few) on MR / NR multiples, each
 * member packing its own A block. B panels alternate between two buffers, so one barrier
 * per panel suffices. Every element of C sees the same operations in the same order
 * whatever the team's size, so results do not depend on the thread count. */
#include "kernels.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "microkernel.h"
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
    ctx->mr = ctx->ukernel->mr;
    ctx->nr = ctx->ukernel->nr;
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

static int threads_for(const mk_context *ctx, int m, int n, int k, const kernel_tunables *tun)
{
    int want = tun && tun->threads > 1 ? min_int(tun->threads, KERNEL_MAX_THREADS) : 1;
    const double flops = 2.0 * m * n * k;
    const long tiles = (long)ceil_div(m, ctx->mr) * ceil_div(min_int(n, ctx->nc), ctx->nr);
    while (want > 1 && (flops / want < MIN_FLOPS_PER_THREAD || tiles < want))
        want--;
    return want;
}

/* The buffers of one call: two B panels shared by the team, one A block per member. */
typedef struct mk_layout {
    size_t b_panel, a_block; /* bytes, each rounded to whole pages */
    int b_panels, members;
} mk_layout;

static mk_layout layout_for(const mk_context *ctx, int m, int n, int k, int threads)
{
    const int kc = min_int(ctx->kc, k);
    const int nc = min_int(ctx->nc, round_up(n, ctx->nr));
    const int mc = min_int(ctx->mc, round_up(m, ctx->mr));
    const int steps = ceil_div(n, ctx->nc) * ceil_div(k, ctx->kc);
    return (mk_layout){
        .b_panel = round_up_size((size_t)kc * nc * sizeof(double), PAGE),
        .a_block = round_up_size((size_t)mc * kc * sizeof(double), PAGE),
        .b_panels = steps > 1 ? 2 : 1,
        .members = threads,
    };
}

static size_t layout_bytes(const mk_layout *l)
{
    return (size_t)l->b_panels * l->b_panel + (size_t)l->members * l->a_block;
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
    /* 2 MiB pages: one TLB entry covers a whole B panel of a typical size */
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

/* The two inner loops: slivers [j_lo, j_hi) of one packed B panel (nc columns) against one
 * packed A block (mc rows). */
static void macro_kernel(const mk_context *ctx, int mc, int nc, int j_lo, int j_hi, int kc,
                         const double *ap, const double *bp, double *c, int ldc, int accumulate)
{
    const int mr = ctx->mr, nr = ctx->nr;
    const mk_tile_fn tile = ctx->ukernel->run;
    double edge[MK_MAX_MR * MK_MAX_NR];
    for (int jr = j_lo * nr; jr < j_hi * nr; jr += nr) {
        const int w = min_int(nr, nc - jr);
        const double *b_sliver = bp + (size_t)jr * kc;
        for (int ir = 0; ir < mc; ir += mr) {
            const int h = min_int(mr, mc - ir);
            const double *a_sliver = ap + (size_t)ir * kc;
            double *c_tile = c + (size_t)ir * ldc + jr;
            if (h == mr && w == nr) {
                tile(kc, a_sliver, b_sliver, c_tile, ldc, accumulate);
                continue;
            }
            /* edge tile: compute a full tile aside, write back the part that exists */
            tile(kc, a_sliver, b_sliver, edge, nr, 0);
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
    mk_layout layout;
    char *work;
    kernel_ctl *ctl;
    atomic_bool cancelled;
} mk_job;

/* Part `part` of `parts` of the range [0, total): [*lo, *hi), balanced. */
static void share(int total, int parts, int part, int *lo, int *hi)
{
    *lo = (int)((long)total * part / parts);
    *hi = (int)((long)total * (part + 1) / parts);
}

/* Splits a team over the ic and jr loops: the split with the fewest tiles on the busiest
 * member, rows first on a tie (each row split packs its own A block; a column split packs
 * the same A block twice). */
static void team_grid(int count, int row_slivers, int col_slivers, int *ic_ways, int *jr_ways)
{
    long best = LONG_MAX;
    *ic_ways = count;
    *jr_ways = 1;
    for (int ic = count; ic >= 1; ic--) {
        if (count % ic != 0)
            continue;
        const long busiest =
            (long)ceil_div(row_slivers, ic) * ceil_div(col_slivers, count / ic);
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
    double *b_panels[2] = {(double *)job->work,
                           (double *)(job->work + (l->b_panels - 1) * l->b_panel)};
    double *ap = (double *)(job->work + l->b_panels * l->b_panel + self->id * l->a_block);

    int ic_ways, jr_ways;
    team_grid(self->count, ceil_div(m, mr), ceil_div(min_int(n, ctx->nc), nr), &ic_ways,
              &jr_ways);
    int row_lo, row_hi;
    share(ceil_div(m, mr), ic_ways, self->id / jr_ways, &row_lo, &row_hi);
    row_lo *= mr;
    row_hi = min_int(row_hi * mr, m);

    int step = 0;
    for (int jc = 0; jc < n; jc += ctx->nc) {
        const int nc = min_int(ctx->nc, n - jc);
        const int slivers = ceil_div(nc, nr);
        int pack_lo, pack_hi, j_lo, j_hi;
        share(slivers, self->count, self->id, &pack_lo, &pack_hi);
        share(slivers, jr_ways, self->id % jr_ways, &j_lo, &j_hi);
        for (int pc = 0; pc < k; pc += ctx->kc, step++) {
            const int kc = min_int(ctx->kc, k - pc);
            double *bp = b_panels[step & 1];
            if (pack_hi > pack_lo)
                mk_pack_b(bp + (size_t)pack_lo * nr * kc,
                          job->b + (size_t)pc * job->ldb + jc + pack_lo * nr, job->ldb, kc,
                          min_int(nc, pack_hi * nr) - pack_lo * nr, nr);
            if (mk_barrier_wait(self->barrier, kernel_should_stop(job->ctl))) {
                atomic_store(&job->cancelled, true);
                return;
            }
            for (int ic = row_lo; ic < row_hi; ic += ctx->mc) {
                if (kernel_should_stop(job->ctl)) {
                    atomic_store(&job->cancelled, true);
                    break; /* the team agrees to stop at the next barrier */
                }
                const int mc = min_int(ctx->mc, row_hi - ic);
                mk_pack_a(ap, job->a + (size_t)ic * job->lda + pc, job->lda, mc, kc, mr);
                macro_kernel(ctx, mc, nc, j_lo, j_hi, kc, ap, bp,
                             job->c + (size_t)ic * job->ldc + jc, job->ldc, pc > 0);
            }
            if (self->id == 0)
                kernel_progress_add(job->ctl, nc);
        }
    }
}

int kernel_microkernel(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                       double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    mk_context ctx;
    context_init(&ctx, tun);
    /* progress in columns of C times KC panels of the k range */
    kernel_progress_begin(ctl, (long)n * ceil_div(k > 0 ? k : 1, ctx.kc));
    if (m <= 0 || n <= 0)
        return KERNEL_DONE;
    if (k <= 0) {
        for (int i = 0; i < m; i++)
            memset(c + (size_t)i * ldc, 0, (size_t)n * sizeof *c);
        kernel_progress_add(ctl, n);
        return KERNEL_DONE;
    }
    const int threads = threads_for(&ctx, m, n, k, tun);
    mk_job job = {
        .ctx = &ctx, .m = m, .n = n, .k = k, .a = a, .lda = lda, .b = b, .ldb = ldb,
        .c = c, .ldc = ldc, .layout = layout_for(&ctx, m, n, k, threads), .ctl = ctl,
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
