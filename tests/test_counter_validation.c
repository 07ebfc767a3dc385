/* Hardware counters against known answers, after PAPI's validation_tests. Where the host
 * has no usable PMU each check is skipped (cmocka counts it as skipped) with the reason
 * printed; where it has one, the check runs and must hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "counters/counters.h"

/* Opens the first countable of names; NULL (after printing why) when none is. */
static counters *open_or_skip(const char *what, const char *const *names, int n, int *index)
{
    counters *c = counters_open(names, n);
    assert_non_null(c);
    for (int i = 0; i < n; i++) {
        if (counters_event(c, i)->available) {
            *index = i;
            return c;
        }
    }
    print_message("SKIPPED: %s: %s: %s\n", what, names[0], counters_event(c, 0)->reason);
    counters_close(c);
    skip();
    return NULL;
}

static void naive_matmul(int n, const double *a, const double *b, double *c)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int p = 0; p < n; p++)
                s += a[i * n + p] * b[p * n + j];
            c[i * n + j] = s;
        }
}

static void test_matmul_flops(void **state)
{
    (void)state;
    static const char *const names[] = {"PAPI_DP_OPS", "PAPI_FP_OPS"};
    int idx = 0;
    counters *c = open_or_skip("2N^3 FLOPs of a double matmul", names, 2, &idx);
    assert_non_null(c);
    const int n = 200;
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n),
           *r = malloc(sizeof(double) * n * n);
    for (int i = 0; i < n * n; i++)
        a[i] = b[i] = 1.0 + i % 7;
    double v[COUNTERS_MAX];
    assert_int_equal(counters_start(c), 0);
    naive_matmul(n, a, b, r);
    assert_int_equal(counters_stop(c, v), 0);
    double expected = 2.0 * n * n * n, err = (v[idx] - expected) / expected;
    print_message("%s: %.0f counted, %.0f expected (%+.2f%%)\n", names[idx], v[idx], expected,
                  100 * err);
    assert_true(fabs(err) < 0.05);
    free(a);
    free(b);
    free(r);
    counters_close(c);
}

static void count_loop(long iterations)
{
    volatile long sink = 0;
    for (long i = 0; i < iterations; i++)
        sink += i;
}

static void test_instructions_scale_with_loop(void **state)
{
    (void)state;
    static const char *const names[] = {"PAPI_TOT_INS"};
    int idx = 0;
    counters *c = open_or_skip("instructions of a loop of known length", names, 1, &idx);
    assert_non_null(c);
    double one[COUNTERS_MAX], two[COUNTERS_MAX];
    assert_int_equal(counters_start(c), 0);
    count_loop(1000000);
    assert_int_equal(counters_stop(c, one), 0);
    assert_int_equal(counters_start(c), 0);
    count_loop(2000000);
    assert_int_equal(counters_stop(c, two), 0);
    double ratio = two[idx] / one[idx];
    print_message("instructions: %.0f for 1e6 iterations, ratio 2e6/1e6 = %.3f\n", one[idx], ratio);
    assert_true(one[idx] >= 3e6 && fabs(ratio - 2.0) < 0.05);
    counters_close(c);
}

static void test_strided_walk_misses_l1(void **state)
{
    (void)state;
    static const char *const names[] = {"PAPI_L1_DCM"};
    int idx = 0;
    counters *c = open_or_skip("L1 misses of a strided walk", names, 1, &idx);
    assert_non_null(c);
    const size_t lines = 1u << 20; /* 64 MiB: far beyond L1 and L2 */
    volatile char *buf = calloc(lines, 64);
    assert_non_null((void *)buf);
    for (size_t i = 0; i < lines; i++)
        buf[i * 64] = 1; /* fault the pages in first */
    double v[COUNTERS_MAX];
    long sum = 0;
    assert_int_equal(counters_start(c), 0);
    for (size_t i = 0; i < lines; i++)
        sum += buf[i * 64];
    assert_int_equal(counters_stop(c, v), 0);
    print_message("L1 misses: %.0f for %zu new lines (sum %ld)\n", v[idx], lines, sum);
    assert_true(v[idx] > 0.8 * (double)lines && v[idx] < 1.5 * (double)lines);
    free((void *)buf);
    counters_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matmul_flops),
        cmocka_unit_test(test_instructions_scale_with_loop),
        cmocka_unit_test(test_strided_walk_misses_l1),
    };
    return cmocka_run_group_tests_name("counter validation", tests, NULL, NULL);
}
