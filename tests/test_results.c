/* The results model: one row per run, statistics over its samples, every comparison
 * computed once when a sample arrives (and only where both sides exist), the ladder at a
 * setting, history bounds, forgetting a setting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/results.h"

static uint64_t seq;

static sample make(const char *variant, int n, double t)
{
    sample s;
    memset(&s, 0, sizeof s);
    s.exp = experiment_default();
    s.exp.variant = variant_find(variant);
    s.exp.m = s.exp.n = s.exp.k = n;
    experiment_resolve(&s.exp, &s.knobs);
    s.seq = ++seq;
    s.reps = 1;
    s.t_min = s.t_median = s.t_max = s.t_last = t;
    s.flops = 2.0 * n * n * n;
    s.gflops = s.flops / t * 1e-9;
    s.threads_used = 1;
    s.loss = s.accuracy = NAN;
    return s;
}

static void test_comparisons_where_both_sides_exist(void **state)
{
    (void)state;
    results *r = results_create();
    sample blocked = make("blocked", 100, 0.004);
    const result_row *row = results_add(r, &blocked);
    /* neither naive nor openblas measured yet */
    assert_true(isnan(row->speedup_vs_baseline) && isnan(row->slowdown_vs_reference));
    sample naive = make("naive", 100, 0.010);
    results_add(r, &naive);
    row = results_find(r, &blocked.exp);
    assert_true(fabs(row->speedup_vs_baseline - 2.5) < 1e-12);
    assert_true(isnan(row->slowdown_vs_reference));
    sample blas = make("openblas", 100, 0.001);
    results_add(r, &blas);
    row = results_find(r, &blocked.exp);
    assert_true(fabs(row->slowdown_vs_reference - 4.0) < 1e-12);
    assert_true(fabs(results_find(r, &naive.exp)->speedup_vs_baseline - 1.0) < 1e-12);
    /* another setting is not compared with this one */
    sample other = make("blocked", 200, 0.03);
    row = results_add(r, &other);
    assert_true(isnan(row->speedup_vs_baseline) && isnan(row->slowdown_vs_reference));
    /* a new naive sample updates the ratios of every row at its setting */
    sample naive2 = make("naive", 100, 0.020);
    results_add(r, &naive2);
    assert_true(fabs(results_find(r, &blocked.exp)->speedup_vs_baseline - 5.0) < 1e-12);
    results_free(r);
}

static void test_rows_keep_statistics(void **state)
{
    (void)state;
    results *r = results_create();
    static const double times[] = {0.5, 0.2, 0.4, 0.3, 0.9};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        sample s = make("reordered", 64, times[i]);
        s.t_min = times[i] * 0.9;
        results_add(r, &s);
    }
    assert_int_equal(results_count(r), 1); /* one run, one row */
    const result_row *row = results_row(r, 0);
    assert_int_equal(row->nsamples, 5);
    assert_true(fabs(row->best_s - 0.18) < 1e-12);
    assert_true(fabs(row->median_s - 0.4) < 1e-12);
    assert_true(fabs(row->s.t_median - 0.9) < 1e-12); /* the latest sample */
    /* a run's verdict sticks to later samples that did not check */
    sample checked = make("packed", 64, 0.1);
    checked.verdict = CHECK_PASS;
    checked.max_rel_err = 3e-16;
    results_add(r, &checked);
    sample later = make("packed", 64, 0.1);
    row = results_add(r, &later);
    assert_int_equal(row->s.verdict, CHECK_PASS);
    assert_true(row->s.max_rel_err == 3e-16);
    results_free(r);
}

static double five(const sample *s, void *ctx)
{
    (void)s;
    return *(const double *)ctx;
}

static void test_percent_of_peak(void **state)
{
    (void)state;
    results *r = results_create();
    sample s = make("blocked", 100, 0.001); /* 2 GFLOP/s */
    const result_row *row = results_add(r, &s);
    assert_true(isnan(row->percent_of_peak)); /* no peak known */
    static double peak = 5.0;
    results_set_peak(r, five, &peak);
    assert_true(fabs(results_row(r, 0)->percent_of_peak - 40.0) < 1e-9);
    results_free(r);
}

/* One slot per variant, however many there are; the wanted run wins its own slot. */
static void test_ladder(void **state)
{
    (void)state;
    results *r = results_create();
    const result_row **rows = calloc((size_t)variants_count(), sizeof *rows);
    sample b64 = make("blocked", 100, 0.004), b32 = make("blocked", 100, 0.003);
    b32.exp.knob[variants_knob_find("block")] = 32;
    results_add(r, &b64);
    results_add(r, &b32);
    experiment want = b64.exp;
    results_ladder(r, &want, rows);
    assert_ptr_equal(rows[want.variant], results_find(r, &b64.exp));
    for (int v = 0; v < variants_count(); v++)
        if (v != want.variant)
            assert_null(rows[v]);
    /* another variant wanted: blocked shows its latest row */
    want.variant = variant_find("naive");
    results_ladder(r, &want, rows);
    assert_ptr_equal(rows[variant_find("blocked")], results_find(r, &b32.exp));
    const result_row *at[8];
    assert_int_equal(results_at_setting(r, &want, at, 8), 2);
    free(rows);
    results_free(r);
}

static void test_history_bounded_and_marked(void **state)
{
    (void)state;
    results *r = results_create();
    for (int i = 0; i < RESULTS_HISTORY + 50; i++) {
        sample s = make(i < RESULTS_HISTORY ? "naive" : "reordered", 32, 0.001 * (i + 1));
        results_add(r, &s);
    }
    assert_int_equal(results_history_count(r), RESULTS_HISTORY);
    const history_point *first = results_history_at(r, 0);
    assert_true(fabs(first->t_median - 0.001 * 51) < 1e-12); /* the oldest 50 are gone */
    int changes = 0;
    for (int i = 0; i < RESULTS_HISTORY; i++)
        changes += results_history_at(r, i)->setting_changed;
    assert_int_equal(changes, 1);
    assert_null(results_history_at(r, RESULTS_HISTORY));
    assert_null(results_history_at(r, -1));
    results_free(r);
}

static void test_forget_setting(void **state)
{
    (void)state;
    results *r = results_create();
    sample a = make("naive", 64, 0.1), b = make("naive", 128, 0.2);
    results_add(r, &a);
    results_add(r, &b);
    results_forget_setting(r, &a.exp);
    assert_int_equal(results_count(r), 1);
    assert_null(results_find(r, &a.exp));
    assert_non_null(results_find(r, &b.exp));
    assert_int_equal(results_history_count(r), 0);
    results_free(r);
}

/* Simulated counts arrive on their own clock: before the run's first sample or after, they
 * end up on its row, and a reset does not lose them. */
static void test_simulated_counts_follow_their_run(void **state)
{
    (void)state;
    results *r = results_create();
    sample a = make("naive", 64, 0.1), b = make("reordered", 64, 0.05);
    sim_counts sim;
    memset(&sim, 0, sizeof sim);
    sim.valid = true;
    sim.l1d_misses = 123;
    assert_int_equal(results_set_simulated(r, &a.exp, &sim), 0);
    assert_non_null(results_simulated(r, &a.exp));
    assert_null(results_simulated(r, &b.exp));
    const result_row *row = results_add(r, &a);
    assert_true(row->sim.valid && row->sim.l1d_misses == 123);
    row = results_add(r, &b);
    assert_false(row->sim.valid);
    sim.l1d_misses = 45;
    assert_int_equal(results_set_simulated(r, &b.exp, &sim), 0);
    assert_true(results_find(r, &b.exp)->sim.l1d_misses == 45);
    /* a later sample keeps them */
    results_add(r, &b);
    assert_true(results_find(r, &b.exp)->sim.l1d_misses == 45);
    results_forget_setting(r, &a.exp);
    assert_true(results_simulated(r, &a.exp)->l1d_misses == 123);
    assert_true(results_add(r, &a)->sim.valid);
    results_free(r);
}

/* A sweep point skipped: no row, no history point, remembered until a sample of the run
 * comes; the oldest is forgotten past RESULTS_SKIPPED_MAX. */
static void test_skipped_points(void **state)
{
    (void)state;
    results *r = results_create();
    sample big = make("naive", 2000, NAN);
    big.skipped = true;
    assert_null(results_add(r, &big));
    assert_int_equal(results_count(r), 0);
    assert_int_equal(results_history_count(r), 0);
    assert_true(results_skipped(r, &big.exp));
    results_note_skipped(r, &big); /* twice: still once */
    sample other = make("naive", 1000, 0.5);
    assert_false(results_skipped(r, &other.exp));
    /* measured after all: no longer skipped */
    sample measured = make("naive", 2000, 12.0);
    assert_non_null(results_add(r, &measured));
    assert_false(results_skipped(r, &measured.exp));
    for (int n = 1; n <= RESULTS_SKIPPED_MAX + 1; n++) {
        sample s = make("blocked", n, NAN);
        s.skipped = true;
        results_note_skipped(r, &s);
    }
    sample first = make("blocked", 1, NAN), last = make("blocked", RESULTS_SKIPPED_MAX + 1, NAN);
    assert_false(results_skipped(r, &first.exp));
    assert_true(results_skipped(r, &last.exp));
    results_free(r);
}

/* Bounded (the dashboard's): past the bound the row updated longest ago is forgotten, and
 * a row updated since is kept; unbounded, every row stays. */
static void test_bounded_rows(void **state)
{
    (void)state;
    results *r = results_create();
    results_set_max_rows(r, 3);
    sample s64 = make("naive", 64, 0.1), s96 = make("naive", 96, 0.2),
           s128 = make("naive", 128, 0.3), s160 = make("naive", 160, 0.4);
    results_add(r, &s64);
    results_add(r, &s96);
    results_add(r, &s128);
    results_add(r, &s64); /* updated: now the newest */
    assert_non_null(results_add(r, &s160));
    assert_int_equal(results_count(r), 3);
    assert_null(results_find(r, &s96.exp));
    assert_non_null(results_find(r, &s64.exp));
    assert_non_null(results_find(r, &s128.exp));
    assert_non_null(results_find(r, &s160.exp));
    /* the order of the rest is kept */
    assert_true(results_row(r, 0)->s.exp.n == 64 && results_row(r, 1)->s.exp.n == 128);
    /* simulated counts are bounded the same way */
    sim_counts sim;
    memset(&sim, 0, sizeof sim);
    sim.valid = true;
    for (int n = 1; n <= 5; n++) {
        sample s = make("reordered", n, 0.1);
        assert_int_equal(results_set_simulated(r, &s.exp, &sim), 0);
    }
    sample first = make("reordered", 1, 0.1), last = make("reordered", 5, 0.1);
    assert_null(results_simulated(r, &first.exp));
    assert_non_null(results_simulated(r, &last.exp));
    results_free(r);
    r = results_create();
    for (int n = 1; n <= 50; n++) {
        sample s = make("naive", n, 0.1);
        results_add(r, &s);
    }
    assert_int_equal(results_count(r), 50);
    results_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skipped_points),
        cmocka_unit_test(test_bounded_rows),
        cmocka_unit_test(test_comparisons_where_both_sides_exist),
        cmocka_unit_test(test_rows_keep_statistics),
        cmocka_unit_test(test_percent_of_peak),
        cmocka_unit_test(test_ladder),
        cmocka_unit_test(test_history_bounded_and_marked),
        cmocka_unit_test(test_forget_setting),
        cmocka_unit_test(test_simulated_counts_follow_their_run),
    };
    return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
