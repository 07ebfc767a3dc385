/* Every rung of the ladder equals OpenBLAS on awkward shapes, honours leading dimensions,
 * overwrites C, and can be cancelled promptly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machine/hostinfo.h"
#include "kernels.h"
#include "microkernel.h"
#include "microkernel.h"

#define TOL 1e-10

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void fill(double *x, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = (double)(seed >> 8 & 0xffff) / 32768.0 - 1.0;
    }
}

/* The geometry tttop itself passes at start-up, read from this machine. */
static void use_host_caches(void)
{
    const hostinfo *h = hostinfo_get();
    kernel_set_caches(&(kernel_caches){.l1d = h->l1d.bytes,
                                       .l2 = h->l2.bytes,
                                       .l3 = h->l3.bytes,
                                       .l1d_ways = h->l1d.ways,
                                       .l2_ways = h->l2.ways,
                                       .l3_ways = h->l3.ways,
                                       .line = h->l1d.line});
}

/* Runs variant on m x n x k with leading dimensions padded by pad; compares with
 * cblas_dgemm and checks the padding of C is untouched. Returns the max rel error. */
static double run_case(const kernel_info *k, int m, int n, int kk, int pad,
                       const kernel_tunables *tun)
{
    const int lda = kk + pad, ldb = n + pad, ldc = n + pad;
    double *a = malloc((size_t)m * lda * sizeof *a), *b = malloc((size_t)kk * ldb * sizeof *b);
    double *c = malloc((size_t)m * ldc * sizeof *c), *r = malloc((size_t)m * n * sizeof *r);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(r);
    fill(a, (size_t)m * lda, 1u + (unsigned)m);
    fill(b, (size_t)kk * ldb, 7u + (unsigned)n);
    for (size_t i = 0; i < (size_t)m * ldc; i++)
        c[i] = NAN; /* beta = 0: garbage in C must not leak into the result */
    for (int i = 0; i < m; i++)
        for (int j = n; j < ldc; j++)
            c[(size_t)i * ldc + j] = 12345.0; /* padding sentinels */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, kk, 1.0, a, lda, b, ldb, 0.0, r,
                n);
    assert_int_equal(k->run(m, n, kk, a, lda, b, ldb, c, ldc, tun, NULL), KERNEL_DONE);
    double max_diff = 0.0, max_ref = 0.0;
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            double d = fabs(c[(size_t)i * ldc + j] - r[(size_t)i * n + j]);
            if (!(d <= max_diff))
                max_diff = isnan(d) ? INFINITY : d;
            if (fabs(r[(size_t)i * n + j]) > max_ref)
                max_ref = fabs(r[(size_t)i * n + j]);
        }
        for (int j = n; j < ldc; j++)
            if (c[(size_t)i * ldc + j] != 12345.0)
                fail_msg("%s wrote past n into the padding of C", k->name);
    }
    free(a);
    free(b);
    free(c);
    free(r);
    return max_ref > 0 ? max_diff / max_ref : max_diff;
}

static const int shapes[][3] = {
    {1, 1, 1},   {2, 3, 4},   {7, 13, 11}, {97, 89, 101}, {64, 64, 64},  {65, 63, 67},
    {1, 300, 5}, {300, 1, 7}, {5, 7, 300}, {130, 17, 3},  {33, 129, 65}, {200, 150, 257},
};

static void test_every_variant_matches_openblas(void **state)
{
    (void)state;
    kernel_tunables tun = {.block = 0, .threads = 1};
    for (int v = 0; v < kernel_count(); v++) {
        const kernel_info *k = kernel_at(v);
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            for (int pad = 0; pad <= 3; pad += 3) {
                double err = run_case(k, shapes[s][0], shapes[s][1], shapes[s][2], pad, &tun);
                if (!(err < TOL))
                    fail_msg("%s %dx%dx%d pad %d: error %g", k->name, shapes[s][0], shapes[s][1],
                             shapes[s][2], pad, err);
            }
        }
    }
}

static void test_block_sizes(void **state)
{
    (void)state;
    static const int blocks[] = {1, 3, 7, 16, 64, 100, 1000};
    for (int v = 0; v < kernel_count(); v++) {
        const kernel_info *k = kernel_at(v);
        if (!kernel_uses(k, KERNEL_KNOB_BLOCK))
            continue;
        for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
            kernel_tunables tun = {.block = blocks[b], .threads = 1};
            double err = run_case(k, 53, 47, 61, 1, &tun);
            if (!(err < TOL))
                fail_msg("%s block %d: error %g", k->name, blocks[b], err);
        }
    }
}

/* Runs the microkernel on one shape with every thread count from 1 to 4: each must equal
 * OpenBLAS, and equal the 1-thread result bit for bit (every element of C sees the same
 * operations whatever the team's size). */
static void microkernel_case(kernel_tunables tun, int m, int n, int kk, int pad)
{
    const kernel_info *k = kernel_find("microkernel");
    const int lda = kk + pad, ldb = n + pad, ldc = n + pad;
    double *a = malloc((size_t)m * lda * sizeof *a), *b = malloc((size_t)kk * ldb * sizeof *b);
    double *c = malloc((size_t)m * ldc * sizeof *c), *one = malloc((size_t)m * ldc * sizeof *c);
    double *r = malloc((size_t)m * n * sizeof *r);
    assert_true(a && b && c && one && r);
    fill(a, (size_t)m * lda, 11u + (unsigned)m);
    fill(b, (size_t)kk * ldb, 13u + (unsigned)n);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, kk, 1.0, a, lda, b, ldb, 0.0, r,
                n);
    for (int threads = 1; threads <= 4; threads++) {
        tun.threads = threads;
        for (size_t i = 0; i < (size_t)m * ldc; i++)
            c[i] = NAN;
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc; j++)
                c[(size_t)i * ldc + j] = 12345.0;
        assert_int_equal(k->run(m, n, kk, a, lda, b, ldb, c, ldc, &tun, NULL), KERNEL_DONE);
        double max_diff = 0.0, max_ref = 0.0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double d = fabs(c[(size_t)i * ldc + j] - r[(size_t)i * n + j]);
                if (!(d <= max_diff))
                    max_diff = isnan(d) ? INFINITY : d;
                if (fabs(r[(size_t)i * n + j]) > max_ref)
                    max_ref = fabs(r[(size_t)i * n + j]);
            }
            for (int j = n; j < ldc; j++)
                if (c[(size_t)i * ldc + j] != 12345.0)
                    fail_msg("microkernel %s threads %d wrote into the padding of C",
                             kernel_microkernel_isa(&tun), threads);
        }
        double err = max_ref > 0 ? max_diff / max_ref : max_diff;
        if (!(err < TOL))
            fail_msg("microkernel %s threads %d mc/kc/nc %d/%d/%d %dx%dx%d pad %d: error %g",
                     kernel_microkernel_isa(&tun), threads, tun.mc, tun.kc, tun.nc, m, n, kk, pad,
                     err);
        if (threads == 1)
            memcpy(one, c, (size_t)m * ldc * sizeof *c);
        else if (memcmp(one, c, (size_t)m * ldc * sizeof *c) != 0)
            fail_msg("microkernel %s %dx%dx%d: %d threads differ from 1",
                     kernel_microkernel_isa(&tun), m, n, kk, threads);
    }
    free(a);
    free(b);
    free(c);
    free(one);
    free(r);
}

static const int awkward[][3] = {
    {1, 1, 1},    {2, 3, 5},      {7, 13, 11},   {17, 29, 31}, {9, 400, 33},
    {250, 7, 40}, {131, 197, 95}, {97, 89, 257}, {64, 64, 64}, {301, 263, 127},
};

/* Explicit block sizes, from 1 (every loop runs its edge case) to larger than the matrix. */
static void tile_case(int isa)
{
    static const int blocking[][3] = {{0, 0, 0},       {8, 16, 24}, {13, 7, 9},
                                      {96, 256, 4080}, {1, 1, 1},   {200, 33, 50}};
    for (size_t b = 0; b < sizeof blocking / sizeof blocking[0]; b++) {
        kernel_tunables tun = {
            .isa = isa, .mc = blocking[b][0], .kc = blocking[b][1], .nc = blocking[b][2]};
        for (size_t s = 0; s < sizeof awkward / sizeof awkward[0]; s++)
            microkernel_case(tun, awkward[s][0], awkward[s][1], awkward[s][2], b % 2 ? 3 : 0);
    }
}

static void test_tile_generic(void **state)
{
    (void)state;
    kernel_tunables probe = {.isa = KERNEL_ISA_GENERIC};
    assert_string_equal(kernel_microkernel_isa(&probe), "generic");
    tile_case(KERNEL_ISA_GENERIC);
}

static void test_tile_avx2(void **state)
{
    (void)state;
    kernel_tunables probe = {.isa = KERNEL_ISA_AVX2};
    if (strcmp(kernel_microkernel_isa(&probe), "avx2+fma") != 0) {
        print_message("SKIPPED: avx2+fma micro-kernel: this CPU lacks AVX2/FMA\n");
        skip();
    }
    tile_case(KERNEL_ISA_AVX2);
}

static void test_tile_avx512(void **state)
{
    (void)state;
    kernel_tunables probe = {.isa = KERNEL_ISA_AVX512};
    if (strcmp(kernel_microkernel_isa(&probe), "avx512") != 0) {
        print_message("SKIPPED: avx512 micro-kernel: this CPU lacks AVX-512F\n");
        skip();
    }
    tile_case(KERNEL_ISA_AVX512);
}

static void test_tile_auto(void **state)
{
    (void)state;
    tile_case(KERNEL_ISA_AUTO);
}

/* A forced ISA the CPU lacks runs the portable tile rather than crash. */
static void test_missing_isa_falls_back(void **state)
{
    (void)state;
    kernel_tunables probe = {.isa = KERNEL_ISA_AVX512};
    const char *isa = kernel_microkernel_isa(&probe);
    assert_true(strcmp(isa, "avx512") == 0 || strcmp(isa, "generic") == 0);
    probe.isa = KERNEL_ISA_AVX2;
    isa = kernel_microkernel_isa(&probe);
    assert_true(strcmp(isa, "avx2+fma") == 0 || strcmp(isa, "generic") == 0);
}

#define KIB ((size_t)1 << 10)
#define MIB ((size_t)1 << 20)

/* Block sizes worked out by hand from the formulas in kernels/mk_model.c, in the paper's
 * terms (MR x NR micro-tile; the AVX-512 tile of 8 rows x 24 columns of C is MR = 24, NR = 8
 * on C^T, AVX2's 6 x 8 is MR = 8, NR = 6). 8-byte doubles; a way holds size / W bytes:
 *   C_A  = floor((W1 - 1) MR / (MR + NR)),  KC = C_A way1 / (8 MR)
 *   C_B2 = ceil(8 KC NR / way2),  MC = floor((W2 - 1 - C_B2) / 2) way2 / (8 KC), down to MR
 *   C_A3 = ceil(8 MC KC / way3),  NC = (W3 - 1 - C_A3) way3 / (8 KC), at most 8160, down
 *   to NR. */
static const struct model_case {
    const char *what;
    kernel_caches caches;
    int mr, nr, mc, kc, nc;
} model_cases[] = {
    /* the paper's Sandy Bridge check, 32K 8-way: C_A = floor(7 * 8 / 12) = 4, KC = 4 * 4096
     * / 64 = 256, as in the paper; 256K 8-way (way2 32 KiB): C_B2 = 1, MC = floor(6 / 2) *
     * 32768 / 2048 = 48; 8M 16-way (way3 512 KiB): NC = 14 * 524288 / 2048 = 3584 */
    {"32K/256K/8M 8x4", {32 * KIB, 256 * KIB, 8 * MIB, 8, 8, 16, 64}, 8, 4, 48, 256, 3584},
    /* 32K 8-way, 1M 16-way (way2 64 KiB), 32M 16-way (way3 2 MiB) */
    /* C_A = floor(168 / 32) = 5, KC = 20480 / 192 = 106; MC = 7 * 65536 / 848 = 540 -> 528;
     * NC = 14 * 2097152 / 848 = 34623 -> 8160 */
    {"32K/1M/32M 24x8", {32 * KIB, 1 * MIB, 32 * MIB, 8, 16, 16, 64}, 24, 8, 528, 106, 8160},
    /* C_A = floor(56 / 14) = 4, KC = 16384 / 64 = 256; MC = 7 * 65536 / 2048 = 224 */
    {"32K/1M/32M 8x6", {32 * KIB, 1 * MIB, 32 * MIB, 8, 16, 16, 64}, 8, 6, 224, 256, 8160},
    /* C_A = floor(28 / 8) = 3, KC = 12288 / 32 = 384; MC = 7 * 65536 / 3072 = 149 -> 148 */
    {"32K/1M/32M 4x4", {32 * KIB, 1 * MIB, 32 * MIB, 8, 16, 16, 64}, 4, 4, 148, 384, 8160},
    /* 48K 12-way, 2M 16-way (way2 128 KiB), 32M 16-way */
    /* C_A = floor(264 / 32) = 8, KC = 32768 / 192 = 170; MC = 7 * 131072 / 1360 = 674 -> 672 */
    {"48K/2M/32M 24x8", {48 * KIB, 2 * MIB, 32 * MIB, 12, 16, 16, 64}, 24, 8, 672, 170, 8160},
    /* C_A = floor(88 / 14) = 6, KC = 24576 / 64 = 384; MC = 7 * 131072 / 3072 = 298 -> 296 */
    {"48K/2M/32M 8x6", {48 * KIB, 2 * MIB, 32 * MIB, 12, 16, 16, 64}, 8, 6, 296, 384, 8160},
    /* C_A = floor(44 / 8) = 5, KC = 20480 / 32 = 640; MC = 7 * 131072 / 5120 = 179 -> 176;
     * C_A3 = ceil(901120 / 2097152) = 1, NC = 14 * 2097152 / 5120 = 5734 -> 5732 */
    {"48K/2M/32M 4x4", {48 * KIB, 2 * MIB, 32 * MIB, 12, 16, 16, 64}, 4, 4, 176, 640, 5732},
    /* 32K 8-way, 256K 8-way (way2 32 KiB), 8M 16-way (way3 512 KiB) */
    /* KC = 256 as above; MC = 3 * 32768 / 2048 = 48; NC = 14 * 524288 / 2048 = 3584 -> 3582 */
    {"32K/256K/8M 8x6", {32 * KIB, 256 * KIB, 8 * MIB, 8, 8, 16, 64}, 8, 6, 48, 256, 3582},
    /* KC = 384; MC = 3 * 32768 / 3072 = 32; NC = 14 * 524288 / 3072 = 2389 -> 2388 */
    {"32K/256K/8M 4x4", {32 * KIB, 256 * KIB, 8 * MIB, 8, 8, 16, 64}, 4, 4, 32, 384, 2388},
    /* KC = 106; MC = 3 * 32768 / 848 = 115 -> 96; NC = 14 * 524288 / 848 = 8655 -> 8160 */
    {"32K/256K/8M 24x8", {32 * KIB, 256 * KIB, 8 * MIB, 8, 8, 16, 64}, 24, 8, 96, 106, 8160},
    /* a toy hierarchy, 512-byte L1 ways: C_A = floor(24 / 32) -> at least 1, KC = 512 / 192
     * = 2; way2 2 KiB: MC = floor(2 / 2) * 2048 / 16 = 128 -> 120; way3 8 KiB: C_A3 =
     * ceil(1920 / 8192) = 1, NC = (4 - 1 - 1) * 8192 / 16 = 1024 */
    {"1K/8K/32K 24x8", {1 * KIB, 8 * KIB, 32 * KIB, 2, 4, 4, 64}, 24, 8, 120, 2, 1024},
};

static void test_model_blocks(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof model_cases / sizeof model_cases[0]; i++) {
        const struct model_case *t = &model_cases[i];
        int mc, kc, nc;
        mk_model_blocks(&t->caches, t->mr, t->nr, &mc, &kc, &nc);
        if (mc != t->mc || kc != t->kc || nc != t->nc)
            fail_msg("%s: mc/kc/nc %d/%d/%d, derived %d/%d/%d", t->what, mc, kc, nc, t->mc, t->kc,
                     t->nc);
    }
}

/* Unset or unknown geometry takes the fallback (32K 8-way, 1M 16-way, 32M 16-way); explicit
 * tunables win over the model, rounded to the tile. */
static void test_model_fallback_and_overrides(void **state)
{
    (void)state;
    const kernel_tunables generic = {.isa = KERNEL_ISA_GENERIC};
    int mc, kc, nc;
    kernel_set_caches(NULL);
    kernel_microkernel_blocks(&generic, &mc, &kc, &nc);
    /* 4x4 on the fallback, as "32K/1M/32M 4x4" above */
    assert_int_equal(mc, 148);
    assert_int_equal(kc, 384);
    assert_int_equal(nc, 8160);
    kernel_set_caches(&(kernel_caches){0});
    int mc0, kc0, nc0;
    kernel_microkernel_blocks(&generic, &mc0, &kc0, &nc0);
    assert_int_equal(mc0, mc);
    assert_int_equal(kc0, kc);
    assert_int_equal(nc0, nc);

    kernel_set_caches(&model_cases[6].caches); /* 48K/2M/32M */
    kernel_microkernel_blocks(&generic, &mc, &kc, &nc);
    assert_int_equal(mc, 176);
    assert_int_equal(kc, 640);
    assert_int_equal(nc, 5732);
    const kernel_tunables explicit = {.isa = KERNEL_ISA_GENERIC, .mc = 99, .kc = 50, .nc = 30};
    kernel_microkernel_blocks(&explicit, &mc, &kc, &nc);
    assert_int_equal(mc, 100);
    assert_int_equal(kc, 50);
    assert_int_equal(nc, 32);
    const kernel_tunables some = {.isa = KERNEL_ISA_GENERIC, .kc = 64};
    kernel_microkernel_blocks(&some, &mc, &kc, &nc);
    assert_int_equal(mc, 176);
    assert_int_equal(kc, 64);
    assert_int_equal(nc, 5732);
    use_host_caches();
}

/* The block sizes the model picks on a few hierarchies, toy ones included (many panels in
 * every loop on small matrices), with every tile and thread count. */
static void test_model_blocks_compute_right(void **state)
{
    (void)state;
    static const int isas[] = {KERNEL_ISA_AUTO, KERNEL_ISA_AVX2, KERNEL_ISA_GENERIC};
    static const kernel_caches toys[] = {
        {1 * KIB, 8 * KIB, 32 * KIB, 2, 4, 4, 64},
        {4 * KIB, 16 * KIB, 0, 4, 4, 0, 64},
    };
    for (size_t g = 0; g < sizeof toys / sizeof toys[0] + 2; g++) {
        if (g < sizeof toys / sizeof toys[0])
            kernel_set_caches(&toys[g]);
        else
            kernel_set_caches(g == sizeof toys / sizeof toys[0] ? &model_cases[0].caches
                                                                : &model_cases[5].caches);
        for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++) {
            const kernel_tunables tun = {.isa = isas[i]};
            for (size_t s = 0; s < sizeof awkward / sizeof awkward[0]; s++)
                microkernel_case(tun, awkward[s][0], awkward[s][1], awkward[s][2], 1);
            microkernel_case(tun, 515, 517, 300, 0);
        }
    }
    use_host_caches();
}

/* The worker threads persist between calls; releasing them and calling again works. */
static void test_pool_restarts(void **state)
{
    (void)state;
    const kernel_tunables tun = {.isa = KERNEL_ISA_AUTO};
    for (int round = 0; round < 3; round++) {
        microkernel_case(tun, 200, 150, 257, 0);
        kernel_microkernel_release();
    }
    kernel_microkernel_release();
}

static void test_registry(void **state)
{
    (void)state;
    /* the course's rungs, in ladder order (others may be added between them) */
    static const char *const ladder[] = {"naive",  "reordered",   "blocked",
                                         "packed", "microkernel", "openblas"};
    int previous = -1;
    for (size_t i = 0; i < sizeof ladder / sizeof ladder[0]; i++) {
        const int at = kernel_index(ladder[i]);
        assert_true(at > previous);
        assert_ptr_equal(kernel_find(ladder[i]), kernel_at(at));
        previous = at;
    }
    assert_int_equal(kernel_index_of_role(KERNEL_ROLE_BASELINE), kernel_index("naive"));
    assert_int_equal(kernel_index_of_role(KERNEL_ROLE_REFERENCE), kernel_index("openblas"));
    for (int i = 0; i < kernel_count(); i++) {
        const kernel_info *k = kernel_at(i);
        assert_non_null(k->summary);
        /* the lesson fits the status line beside the name at 80 columns */
        assert_non_null(k->lesson);
        assert_true(strlen(k->name) + 2 + strlen(k->lesson) <= 80);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(k->name, kernel_at(j)->name);
    }
    assert_null(kernel_find("turbo"));
    assert_int_equal(kernel_index("turbo"), -1);
    assert_null(kernel_at(-1));
    assert_null(kernel_at(kernel_count()));
    kernel_tunables tun = {.block = 32, .threads = 2};
    assert_int_equal(kernel_workspace(kernel_find("naive"), 100, 100, 100, &tun), 0);
    assert_true(kernel_workspace(kernel_find("packed"), 100, 100, 100, &tun) ==
                2 * 32 * 32 * sizeof(double));
    assert_true(kernel_workspace(kernel_find("microkernel"), 500, 500, 500, &tun) > 0);
    assert_int_equal(kernel_threads_used(kernel_find("naive"), &tun), 1);
    assert_int_equal(kernel_threads_used(kernel_find("openblas"), &tun), 2);
}

typedef struct cancel_job {
    const kernel_info *k;
    int n;
    double *a, *b, *c;
    kernel_ctl ctl;
    kernel_tunables tun;
    int status;
    double returned_at;
} cancel_job;

static void *cancel_worker(void *arg)
{
    cancel_job *j = arg;
    j->status = j->k->run(j->n, j->n, j->n, j->a, j->n, j->b, j->n, j->c, j->n, &j->tun, &j->ctl);
    j->returned_at = now_s();
    return NULL;
}

/* Starts a long run, waits for progress, cancels, and measures how long the stop took. */
static void cancel_case(const char *variant, int n, int threads)
{
    cancel_job j = {.k = kernel_find(variant), .n = n, .tun = {.threads = threads}};
    size_t count = (size_t)n * n;
    j.a = malloc(count * sizeof(double));
    j.b = malloc(count * sizeof(double));
    j.c = malloc(count * sizeof(double));
    fill(j.a, count, 3);
    fill(j.b, count, 5);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, cancel_worker, &j), 0);
    double t0 = now_s();
    while (atomic_load(&j.ctl.done) == 0 && now_s() - t0 < 20.0)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    long done = atomic_load(&j.ctl.done), total = atomic_load(&j.ctl.total);
    assert_true(done > 0 && total > done);
    double asked = now_s();
    atomic_store(&j.ctl.cancel, true);
    pthread_join(t, NULL);
    double latency = j.returned_at - asked;
    print_message("%s n=%d threads=%d: stopped %.1f ms after cancel, at %ld/%ld\n", variant, n,
                  threads, 1e3 * latency, done, total);
    assert_int_equal(j.status, KERNEL_CANCELLED);
    assert_true(latency < 0.1);
    free(j.a);
    free(j.b);
    free(j.c);
}

static void test_cancel_is_prompt(void **state)
{
    (void)state;
    cancel_case("naive", 1500, 1);
    cancel_case("reordered", 2500, 1);
    cancel_case("blocked", 2500, 1);
    cancel_case("packed", 2500, 1);
    cancel_case("microkernel", 3000, 1);
    cancel_case("microkernel", 3000, 2);
    cancel_case("microkernel", 3000, 3);
}

static void test_progress_completes(void **state)
{
    (void)state;
    for (int v = 0; v < kernel_count(); v++) {
        const kernel_info *k = kernel_at(v);
        kernel_ctl ctl = {0};
        kernel_tunables tun = {.threads = 2};
        int n = 90;
        double *a = calloc((size_t)n * n, sizeof *a), *b = calloc((size_t)n * n, sizeof *b),
               *c = calloc((size_t)n * n, sizeof *c);
        assert_int_equal(k->run(n, n, n, a, n, b, n, c, n, &tun, &ctl), KERNEL_DONE);
        assert_true(atomic_load(&ctl.total) > 0);
        assert_int_equal(atomic_load(&ctl.done), atomic_load(&ctl.total));
        free(a);
        free(b);
        free(c);
    }
}

int main(void)
{
    use_host_caches();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_every_variant_matches_openblas),
        cmocka_unit_test(test_block_sizes),
        cmocka_unit_test(test_tile_generic),
        cmocka_unit_test(test_tile_avx2),
        cmocka_unit_test(test_tile_avx512),
        cmocka_unit_test(test_tile_auto),
        cmocka_unit_test(test_missing_isa_falls_back),
        cmocka_unit_test(test_model_blocks),
        cmocka_unit_test(test_model_fallback_and_overrides),
        cmocka_unit_test(test_model_blocks_compute_right),
        cmocka_unit_test(test_pool_restarts),
        cmocka_unit_test(test_progress_completes),
        cmocka_unit_test(test_cancel_is_prompt),
    };
    return cmocka_run_group_tests_name("kernels", tests, NULL, NULL);
}
