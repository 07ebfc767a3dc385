/* The matmul ladder: every variant computes C = A * B (row-major, double, with leading
 * dimensions) through one signature, and describes itself in one registry: its name, its
 * lesson, the tunables it reads (with their ranges, steps and keys) and its role.
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

/* Every knob a variant may read; a variant ignores those it does not list. 0 = the
 * variant's own choice (its default, or what its model picks). */
typedef struct kernel_tunables {
    int block;      /* tile edge of blocked and packed */
    int threads;    /* worker threads */
    int mc, kc, nc; /* microkernel cache blocks; 0 = from the cache model */
    int isa;        /* enum kernel_isa: force a SIMD tile */
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

/* Where each tunable's value lives: the core keeps one value per knob, so a knob two
 * variants share (threads, block) keeps its value across a change of variant. */
typedef enum kernel_knob {
    KERNEL_KNOB_BLOCK = 0,
    KERNEL_KNOB_THREADS,
    KERNEL_KNOB_MC,
    KERNEL_KNOB_KC,
    KERNEL_KNOB_NC,
    KERNEL_KNOB_COUNT,
} kernel_knob;

/* A tunable as a person and the tools see it. */
typedef struct kernel_tunable {
    kernel_knob knob;
    const char *name;  /* "block": option, tuning.ini key ("<variant>.<name>"), JSON */
    const char *label; /* "block size" */
    const char *unit;  /* after the value, may be "" */
    int min, max;
    int def;          /* 0: the variant chooses (kernel_info.choose) */
    const int *steps; /* values the keys walk and `tttop tune` tries; NULL: every integer */
    int nsteps;
    int key_up, key_down; /* dashboard keys, 0 = none */
    bool per_setting;     /* part of the comparison key, shared by all variants (threads) */
    bool tuned;           /* swept by `tttop tune` */
    const char *help;     /* one line */
} kernel_tunable;

enum kernel_status { KERNEL_DONE = 0, KERNEL_CANCELLED = 1, KERNEL_NOMEM = 2 };

typedef int (*kernel_fn)(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                         double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
typedef size_t (*kernel_workspace_fn)(int m, int n, int k, const kernel_tunables *tun);

/* What a variant is to the rest of the ladder: the others are measured against the
 * baseline (speed-up) and the reference (slowdown), and checked against the reference. */
typedef enum kernel_role {
    KERNEL_ROLE_RUNG = 0,
    KERNEL_ROLE_BASELINE,
    KERNEL_ROLE_REFERENCE,
} kernel_role;

typedef struct kernel_info {
    const char *name;
    const char *summary; /* what it is, in a few words (tables, --help) */
    const char *lesson;  /* what it changes and why that is faster: one line on screen */
    kernel_role role;
    bool first_shown;                      /* the dashboard opens on it */
    const kernel_tunable *const *tunables; /* NULL-terminated; NULL = none */
    kernel_fn run;
    kernel_workspace_fn workspace; /* bytes beyond A, B and C; NULL = none */
    /* Replace the 0 (own choice) values of the knobs it reads with what it would run. */
    void (*choose)(int m, int n, int k, kernel_tunables *tun);
    /* The SIMD tile it runs with these tunables, NULL when it has no choice of tile. */
    const char *(*isa)(const kernel_tunables *tun);
    /* Threads left spinning after a threaded call (OpenBLAS), and how to stop them. */
    bool (*lingers)(const kernel_tunables *tun);
    void (*release)(void);
} kernel_info;

int kernel_count(void);
const kernel_info *kernel_at(int index);
const kernel_info *kernel_find(const char *name);
int kernel_index(const char *name);         /* -1 when unknown */
int kernel_index_of_role(kernel_role role); /* the first variant with that role, or -1 */
int kernel_first_shown(void);               /* the variant the dashboard opens on */

bool kernel_uses(const kernel_info *info, kernel_knob knob);
/* The tunable a variant reads for a knob, NULL when it ignores it. */
const kernel_tunable *kernel_tunable_of(const kernel_info *info, kernel_knob knob);
/* Every knob once, in knob order, with the first variant's description of it. */
const kernel_tunable *kernel_knob_info(kernel_knob knob);

/* Read and write a knob's value in a tunables struct. */
int kernel_tunables_get(const kernel_tunables *tun, kernel_knob knob);
void kernel_tunables_set(kernel_tunables *tun, kernel_knob knob, int value);

/* The values the variant really runs with: its defaults and its own choices in place of 0,
 * threads 1 for a single-threaded variant, unused knobs 0. */
void kernel_effective(const kernel_info *info, int m, int n, int k, kernel_tunables *tun);
size_t kernel_workspace(const kernel_info *info, int m, int n, int k, const kernel_tunables *tun);
/* Threads a variant really runs with for these tunables (1 for single-threaded rungs). */
int kernel_threads_used(const kernel_info *info, const kernel_tunables *tun);
/* After a call with these tunables, stop threads it left spinning, if any. */
void kernel_release(const kernel_info *info, const kernel_tunables *tun);
/* The widest SIMD tile this CPU runs ("avx512", "avx2+fma" or "generic"). */
const char *kernel_best_isa(void);
/* "auto", "avx512", "avx2", "generic" <-> enum kernel_isa; -1 when unknown. */
int kernel_isa_parse(const char *name);
const char *kernel_isa_name(int isa);

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
static inline int kernel_min(int x, int y)
{
    return x < y ? x : y;
}

#endif
