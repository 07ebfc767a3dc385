#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>

#include "core/check.h"
#include "core/stats.h"

static void test_summary_odd_even(void **state)
{
    (void)state;
    double v[] = {5.0, 1.0, 3.0};
    timing_stats s;
    assert_int_equal(stats_summarise(v, 3, &s), 0);
    assert_true(s.min == 1.0 && s.median == 3.0 && s.max == 5.0);
    assert_true(v[0] == 5.0); /* input untouched */
    double w[] = {4.0, 1.0, 3.0, 2.0};
    assert_int_equal(stats_summarise(w, 4, &s), 0);
    assert_true(s.median == 2.5 && s.min == 1.0 && s.max == 4.0);
}

static void test_summary_empty_and_single(void **state)
{
    (void)state;
    timing_stats s;
    assert_int_equal(stats_summarise(NULL, 0, &s), 0);
    assert_true(isnan(s.min) && isnan(s.median) && isnan(s.max));
    double one = 0.125;
    assert_int_equal(stats_summarise(&one, 1, &s), 0);
    assert_true(s.min == 0.125 && s.median == 0.125 && s.max == 0.125);
}

static void test_check_error(void **state)
{
    (void)state;
    double ref[] = {1.0, -4.0, 2.0};
    double same[] = {1.0, -4.0, 2.0};
    double off[] = {1.0, -4.0, 2.4};
    assert_true(check_max_rel_err(same, ref, 3) == 0.0);
    assert_true(fabs(check_max_rel_err(off, ref, 3) - 0.1) < 1e-12); /* 0.4 / 4 */
    double nan_x[] = {1.0, NAN, 2.0};
    assert_true(isnan(check_max_rel_err(nan_x, ref, 3)));
    double zeros[] = {0.0, 0.0};
    double tiny[] = {0.0, 1e-300};
    assert_true(check_max_rel_err(zeros, zeros, 2) == 0.0);
    assert_true(isinf(check_max_rel_err(tiny, zeros, 2)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_odd_even),
        cmocka_unit_test(test_summary_empty_and_single),
        cmocka_unit_test(test_check_error),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
