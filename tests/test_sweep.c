/* The sweeps' plans: log-spaced sizes up to a setting's, every variant at each; the tuner's
 * candidates, the same for the dashboard's block sweep as for `tttop tune`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>

#include "core/sweep.h"

static void test_sizes(void **state)
{
    (void)state;
    int s[16];
    int n = sweep_sizes(500, s, 16);
    assert_int_equal(n, 8); /* 44 63 88 125 177 250 354 500 */
    assert_int_equal(s[n - 1], 500);
    assert_int_equal(s[0], 44);
    for (int i = 1; i < n; i++) {
        assert_true(s[i] > s[i - 1]);
        assert_true(fabs((double)s[i] / s[i - 1] - sqrt(2.0)) < 0.05); /* log-spaced */
    }
    n = sweep_sizes(2000, s, 10); /* at most cap: the largest kept */
    assert_int_equal(n, 10);
    assert_int_equal(s[9], 2000);
    assert_true(s[0] >= SWEEP_MIN_SIZE);
    assert_int_equal(sweep_sizes(20, s, 16), 1); /* under the minimum: itself */
    assert_int_equal(s[0], 20);
    assert_int_equal(sweep_sizes(500, s, 0), 0);
}

static void test_size_plan(void **state)
{
    (void)state;
    static experiment plan[200];
    experiment e = experiment_default();
    e.m = 250, e.n = 500, e.k = 1000;
    const int n = sweep_size_plan(&e, 0.05, plan, 200);
    assert_int_equal(n, 8 * variants_count());
    for (int i = 0; i < n; i++) {
        assert_int_equal(plan[i].variant, i % variants_count()); /* every variant per size */
        assert_true(plan[i].min_time == 0.05);
        assert_int_equal(plan[i].m * 2, plan[i].n + (plan[i].n % 2)); /* the shape scaled */
        if (i >= variants_count())
            assert_true(plan[i].n >= plan[i - variants_count()].n);
    }
    assert_int_equal(plan[n - 1].n, 500);
    assert_int_equal(plan[n - 1].k, 1000);
    e.workload = WORKLOAD_NET;
    assert_int_equal(sweep_size_plan(&e, 0.05, plan, 200), 0);
}

static void test_tune_plan(void **state)
{
    (void)state;
    static experiment plan[200];
    const int block = variants_knob_find("block");
    experiment e = experiment_default();
    e.variant = variant_find("blocked");
    int knobs[VARIANT_MAX_KNOBS];
    assert_int_equal(sweep_tuned_knobs(e.variant, knobs), 1);
    assert_int_equal(knobs[0], block);
    const variant_tunable *t = variants_knob(block);
    const int n = sweep_tune_plan(&e, 0.1, plan, 200);
    assert_int_equal(n, t->nsteps);
    for (int i = 0; i < n; i++) {
        assert_int_equal(plan[i].knob[block], t->steps[i]);
        assert_int_equal(plan[i].variant, e.variant);
        assert_true(experiment_same_setting(&plan[i], &e));
    }
    /* several knobs: their cross product, the last fastest */
    e.variant = variant_find("microkernel");
    const int nk = sweep_tuned_knobs(e.variant, knobs);
    assert_true(nk >= 2);
    const long count = sweep_candidate_count(knobs, nk);
    assert_int_equal(sweep_tune_plan(&e, 0.1, plan, 200), count < 200 ? count : 200);
    const variant_tunable *last = variants_knob(knobs[nk - 1]);
    assert_int_equal(plan[1].knob[knobs[nk - 1]], last->steps[1 % last->nsteps]);
    /* nothing to tune */
    e.variant = variant_find("naive");
    assert_int_equal(sweep_tune_plan(&e, 0.1, plan, 200), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_size_plan),
        cmocka_unit_test(test_tune_plan),
    };
    return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
