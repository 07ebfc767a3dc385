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

#include "kernels.h"

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

static void test_microkernel_isas_threads_and_blocking(void **state)
{
    (void)state;
    const kernel_info *k = kernel_find("microkernel");
    static const int isas[] = {KERNEL_ISA_GENERIC, KERNEL_ISA_AVX2, KERNEL_ISA_AVX512,
                               KERNEL_ISA_AUTO};
    static const int blocking[][3] = {{0, 0, 0},       {8, 16, 24}, {13, 7, 9},
                                      {96, 256, 4080}, {1, 1, 1},   {200, 33, 50}};
    for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++) {
        kernel_tunables probe = {.isa = isas[i]};
        const char *isa = k->isa(&probe);
        if (isas[i] == KERNEL_ISA_AVX2 && strcmp(isa, "avx2+fma") != 0)
            print_message("SKIPPED: avx2+fma micro-kernel: this CPU lacks AVX2/FMA "
                          "(ran the portable one instead)\n");
        if (isas[i] == KERNEL_ISA_AVX512 && strcmp(isa, "avx512") != 0)
            print_message("SKIPPED: avx512 micro-kernel: this CPU lacks AVX-512F "
                          "(ran the portable one instead)\n");
        if (isas[i] == KERNEL_ISA_GENERIC)
            assert_string_equal(isa, "generic");
        for (int threads = 1; threads <= 4; threads++) {
            for (size_t b = 0; b < sizeof blocking / sizeof blocking[0]; b++) {
                kernel_tunables tun = {.threads = threads,
                                       .isa = isas[i],
                                       .mc = blocking[b][0],
                                       .kc = blocking[b][1],
                                       .nc = blocking[b][2]};
                for (int s = 0; s < 3; s++) {
                    static const int sz[3][3] = {{131, 197, 95}, {9, 400, 33}, {250, 7, 40}};
                    double err = run_case(k, sz[s][0], sz[s][1], sz[s][2], 2, &tun);
                    if (!(err < TOL))
                        fail_msg("microkernel %s threads %d mc/kc/nc %d/%d/%d shape %d: %g", isa,
                                 threads, tun.mc, tun.kc, tun.nc, s, err);
                }
            }
        }
    }
}

static void test_registry(void **state)
{
    (void)state;
    assert_int_equal(kernel_count(), 6);
    static const char *const ladder[] = {"naive",  "reordered",   "blocked",
                                         "packed", "microkernel", "openblas"};
    for (int i = 0; i < kernel_count(); i++) {
        assert_string_equal(kernel_at(i)->name, ladder[i]);
        assert_int_equal(kernel_index(ladder[i]), i);
        assert_ptr_equal(kernel_find(ladder[i]), kernel_at(i));
        assert_non_null(kernel_at(i)->summary);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(kernel_at(i)->name, kernel_at(j)->name);
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
static void cancel_case(const char *variant, int n)
{
    cancel_job j = {.k = kernel_find(variant), .n = n, .tun = {.threads = 1}};
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
    print_message("%s n=%d: stopped %.1f ms after cancel, at %ld/%ld\n", variant, n, 1e3 * latency,
                  done, total);
    assert_int_equal(j.status, KERNEL_CANCELLED);
    assert_true(latency < 0.1);
    free(j.a);
    free(j.b);
    free(j.c);
}

static void test_cancel_is_prompt(void **state)
{
    (void)state;
    cancel_case("naive", 1500);
    cancel_case("reordered", 2500);
    cancel_case("blocked", 2500);
    cancel_case("packed", 2500);
    cancel_case("microkernel", 3000);
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
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_every_variant_matches_openblas),
        cmocka_unit_test(test_block_sizes),
        cmocka_unit_test(test_microkernel_isas_threads_and_blocking),
        cmocka_unit_test(test_progress_completes),
        cmocka_unit_test(test_cancel_is_prompt),
    };
    return cmocka_run_group_tests_name("kernels", tests, NULL, NULL);
}
