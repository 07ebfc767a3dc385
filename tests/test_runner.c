/* The worker thread: publishes samples, reacts to a new setting at once even in the middle
 * of a long naive run, pauses, sweeps and records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"
#include "runner.h"

static const char *const software_events[] = {"perf::TASK-CLOCK"};

static runner_snapshot *snap;

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
    e.variant = kernel_index(variant);
    e.m = e.n = e.k = n;
    e.min_time = 0.01;
    return e;
}

/* Polls until pred holds or the deadline passes; returns the seconds waited or -1. */
static double wait_for(runner *r, bool (*pred)(const runner_snapshot *, const void *),
                       const void *arg, double deadline_s)
{
    double t0 = measure_now();
    for (;;) {
        runner_snapshot_get(r, snap);
        if (pred(snap, arg))
            return measure_now() - t0;
        if (measure_now() - t0 > deadline_s)
            return -1.0;
        nanosleep(&(struct timespec){.tv_nsec = 2000000}, NULL);
    }
}

static bool has_sample(const runner_snapshot *s, const void *arg)
{
    (void)arg;
    return s->last.seq > 0;
}

static bool naive_in_progress(const runner_snapshot *s, const void *arg)
{
    (void)arg;
    return s->state == RUNNER_MEASURING && s->running.variant == kernel_index("naive") &&
           s->progress_done > 0 && s->progress_total > s->progress_done;
}

static bool running_variant(const runner_snapshot *s, const void *arg)
{
    return s->running.variant == *(const int *)arg && s->last.seq > 0;
}

static bool ladder_full(const runner_snapshot *s, const void *arg)
{
    (void)arg;
    if (s->sweeping)
        return false;
    for (int v = 0; v < kernel_count(); v++)
        if (s->ladder[v].seq == 0)
            return false;
    return true;
}

static void test_publishes_checked_samples(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("blocked", 96);
    runner *r = runner_create(&e, software_events, 1, NULL, err, sizeof err);
    assert_non_null(r);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    assert_int_equal(snap->last.verdict, CHECK_PASS);
    assert_true(snap->last.max_rel_err < CHECK_TOLERANCE);
    assert_true(snap->last.gflops > 0);
    assert_true(snap->nsamples >= 1);
    assert_true(snap->best_s > 0 && snap->median_s >= snap->best_s);
    assert_true(snap->history_count >= 1);
    assert_true(snap->counters_ready);
    assert_int_equal(snap->nevents, 1);
    assert_true(snap->ladder[e.variant].seq > 0);
    runner_destroy(r);
}

static void test_reconfigure_cancels_long_run(void **state)
{
    (void)state;
    char err[256];
    experiment slow = small("naive", 1500); /* seconds of work */
    slow.min_time = 10.0;
    runner *r = runner_create(&slow, software_events, 1, NULL, err, sizeof err);
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
    assert_int_equal(snap->last.exp.variant, want);
    runner_destroy(r);
}

static void test_pause_stops_sampling(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("reordered", 64);
    runner *r = runner_create(&e, software_events, 1, NULL, err, sizeof err);
    assert_non_null(r);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    runner_set_paused(r, true);
    usleep(100000);
    runner_snapshot_get(r, snap);
    assert_int_equal(snap->state, RUNNER_PAUSED);
    uint64_t seq = snap->last.seq;
    usleep(200000);
    runner_snapshot_get(r, snap);
    assert_true(snap->last.seq == seq);
    runner_set_paused(r, false);
    runner_reset(r);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    runner_destroy(r);
}

static void test_sweep_fills_ladder_and_records(void **state)
{
    (void)state;
    char err[256], path[] = "/tmp/tttop-record-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    experiment e = small("openblas", 80);
    runner *r = runner_create(&e, software_events, 1, path, err, sizeof err);
    assert_non_null(r);
    runner_sweep(r);
    assert_true(wait_for(r, ladder_full, NULL, 60.0) >= 0);
    for (int v = 0; v < kernel_count(); v++)
        assert_int_equal(snap->ladder[v].verdict, CHECK_PASS);
    assert_int_equal(snap->wanted.variant, e.variant);
    runner_destroy(r);

    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[65536];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t jerr;
        json_t *obj = json_loads(line, 0, &jerr);
        if (!obj)
            fail_msg("record line %d does not parse: %s", lines + 1, jerr.text);
        assert_non_null(json_object_get(obj, "gflops"));
        json_decref(obj);
        lines++;
    }
    fclose(f);
    unlink(path);
    assert_true(lines >= kernel_count());
}

static void test_bad_setting_fails_cleanly(void **state)
{
    (void)state;
    char err[256];
    experiment e = small("naive", 64);
    e.m = e.n = e.k = EXPERIMENT_MAX_SIZE; /* cannot fit: refused, not allocated */
    runner *r = runner_create(&e, software_events, 1, NULL, err, sizeof err);
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
    assert_null(runner_create(&ok, NULL, 0, "/nonexistent-dir/x.jsonl", err, sizeof err));
    assert_non_null(strstr(err, "--record"));
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
    e.tun.threads = 2;
    runner *r = runner_create(&e, software_events, 1, NULL, err, sizeof err);
    assert_non_null(r);
    assert_true(wait_for(r, has_sample, NULL, 20.0) >= 0);
    runner_set_paused(r, true);
    usleep(20000);
    double c0 = process_cpu_s();
    usleep(200000);
    double used = process_cpu_s() - c0;
    print_message("CPU used in 200 ms of pause after openblas on 2 threads: %.1f ms\n",
                  1e3 * used);
    assert_true(used < 0.04);
    runner_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publishes_checked_samples),
        cmocka_unit_test(test_reconfigure_cancels_long_run),
        cmocka_unit_test(test_pause_stops_sampling),
        cmocka_unit_test(test_sweep_fills_ladder_and_records),
        cmocka_unit_test(test_bad_setting_fails_cleanly),
        cmocka_unit_test(test_pause_after_threaded_openblas_is_idle),
    };
    return cmocka_run_group_tests_name("runner", tests, setup, teardown);
}
