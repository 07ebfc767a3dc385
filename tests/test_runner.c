/* The worker thread: publishes samples for the face to take, reacts to a new setting at
 * once even in the middle of a long naive run, pauses and sweeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/measure.h"
#include "core/results.h"
#include "core/runner.h"

static const char *const software_events[] = {"perf::TASK-CLOCK"};

static runner_snapshot *snap;
static results *model;

static int setup(void **state)
{
    (void)state;
    snap = malloc(sizeof *snap);
    return snap ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(snap);
    return 0;
}

static experiment small(const char *variant, int n)
{
    experiment e = experiment_default();
    e.variant = variant_find(variant);
    e.m = e.n = e.k = n;
    e.min_time = 0.01;
    return e;
}

/* What the face does: take the published samples into its model. */
static void pump(runner *r)
{
    sample batch[8];
    int n;
    while ((n = runner_take(r, batch, 8)) > 0)
        for (int i = 0; i < n; i++)
            if (batch[i].skipped)
                results_note_skipped(model, &batch[i]);
            else
                assert_non_null(results_add(model, &batch[i]));
}

/* Polls until pred holds or the deadline passes; returns the seconds waited or -1. */
static double wait_for(runner *r, bool (*pred)(const runner_snapshot *, const void *),
                       const void *arg, double deadline_s)
{
    double t0 = measure_now();
    for (;;) {
        runner_snapshot_get(r, snap);
        pump(r);
        if (pred(snap, arg))
            return measure_now() - t0;
        if (measure_now() - t0 > deadline_s)
            return -1.0;
        nanosleep(&(struct timespec){.tv_nsec = 2000000}, NULL);
    }
}

/* The wanted run's row in the model. */
static const result_row *current(const runner_snapshot *s)
{
    return results_find(model, &s->wanted);
}

static bool has_sample(const runner_snapshot *s, const void *arg)
{
    (void)arg;
    return current(s) != NULL;
}

static bool naive_in_progress(const runner_snapshot *s, const void *arg)
{
    (void)arg;
    return s->state == RUNNER_MEASURING && s->running.variant == variant_find("naive") &&
           s->progress_done > 0 && s->progress_total > s->progress_done;
}

static bool running_variant(const runner_snapshot *s, const void *arg)
{
    return s->running.variant == *(const int *)arg && current(s) != NULL;
}

static bool ladder_full(const runner_snapshot *s, const void *arg)
{
    (void)arg;
    if (s->planning)
        return false;
    const result_row *rows[64];
    assert_true(variants_count() <= 64);
    results_ladder(model, &s->wanted, rows);
    for (int v = 0; v < variants_count(); v++)
        if (!rows[v])
            return false;
    return true;
}

static void test_publishes_checked_samples(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("blocked", 96);
    model = results_create();
    runner *r = runner_create(&e, software_events, 1, err, sizeof err);
    assert_non_null(r);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    const result_row *row = current(snap);
    assert_int_equal(row->s.verdict, CHECK_PASS);
    assert_true(row->s.max_rel_err < CHECK_TOLERANCE);
    assert_true(row->s.gflops > 0);
    assert_true(row->s.finished_at > 1e9); /* a wall-clock time */
    assert_true(row->nsamples >= 1);
    assert_true(row->best_s > 0 && row->median_s >= row->best_s);
    assert_true(results_history_count(model) >= 1);
    assert_true(snap->counters_ready);
    assert_int_equal(snap->nevents, 1);
    assert_true(snap->samples >= 1);
    runner_destroy(r);
    results_free(model);
}

static void test_reconfigure_cancels_long_run(void **state)
{
    (void)state;
    char err[256];
    experiment slow = small("naive", 1500); /* seconds of work */
    slow.min_time = 10.0;
    model = results_create();
    runner *r = runner_create(&slow, software_events, 1, err, sizeof err);
    assert_non_null(r);
    assert_true(wait_for(r, naive_in_progress, NULL, 30.0) >= 0);
    assert_true(snap->eta_s >= 0);

    experiment fast = small("reordered", 64);
    double t0 = measure_now();
    runner_configure(r, &fast);
    int want = fast.variant;
    /* The worker must drop the naive run and publish a sample of the new setting. */
    double waited = wait_for(r, running_variant, &want, 5.0);
    double latency = measure_now() - t0;
    print_message("switch from naive n=1500 to reordered n=64: %.1f ms\n", 1e3 * latency);
    assert_true(waited >= 0);
    assert_true(latency < 1.0);
    assert_null(results_find(model, &slow)); /* the cancelled run published nothing */
    runner_destroy(r);
    results_free(model);
}

static void test_pause_stops_sampling(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("reordered", 64);
    model = results_create();
    runner *r = runner_create(&e, software_events, 1, err, sizeof err);
    assert_non_null(r);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    runner_set_paused(r, true);
    usleep(100000);
    runner_snapshot_get(r, snap);
    assert_int_equal(snap->state, RUNNER_PAUSED);
    pump(r);
    const uint64_t published = snap->samples;
    usleep(200000);
    runner_snapshot_get(r, snap);
    assert_true(snap->samples == published);
    sample none[1];
    assert_int_equal(runner_take(r, none, 1), 0);
    runner_set_paused(r, false);
    results_forget_setting(model, &e);
    runner_reset(r);
    assert_null(current(snap));
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    runner_destroy(r);
    results_free(model);
}

static void test_sweep_fills_ladder(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("openblas", 80);
    model = results_create();
    runner *r = runner_create(&e, software_events, 1, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(runner_sweep(r), 0);
    assert_true(wait_for(r, ladder_full, NULL, 60.0) >= 0);
    const result_row *rows[64];
    results_ladder(model, &snap->wanted, rows);
    for (int v = 0; v < variants_count(); v++) {
        assert_int_equal(rows[v]->s.verdict, CHECK_PASS);
        assert_true(rows[v]->s.reference == (v == variant_reference()));
        assert_true(isfinite(rows[v]->speedup_vs_baseline));
        assert_true(isfinite(rows[v]->slowdown_vs_reference));
    }
    assert_int_equal(snap->wanted.variant, e.variant);
    runner_destroy(r);
    results_free(model);
}

static experiment capped_plan[4];

static bool capped_plan_done(const runner_snapshot *s, const void *arg)
{
    (void)arg;
    if (s->planning)
        return false;
    for (int i = 0; i < 4; i++)
        if (!results_find(model, &capped_plan[i]) && !results_skipped(model, &capped_plan[i]))
            return false;
    return true;
}

/* A capped plan: a point the variant's smaller one predicts over the cap is skipped unrun,
 * a point that runs past the cap is cancelled; both are published as skipped, and the
 * plan goes on to its last point. */
static void test_capped_plan_skips(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("blocked", 48);
    model = results_create();
    runner *r = runner_create(&e, software_events, 1, err, sizeof err);
    assert_non_null(r);
    capped_plan[0] = small("naive", 48);
    capped_plan[1] = small("naive", 1600);     /* 37000 times the work of n=48 */
    capped_plan[2] = small("reordered", 1400); /* the first of its variant: runs, then cut */
    capped_plan[3] = small("blocked", 40);
    const double t0 = measure_now();
    assert_int_equal(runner_plan_capped(r, capped_plan, 4, 0.5), 0);
    assert_true(wait_for(r, capped_plan_done, NULL, 60.0) >= 0);
    print_message("capped plan done in %.2f s\n", measure_now() - t0);
    assert_non_null(results_find(model, &capped_plan[0]));
    assert_true(results_skipped(model, &capped_plan[1]));
    assert_null(results_find(model, &capped_plan[1]));
    assert_non_null(results_find(model, &capped_plan[3]));
    /* reordered n=1400 takes about a second here; a machine fast enough may finish it */
    assert_true(results_skipped(model, &capped_plan[2]) ||
                results_find(model, &capped_plan[2]) != NULL);
    runner_destroy(r);
    results_free(model);
}

static void test_bad_setting_fails_cleanly(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("naive", 64);
    e.m = e.n = e.k = EXPERIMENT_MAX_SIZE; /* cannot fit: refused, not allocated */
    model = results_create();
    runner *r = runner_create(&e, software_events, 1, err, sizeof err);
    assert_non_null(r);
    double t0 = measure_now();
    while (measure_now() - t0 < 10.0) {
        runner_snapshot_get(r, snap);
        if (snap->state == RUNNER_FAILED)
            break;
        usleep(2000);
    }
    assert_int_equal(snap->state, RUNNER_FAILED);
    assert_non_null(strstr(snap->error, "GiB"));
    experiment ok = small("naive", 32);
    runner_configure(r, &ok);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    runner_destroy(r);
    results_free(model);
}

static double process_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* OpenBLAS's threads spin for ~0.1 s after a multi-threaded call; a paused dashboard must
 * not keep burning a core because of them. */
static void test_pause_after_threaded_openblas_is_idle(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("openblas", 400);
    experiment_set_threads(&e, 2);
    model = results_create();
    runner *r = runner_create(&e, software_events, 1, err, sizeof err);
    assert_non_null(r);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    runner_set_paused(r, true);
    usleep(20000);
    double c0 = process_cpu_s();
    usleep(200000);
    double used = process_cpu_s() - c0;
    print_message("CPU used in 200 ms of pause after openblas on 2 threads: %.1f ms\n", 1e3 * used);
    assert_true(used < 0.04);
    runner_destroy(r);
    results_free(model);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publishes_checked_samples),
        cmocka_unit_test(test_reconfigure_cancels_long_run),
        cmocka_unit_test(test_pause_stops_sampling),
        cmocka_unit_test(test_sweep_fills_ladder),
        cmocka_unit_test(test_capped_plan_skips),
        cmocka_unit_test(test_bad_setting_fails_cleanly),
        cmocka_unit_test(test_pause_after_threaded_openblas_is_idle),
    };
    return cmocka_run_group_tests_name("runner", tests, setup, teardown);
}
