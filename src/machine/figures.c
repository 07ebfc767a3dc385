/* Peak FLOP/s and memory bandwidth, measured: see figures.h for what and how. The SIMD
 * loops are compiled for their ISA with target attributes and picked at run time, so the
 * binary runs anywhere (under valgrind, whose CPUID hides AVX-512, the AVX2 loop runs). */
#include "machine/figures.h"

#include <errno.h>
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "machine/hostinfo.h"
#include "machine/memory.h"

/* Many short repeats rather than a few long ones: the best of them misses fewer of the
 * moments a shared machine runs slow (measured here: 10 x 5 ms is as close to likwid-bench
 * as 5 x 200 ms, and 3 x 20 ms strays further). */
const figures_plan figures_quick = {
    .peak_s = 0.005,
    .peak_repeats = 10,
    .triad_bytes = (size_t)256 << 20,
    .triad_passes = 3,
    .triad_min_llcs = 0,
};

const figures_plan figures_full = {
    .peak_s = 0.05,
    .peak_repeats = 20,
    .triad_bytes = (size_t)2 << 30,
    .triad_passes = 8,
    .triad_min_llcs = 4,
};

/* Independent accumulators of the FMA loops: FMA latency (4 cycles on current Intel and
 * AMD cores) times two FMA units needs 8; 12 leaves room for longer latencies (likwid-bench
 * uses 12 too) and still fits the 16 registers of AVX2. */
#define PEAK_ACC 12
#define PEAK_MAX_THREADS 1024

/* ---- the arithmetic ---------------------------------------------------------------- */

double figures_fma_gflops(double fmas, int lanes, double seconds)
{
    if (!(seconds > 0) || !(fmas >= 0) || lanes < 1)
        return NAN;
    return 2.0 * lanes * fmas / seconds * 1e-9;
}

double figures_triad_bytes(double elements)
{
    return elements > 0 ? 32.0 * elements : 0.0;
}

double figures_gbs(double bytes, double seconds)
{
    return seconds > 0 && bytes >= 0 ? bytes / seconds * 1e-9 : NAN;
}

size_t figures_triad_size(size_t wanted, size_t min_llcs, size_t llc_bytes, size_t mem_available)
{
    size_t size = wanted;
    if (min_llcs > 0 && llc_bytes > 0 && llc_bytes <= SIZE_MAX / 4 / min_llcs &&
        min_llcs * llc_bytes > size)
        size = min_llcs * llc_bytes;
    if (mem_available > 0 && size > mem_available / 4)
        size = mem_available / 4;
    const size_t page = 4096, per_array = size / 4 / page * page;
    /* below a few MiB a triad measures the caches, not the memory */
    return per_array >= ((size_t)1 << 20) ? 4 * per_array : 0;
}

const isa_peak *figures_isa(const machine_figures *f, const char *name)
{
    for (int i = 0; f && name && i < f->nisa && i < FIGURES_MAX_ISA; i++)
        if (strcmp(f->by_isa[i].name, name) == 0)
            return &f->by_isa[i];
    return NULL;
}

void figures_pick_best(machine_figures *f)
{
    int best = -1;
    for (int i = 0; i < f->nisa && i < FIGURES_MAX_ISA; i++)
        if (f->by_isa[i].per_core > 0 &&
            (best < 0 || f->by_isa[i].per_core > f->by_isa[best].per_core))
            best = i;
    if (best < 0) {
        f->isa[0] = '\0';
        f->peak_per_core = f->peak_all_cores = NAN;
        return;
    }
    snprintf(f->isa, sizeof f->isa, "%s", f->by_isa[best].name);
    f->peak_per_core = f->by_isa[best].per_core;
    f->peak_all_cores = f->by_isa[best].all_cores;
}

double figures_peak_for(const machine_figures *f, const char *tile_isa, int cores)
{
    if (!f || !f->measured || cores < 1)
        return NAN;
    const char *name = NULL;
    if (tile_isa && strncmp(tile_isa, "avx512", 6) == 0)
        name = "avx512";
    else if (tile_isa && strncmp(tile_isa, "avx2", 4) == 0)
        name = "avx2";
    else if (tile_isa)
        name = "scalar";
    const isa_peak *p = name ? figures_isa(f, name) : NULL;
    const double per_core = p ? p->per_core : f->peak_per_core;
    return per_core > 0 ? per_core * cores : NAN;
}

/* ---- clocks ------------------------------------------------------------------------ */

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static bool cancelled(const atomic_bool *cancel)
{
    return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

/* ---- the FMA loops: acc = acc * x + y stays near y / (1 - x), never denormal --------- */

/* Where the loops leave their result, so that the compiler keeps them; written by every
 * measuring thread at once. */
static _Atomic double sink;

#define X_VALUE 0.9999999
#define Y_VALUE 1e-7

/* Twelve accumulators with different starting values, read from memory the compiler cannot
 * see through: equal chains would be merged into one, and the loop would measure latency. */
static volatile double start_value = 1.0;
#define INIT12(T, a, SET)                                                                          \
    T a##0 = SET(start_value), a##1 = SET(start_value + 1e-3), a##2 = SET(start_value + 2e-3),     \
      a##3 = SET(start_value + 3e-3), a##4 = SET(start_value + 4e-3),                              \
      a##5 = SET(start_value + 5e-3), a##6 = SET(start_value + 6e-3),                              \
      a##7 = SET(start_value + 7e-3), a##8 = SET(start_value + 8e-3),                              \
      a##9 = SET(start_value + 9e-3), a##10 = SET(start_value + 1e-2),                             \
      a##11 = SET(start_value + 1.1e-2)

/* One FMA on each of the 12 accumulators per step. */
#define FMA12(OP, a, x, y)                                                                         \
    a##0 = OP(a##0, x, y), a##1 = OP(a##1, x, y), a##2 = OP(a##2, x, y), a##3 = OP(a##3, x, y),    \
    a##4 = OP(a##4, x, y), a##5 = OP(a##5, x, y), a##6 = OP(a##6, x, y), a##7 = OP(a##7, x, y),    \
    a##8 = OP(a##8, x, y), a##9 = OP(a##9, x, y), a##10 = OP(a##10, x, y), a##11 = OP(a##11, x, y)
#define SUM12(ADD, a)                                                                              \
    ADD(ADD(ADD(ADD(a##0, a##1), ADD(a##2, a##3)), ADD(ADD(a##4, a##5), ADD(a##6, a##7))),         \
        ADD(ADD(a##8, a##9), ADD(a##10, a##11)))

__attribute__((target("avx512f"))) static void peak_avx512(long iters)
{
    const __m512d x = _mm512_set1_pd(X_VALUE), y = _mm512_set1_pd(Y_VALUE);
    INIT12(__m512d, a, _mm512_set1_pd);
    for (long i = 0; i < iters; i++)
        FMA12(_mm512_fmadd_pd, a, x, y);
    atomic_store_explicit(&sink, _mm512_reduce_add_pd(SUM12(_mm512_add_pd, a)),
                          memory_order_relaxed);
}

__attribute__((target("avx2,fma"))) static void peak_avx2(long iters)
{
    const __m256d x = _mm256_set1_pd(X_VALUE), y = _mm256_set1_pd(Y_VALUE);
    INIT12(__m256d, a, _mm256_set1_pd);
    for (long i = 0; i < iters; i++)
        FMA12(_mm256_fmadd_pd, a, x, y);
    double out[4];
    _mm256_storeu_pd(out, SUM12(_mm256_add_pd, a));
    atomic_store_explicit(&sink, out[0] + out[1] + out[2] + out[3], memory_order_relaxed);
}

/* One double per instruction (vfmadd...sd): what scalar code built for this CPU reaches. */
__attribute__((target("fma"))) static void peak_scalar_fma(long iters)
{
    const __m128d x = _mm_set_sd(X_VALUE), y = _mm_set_sd(Y_VALUE);
    INIT12(__m128d, a, _mm_set_sd);
    for (long i = 0; i < iters; i++)
        FMA12(_mm_fmadd_sd, a, x, y);
    atomic_store_explicit(&sink, _mm_cvtsd_f64(SUM12(_mm_add_sd, a)), memory_order_relaxed);
}

/* Without FMA: a multiply and an add, 2 FLOPs, counted as one "fma" below. The empty asm
 * keeps each accumulator in a register of its own, so the compiler cannot pack them. */
#define MULADD(a, x, y) ((a) * (x) + (y))
#define KEEP(v) __asm__ volatile("" : "+x"(v))
static void peak_scalar_plain(long iters)
{
#define SAME(v) (v)
    INIT12(double, a, SAME);
#undef SAME
    const double x = X_VALUE, y = Y_VALUE;
    for (long i = 0; i < iters; i++) {
        FMA12(MULADD, a, x, y);
        KEEP(a0);
        KEEP(a1);
        KEEP(a2);
        KEEP(a3);
        KEEP(a4);
        KEEP(a5);
        KEEP(a6);
        KEEP(a7);
        KEEP(a8);
        KEEP(a9);
        KEEP(a10);
        KEEP(a11);
    }
#define PLUS(p, q) ((p) + (q))
    atomic_store_explicit(&sink, SUM12(PLUS, a), memory_order_relaxed);
#undef PLUS
}

typedef struct peak_isa {
    const char *name;
    int lanes;
    void (*loop)(long iters);
} peak_isa;

/* The ISAs this CPU runs, narrowest first. */
static int available_isas(peak_isa *out)
{
    __builtin_cpu_init();
    int n = 0;
    const bool fma = __builtin_cpu_supports("fma");
    out[n++] = (peak_isa){"scalar", 1, fma ? peak_scalar_fma : peak_scalar_plain};
    if (fma && __builtin_cpu_supports("avx2"))
        out[n++] = (peak_isa){"avx2", 4, peak_avx2};
    if (__builtin_cpu_supports("avx512f"))
        out[n++] = (peak_isa){"avx512", 8, peak_avx512};
    return n;
}

/* GFLOP/s of one thread running isa's loop for `seconds` of its own CPU time: chunks of
 * about a millisecond until the time is spent. */
static double run_peak(const peak_isa *isa, double seconds, const atomic_bool *cancel)
{
    long iters = 1024;
    /* grow the chunk until it takes a measurable time */
    for (;;) {
        const double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        isa->loop(iters);
        const double dt = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
        if (dt >= 5e-4 || iters > (1L << 40))
            break;
        iters *= 2;
    }
    double fmas = 0.0, spent = 0.0;
    const double start = clock_s(CLOCK_THREAD_CPUTIME_ID);
    while (spent < seconds && !cancelled(cancel)) {
        isa->loop(iters);
        fmas += (double)iters * PEAK_ACC;
        spent = clock_s(CLOCK_THREAD_CPUTIME_ID) - start;
    }
    return figures_fma_gflops(fmas, isa->lanes, spent);
}

/* ---- threads pinned one per CPU ---------------------------------------------------- */

typedef struct team team;

typedef struct worker {
    team *t;
    int index, cpu;
    pthread_t thread;
    double result;                   /* the worker's rate in its last task */
    double wall0, wall1, cpu0, cpu1; /* its last triad chunk */
} worker;

typedef enum task { TASK_NONE = 0, TASK_PEAK, TASK_TOUCH, TASK_TRIAD, TASK_QUIT } task;

struct team {
    int n;
    worker *w;
    pthread_barrier_t start, done;
    /* the task the barrier releases */
    task what;
    const peak_isa *isa;
    double seconds;
    const atomic_bool *cancel;
    double *a, *b, *c, *d;
    size_t elements;
    size_t chunk, round; /* triad: elements per chunk, the round in progress */
};

static void triad_slice(double *a, const double *b, const double *c, const double *d, size_t from,
                        size_t to);
static void touch_slice(team *t, size_t from, size_t to);
static void triad_chunk(worker *w, size_t from, size_t to);

static void *worker_main(void *arg)
{
    worker *w = arg;
    team *t = w->t;
    if (w->cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(w->cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    }
    for (;;) {
        pthread_barrier_wait(&t->start);
        const size_t from = t->elements * (size_t)w->index / (size_t)t->n;
        const size_t to = t->elements * (size_t)(w->index + 1) / (size_t)t->n;
        switch (t->what) {
        case TASK_PEAK:
            w->result = run_peak(t->isa, t->seconds, t->cancel);
            break;
        case TASK_TOUCH:
            touch_slice(t, from, to);
            break;
        case TASK_TRIAD:
            triad_chunk(w, from, to);
            break;
        default:
            break;
        }
        const task what = t->what;
        pthread_barrier_wait(&t->done);
        if (what == TASK_QUIT)
            return NULL;
    }
}

/* The CPUs this process may run on, at most cap. */
static int allowed_cpus(int *cpus, int cap)
{
    cpu_set_t set;
    int n = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int c = 0; c < CPU_SETSIZE && n < cap; c++)
            if (CPU_ISSET(c, &set))
                cpus[n++] = c;
    return n;
}

/* Workers on every allowed CPU (pin = true) or `count` unpinned ones. */
static int team_start(team *t, int count, bool pin)
{
    int cpus[PEAK_MAX_THREADS];
    int n = pin ? allowed_cpus(cpus, PEAK_MAX_THREADS) : count;
    if (n < 1)
        n = 1;
    memset(t, 0, sizeof *t);
    t->w = calloc((size_t)n, sizeof *t->w);
    if (!t->w)
        return -1;
    t->n = n;
    pthread_barrier_init(&t->start, NULL, (unsigned)n + 1);
    pthread_barrier_init(&t->done, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        t->w[i] = (worker){.t = t, .index = i, .cpu = pin ? cpus[i] : -1};
        if (pthread_create(&t->w[i].thread, NULL, worker_main, &t->w[i]) != 0) {
            /* run with the workers started so far: shrink the barriers' count */
            t->n = i;
            pthread_barrier_destroy(&t->start);
            pthread_barrier_destroy(&t->done);
            pthread_barrier_init(&t->start, NULL, (unsigned)i + 1);
            pthread_barrier_init(&t->done, NULL, (unsigned)i + 1);
            break;
        }
    }
    return t->n > 0 ? 0 : -1;
}

/* Release the workers on the task; returns the wall time until the last one finished. */
static double team_run(team *t, task what)
{
    t->what = what;
    pthread_barrier_wait(&t->start);
    const double t0 = clock_s(CLOCK_MONOTONIC);
    pthread_barrier_wait(&t->done);
    return clock_s(CLOCK_MONOTONIC) - t0;
}

static void team_stop(team *t)
{
    if (!t->w)
        return;
    if (t->n > 0) {
        team_run(t, TASK_QUIT);
        for (int i = 0; i < t->n; i++)
            pthread_join(t->w[i].thread, NULL);
    }
    pthread_barrier_destroy(&t->start);
    pthread_barrier_destroy(&t->done);
    free(t->w);
    t->w = NULL;
}

/* ---- the triad ----------------------------------------------------------------------- */

__attribute__((target("avx512f"))) static void
triad_avx512(double *a, const double *b, const double *c, const double *d, size_t from, size_t to)
{
    size_t i = from;
    for (; i < to && (uintptr_t)(a + i) % 64; i++)
        a[i] = b[i] * c[i] + d[i];
    for (; i + 8 <= to; i += 8)
        _mm512_store_pd(a + i,
                        _mm512_add_pd(_mm512_mul_pd(_mm512_load_pd(b + i), _mm512_load_pd(c + i)),
                                      _mm512_load_pd(d + i)));
    for (; i < to; i++)
        a[i] = b[i] * c[i] + d[i];
}

__attribute__((target("avx2"))) static void triad_avx2(double *a, const double *b, const double *c,
                                                       const double *d, size_t from, size_t to)
{
    size_t i = from;
    for (; i < to && (uintptr_t)(a + i) % 32; i++)
        a[i] = b[i] * c[i] + d[i];
    for (; i + 4 <= to; i += 4)
        _mm256_store_pd(a + i,
                        _mm256_add_pd(_mm256_mul_pd(_mm256_load_pd(b + i), _mm256_load_pd(c + i)),
                                      _mm256_load_pd(d + i)));
    for (; i < to; i++)
        a[i] = b[i] * c[i] + d[i];
}

static void triad_plain(double *a, const double *b, const double *c, const double *d, size_t from,
                        size_t to)
{
    for (size_t i = from; i < to; i++)
        a[i] = b[i] * c[i] + d[i];
}

static void triad_slice(double *a, const double *b, const double *c, const double *d, size_t from,
                        size_t to)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        triad_avx512(a, b, c, d, from, to);
    else if (__builtin_cpu_supports("avx2"))
        triad_avx2(a, b, c, d, from, to);
    else
        triad_plain(a, b, c, d, from, to);
}

/* First touch by the thread that will use the slice: its pages land near it. */
static void touch_slice(team *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        t->a[i] = 0.0;
        t->b[i] = 1.0;
        t->c[i] = 0.5;
        t->d[i] = 0.25;
    }
}

static void *map_array(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* One chunk of the worker's slice, the round's own (cycling through the slice), timed on
 * both clocks: a chunk whose CPU time falls short of its wall time was preempted. */
static void triad_chunk(worker *w, size_t from, size_t to)
{
    team *t = w->t;
    const size_t len = to - from, chunk = t->chunk < len ? t->chunk : len;
    const size_t per_slice = chunk ? len / chunk : 0;
    const size_t at = from + (per_slice ? t->round % per_slice : 0) * chunk;
    w->cpu0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
    w->wall0 = clock_s(CLOCK_MONOTONIC);
    triad_slice(t->a, t->b, t->c, t->d, at, at + chunk);
    w->wall1 = clock_s(CLOCK_MONOTONIC);
    w->cpu1 = clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static int compare_double(const void *x, const void *y)
{
    const double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* Elements per chunk: 32 bytes each, about 8 MiB moved per thread and chunk, short enough
 * to run between two preemptions on a busy machine, long enough for the prefetchers. */
#define TRIAD_CHUNK_ELEMENTS ((size_t)1 << 18)

/* GB/s of the team's threads together, `passes` times over the arrays in rounds of one
 * chunk per thread: the median of the rounds in which no thread was preempted and the
 * threads' chunks overlapped (they really ran together); the best round when none was. */
static double triad_rate(team *t, int passes, const atomic_bool *cancel)
{
    t->chunk = TRIAD_CHUNK_ELEMENTS;
    const size_t slice = t->elements / (size_t)t->n;
    const size_t rounds_per_pass = slice / t->chunk > 0 ? slice / t->chunk : 1;
    const size_t rounds = rounds_per_pass * (size_t)(passes > 0 ? passes : 1);
    double *clean = malloc(rounds * sizeof *clean);
    if (!clean)
        return NAN;
    size_t nclean = 0;
    double best = NAN;
    for (size_t r = 0; r < rounds && !cancelled(cancel); r++) {
        t->round = r;
        team_run(t, TASK_TRIAD);
        double gbs = 0.0, first_end = INFINITY, last_start = -INFINITY, longest = 0.0;
        bool preempted = false;
        for (int i = 0; i < t->n; i++) {
            const worker *w = &t->w[i];
            const double wall = w->wall1 - w->wall0, cpu = w->cpu1 - w->cpu0;
            gbs += figures_gbs(figures_triad_bytes((double)t->chunk), wall);
            preempted = preempted || cpu < 0.97 * wall;
            first_end = w->wall1 < first_end ? w->wall1 : first_end;
            last_start = w->wall0 > last_start ? w->wall0 : last_start;
            longest = wall > longest ? wall : longest;
        }
        if (!isfinite(gbs))
            continue;
        if (!(gbs <= best))
            best = gbs;
        if (!preempted && first_end - last_start >= 0.9 * longest)
            clean[nclean++] = gbs;
    }
    double rate = best;
    if (nclean >= 3) {
        qsort(clean, nclean, sizeof *clean, compare_double);
        rate = clean[nclean / 2];
    }
    free(clean);
    return rate;
}

static int measure_triad(const figures_plan *plan, machine_figures *out, const atomic_bool *cancel,
                         char *err, size_t errlen)
{
    const size_t total = figures_triad_size(plan->triad_bytes, plan->triad_min_llcs,
                                            hostinfo_get()->l3_bytes, memory_available());
    if (total == 0) {
        snprintf(err, errlen, "too little free memory for the bandwidth triad");
        return -1;
    }
    const size_t each = total / 4;
    double *arr[4] = {NULL, NULL, NULL, NULL};
    int rc = 0;
    for (int i = 0; i < 4 && rc == 0; i++)
        if (!(arr[i] = map_array(each)))
            rc = -1;
    team all = {0}, one = {0};
    if (rc == 0 && (team_start(&all, 0, true) != 0 || team_start(&one, 1, false) != 0))
        rc = -1;
    if (rc == 0) {
        team *teams[2] = {&all, &one};
        for (int i = 0; i < 2; i++) {
            teams[i]->a = arr[0], teams[i]->b = arr[1], teams[i]->c = arr[2], teams[i]->d = arr[3];
            teams[i]->elements = each / sizeof(double);
            teams[i]->cancel = cancel;
        }
        team_run(&all, TASK_TOUCH);
        out->bw_all_threads = triad_rate(&all, plan->triad_passes, cancel);
        out->bw_one_thread = triad_rate(&one, plan->triad_passes, cancel);
        out->triad_bytes = (double)total;
    } else {
        snprintf(err, errlen, "cannot allocate %zu MiB for the bandwidth triad: %s", total >> 20,
                 strerror(errno ? errno : ENOMEM));
    }
    team_stop(&all);
    team_stop(&one);
    for (int i = 0; i < 4; i++)
        if (arr[i])
            munmap(arr[i], each);
    return rc;
}

/* ---- the whole measurement ----------------------------------------------------------- */

static void stamp_now(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, len, "?");
}

static int measure_peaks(const figures_plan *plan, machine_figures *out, const atomic_bool *cancel)
{
    peak_isa isas[FIGURES_MAX_ISA];
    const int nisa = available_isas(isas);
    team all;
    if (team_start(&all, 0, true) != 0)
        return -1;
    all.seconds = plan->peak_s;
    all.cancel = cancel;
    out->cores = all.n;
    const int all_repeats = plan->peak_repeats > 1 ? (plan->peak_repeats + 1) / 2 : 1;
    for (int i = 0; i < nisa && !cancelled(cancel); i++) {
        isa_peak *p = &out->by_isa[out->nisa++];
        snprintf(p->name, sizeof p->name, "%s", isas[i].name);
        p->per_core = p->all_cores = NAN;
        for (int r = 0; r < plan->peak_repeats && !cancelled(cancel); r++) {
            const double g = run_peak(&isas[i], plan->peak_s, cancel);
            if (isfinite(g) && !(g <= p->per_core))
                p->per_core = g;
        }
        all.isa = &isas[i];
        for (int r = 0; r < all_repeats && !cancelled(cancel); r++) {
            team_run(&all, TASK_PEAK);
            double sum = 0.0;
            for (int w = 0; w < all.n; w++)
                sum += isfinite(all.w[w].result) ? all.w[w].result : 0.0;
            if (sum > 0 && !(sum <= p->all_cores))
                p->all_cores = sum;
        }
    }
    team_stop(&all);
    return 0;
}

int figures_measure(const figures_plan *plan, machine_figures *out, const atomic_bool *cancel,
                    char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->bw_one_thread = out->bw_all_threads = NAN;
    out->full =
        plan->peak_s * plan->peak_repeats >= figures_full.peak_s * figures_full.peak_repeats &&
        plan->triad_min_llcs >= 4;
    if (measure_peaks(plan, out, cancel) != 0) {
        snprintf(err, errlen, "cannot start the measuring threads");
        return -1;
    }
    /* without the memory for a triad the peak still stands; the bandwidth stays unknown */
    char triad_err[256];
    if (!cancelled(cancel) && measure_triad(plan, out, cancel, triad_err, sizeof triad_err) != 0)
        out->bw_one_thread = out->bw_all_threads = out->triad_bytes = NAN;
    if (cancelled(cancel)) {
        snprintf(err, errlen, "cancelled");
        return -1;
    }
    figures_pick_best(out);
    stamp_now(out->measured_at, sizeof out->measured_at);
    out->measured = out->peak_per_core > 0;
    if (!out->measured)
        snprintf(err, errlen, "the FMA loop gave no usable figure");
    return out->measured ? 0 : -1;
}
