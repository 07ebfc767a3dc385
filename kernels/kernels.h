/* The matmul ladder: every variant computes C = A * B (row-major, double, with leading
 * dimensions) through one signature, and is listed in one registry table.
 * Pure computation: no I/O, no counters, no terminal. */
#ifndef TTTOP_KERNELS_H
#define TTTOP_KERNELS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* Shared between a running kernel and the threads watching it. Kernels poll `cancel`
 * and publish `done` out of `total` work units (rows or panels) at a coarse grain. */
typedef struct kernel_ctl {
    atomic_bool cancel;
    atomic_long done;
    atomic_long total;
} kernel_ctl;

enum kernel_isa { KERNEL_ISA_AUTO = 0, KERNEL_ISA_GENERIC, KERNEL_ISA_AVX2, KERNEL_ISA_AVX512 };

/* The most threads any variant is asked to run. */
#define KERNEL_MAX_THREADS 256

/* Every knob a variant may read; a variant ignores those it does not list. 0 = default. */
typedef struct kernel_tunables {
    int block;      /* tile edge of blocked and packed */
    int threads;    /* worker threads of microkernel and openblas */
    int mc, kc, nc; /* microkernel cache blocks; 0 = from the cache model */
    int isa;        /* enum kernel_isa: force the portable micro-kernel for tests */
} kernel_tunables;

/* The data caches of one core, as the OS describes them (bytes, ways, line size); 0 =
 * unknown or absent. The microkernel derives its block sizes from them. */
typedef struct kernel_caches {
    size_t l1d, l2, l3;
    int l1d_ways, l2_ways, l3_ways;
    int line;
} kernel_caches;

/* Called once at start-up by whoever can read the machine (kernels do no I/O). Until then,
 * or after kernel_set_caches(NULL), a common geometry is assumed: 32 KiB 8-way L1d,
 * 1 MiB 16-way L2, 32 MiB 16-way L3, 64-byte lines. Unknown fields take those values. */
void kernel_set_caches(const kernel_caches *caches);
void kernel_get_caches(kernel_caches *caches);

enum kernel_status { KERNEL_DONE = 0, KERNEL_CANCELLED = 1, KERNEL_NOMEM = 2 };

typedef int (*kernel_fn)(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                         double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
typedef size_t (*kernel_workspace_fn)(int m, int n, int k, const kernel_tunables *tun);

enum kernel_tunable_flags {
    KERNEL_USES_BLOCK = 1u << 0,
    KERNEL_USES_THREADS = 1u << 1,
    KERNEL_USES_CACHE_BLOCKS = 1u << 2,
};

typedef struct kernel_info {
    const char *name;
    const char *summary;
    unsigned tunables;
    kernel_fn run;
    kernel_workspace_fn workspace; /* bytes beyond A, B and C; NULL = none */
} kernel_info;

#define KERNEL_DEFAULT_BLOCK 64

int kernel_count(void);
const kernel_info *kernel_at(int index);
const kernel_info *kernel_find(const char *name);
int kernel_index(const char *name); /* -1 when unknown */
size_t kernel_workspace(const kernel_info *info, int m, int n, int k, const kernel_tunables *tun);
/* Threads a variant really runs with for these tunables (1 for single-threaded rungs). */
int kernel_threads_used(const kernel_info *info, const kernel_tunables *tun);

/* Helpers every kernel uses to honour kernel_ctl (ctl may be NULL). */
static inline bool kernel_should_stop(kernel_ctl *ctl)
{
    return ctl && atomic_load_explicit(&ctl->cancel, memory_order_relaxed);
}
static inline void kernel_progress_begin(kernel_ctl *ctl, long total)
{
    if (ctl) {
        atomic_store_explicit(&ctl->done, 0, memory_order_relaxed);
        atomic_store_explicit(&ctl->total, total, memory_order_relaxed);
    }
}
static inline void kernel_progress_add(kernel_ctl *ctl, long units)
{
    if (ctl)
        atomic_fetch_add_explicit(&ctl->done, units, memory_order_relaxed);
}

int kernel_naive(int m, int n, int k, const double *a, int lda, const double *b, int ldb, double *c,
                 int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
int kernel_reordered(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                     double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
int kernel_blocked(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                   double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
int kernel_packed(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                  double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
size_t kernel_packed_workspace(int m, int n, int k, const kernel_tunables *tun);
int kernel_microkernel(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                       double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
size_t kernel_microkernel_workspace(int m, int n, int k, const kernel_tunables *tun);
int kernel_openblas(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                    double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);

/* After a multi-threaded call OpenBLAS's worker threads spin for ~0.1 s (a timeout read
 * once at load), stealing a core from whatever runs next on a small machine. Ask them to
 * stop; the next call starts them again. */
bool kernel_openblas_threads_linger(const kernel_info *info, const kernel_tunables *tun);
void kernel_openblas_release_threads(void);

/* Which micro-kernel this CPU gets ("avx512", "avx2+fma" or "generic"), for machine facts. */
const char *kernel_microkernel_isa(const kernel_tunables *tun);
/* The MC, KC and NC the microkernel runs with for these tunables: the explicit ones, and the
 * cache model's choice for those left at 0. */
void kernel_microkernel_blocks(const kernel_tunables *tun, int *mc, int *kc, int *nc);
/* Stops the microkernel's worker threads and frees its cached buffers; the next call starts
 * them again. Also done at exit. */
void kernel_microkernel_release(void);

#endif
