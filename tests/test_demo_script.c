/* The demo's script: steps in the ladder's order, captions filled from the rows of a
 * results model (and "measuring..." where a number is still to come, never garbage), the
 * counter sentence's order of preference, the sizes it picks, what each step plans, and
 * the caption's wrapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_script.h"

#define N 100
#define BATCH 64

static uint64_t seq;

static sample make(workload_kind w, int variant, double t)
{
    sample s;
    memset(&s, 0, sizeof s);
    s.exp = experiment_default();
    s.exp.workload = w;
    s.exp.variant = variant;
    s.exp.m = s.exp.n = s.exp.k = N;
    s.exp.batch = BATCH;
    experiment_resolve(&s.exp, &s.knobs);
    s.seq = ++seq;
    s.reps = 1;
    s.t_min = s.t_median = s.t_max = s.t_last = t;
    s.flops = experiment_flops(&s.exp);
    s.gflops = s.flops / t * 1e-9;
    s.threads_used = 1;
    s.loss = s.accuracy = NAN;
    for (int i = 0; i < COUNTERS_MAX; i++)
        s.counts[i] = NAN;
    return s;
}

static void add(results *r, workload_kind w, int variant, double t)
{
    sample s = make(w, variant, t);
    assert_non_null(results_add(r, &s));
}

/* The step of variant v among the rungs. */
static int rung_of(const demo_script *s, int v)
{
    for (int i = 0; i < s->count; i++)
        if (s->steps[i].kind == DEMO_RUNG && s->steps[i].exp.variant == v)
            return i;
    fail_msg("no step for %s", variant_name(v));
    return -1;
}

static void no_garbage(const char *text)
{
    if (strstr(text, "{") || strstr(text, "}") || strstr(text, "[") || strstr(text, "]") ||
        strstr(text, "nan") || strstr(text, "n/a") || strstr(text, "inf") || strstr(text, "?"))
        fail_msg("garbage in caption: %s", text);
}

static void test_steps_walk_the_ladder_in_order(void **state)
{
    (void)state;
    demo_script s;
    assert_int_equal(demo_script_build(&s, N, BATCH), 0);
    const int nv = variants_count(), base = variant_baseline(), ref = variant_reference();
    assert_int_equal(s.count, nv + 3);
    /* the network's profile with the baseline first */
    assert_int_equal(s.steps[0].kind, DEMO_PROFILE);
    assert_int_equal(s.steps[0].exp.workload, WORKLOAD_NET);
    assert_int_equal(s.steps[0].exp.variant, base);
    assert_int_equal(s.steps[0].exp.batch, BATCH);
    /* every variant once, the baseline first, the reference last, the registry's order
     * between, each rung pointing at the one before */
    assert_int_equal(s.steps[1].exp.variant, base);
    assert_int_equal(s.steps[1].prev, -1);
    assert_int_equal(s.steps[nv].exp.variant, ref);
    int last = -1;
    for (int i = 1; i <= nv; i++) {
        const demo_step *st = &s.steps[i];
        assert_int_equal(st->kind, DEMO_RUNG);
        assert_int_equal(st->exp.workload, WORKLOAD_MATMUL);
        assert_true(st->exp.m == N && st->exp.n == N && st->exp.k == N);
        assert_int_equal(experiment_threads(&st->exp), 1);
        if (i > 1) {
            assert_int_equal(st->prev, s.steps[i - 1].exp.variant);
            if (st->exp.variant != ref && s.steps[i - 1].exp.variant != base)
                assert_true(st->exp.variant > last);
        }
        last = st->exp.variant;
        for (int j = 1; j < i; j++)
            assert_int_not_equal(s.steps[j].exp.variant, st->exp.variant);
    }
    /* the whole network with the reference, then the summary */
    assert_int_equal(s.steps[nv + 1].kind, DEMO_NETWORK);
    assert_int_equal(s.steps[nv + 1].exp.workload, WORKLOAD_NET);
    assert_int_equal(s.steps[nv + 1].exp.variant, ref);
    assert_int_equal(s.steps[nv + 2].kind, DEMO_SUMMARY);
    assert_true(demo_step_is_matmul(&s, nv + 2));
    assert_false(demo_step_is_matmul(&s, 0));
    /* titles come from the registry */
    char title[128];
    demo_title(&s, rung_of(&s, ref), title, sizeof title);
    assert_string_equal(title, variant_name(ref));
    demo_script_free(&s);
}

static void test_size_set_later(void **state)
{
    (void)state;
    demo_script s;
    assert_int_equal(demo_script_build(&s, 0, BATCH), 0);
    results *r = results_create();
    char buf[1024];
    /* no size yet: the shape is a number still to come, not "n=0" */
    demo_caption(&s, 1, r, NULL, 0, buf, sizeof buf);
    assert_null(strstr(buf, "n=0"));
    demo_script_set_size(&s, 300);
    for (int i = 0; i < s.count; i++)
        if (demo_step_is_matmul(&s, i))
            assert_true(s.steps[i].exp.n == 300 && s.steps[i].exp.m == 300);
    assert_int_equal(s.matmul.n, 300);
    assert_int_equal(s.steps[0].exp.batch, BATCH);
    const experiment cal = demo_calibration(&s);
    assert_int_equal(cal.variant, variant_baseline());
    assert_int_equal(cal.n, DEMO_CALIBRATION_N);
    results_free(r);
    demo_script_free(&s);
}

static void test_captions_filled_from_rows(void **state)
{
    (void)state;
    demo_script s;
    assert_int_equal(demo_script_build(&s, N, BATCH), 0);
    results *r = results_create();
    const int base = variant_baseline(), ref = variant_reference();
    const int second = s.steps[2].exp.variant, third = s.steps[3].exp.variant;
    add(r, WORKLOAD_MATMUL, base, 0.010);
    add(r, WORKLOAD_MATMUL, second, 0.004);
    add(r, WORKLOAD_MATMUL, third, 0.002);
    char buf[1024], want[256];

    /* the baseline: its lesson and time; no peak known, so no "of peak" */
    demo_caption(&s, 1, r, NULL, 0, buf, sizeof buf);
    snprintf(want, sizeof want, "%s: %s.\n", variant_name(base), variant_lesson(base));
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, "At n=100 one multiply (2 MFLOP) takes 10.0 ms: 0.20 GFLOP/s.\n"));
    assert_null(strstr(buf, "peak"));
    no_garbage(buf);

    /* the first rung: x naive, and no "x naive" twice for the step before */
    demo_caption(&s, 2, r, NULL, 0, buf, sizeof buf);
    snprintf(want, sizeof want, "4.00 ms per multiply (0.50 GFLOP/s): 2.50x %s.\n",
             variant_name(base));
    assert_non_null(strstr(buf, want));
    no_garbage(buf);

    /* the next: against the baseline and against the step before */
    demo_caption(&s, 3, r, NULL, 0, buf, sizeof buf);
    snprintf(want, sizeof want, "2.00 ms per multiply (1.00 GFLOP/s): 5.00x %s, 2.00x %s.\n",
             variant_name(base), variant_name(second));
    assert_non_null(strstr(buf, want));
    no_garbage(buf);

    /* the network: the reference against the baseline */
    add(r, WORKLOAD_NET, base, 0.050);
    add(r, WORKLOAD_NET, ref, 0.001);
    const int net_step = s.count - 2;
    demo_caption(&s, net_step, r, NULL, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "1.00 ms per forward pass against 50.0 ms: 50.0x faster"));
    no_garbage(buf);

    /* the summary: the fastest measured so far, the network's speed-up */
    demo_caption(&s, s.count - 1, r, NULL, 0, buf, sizeof buf);
    snprintf(want, sizeof want, "At n=100: %s 10.0 ms, %s 2.00 ms per multiply, 5.00x faster.",
             variant_name(base), variant_name(third));
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, "the same 2 MFLOP per multiply"));
    snprintf(want, sizeof want, "50.0x faster with %s than with %s.", variant_name(ref),
             variant_name(base));
    assert_non_null(strstr(buf, want));
    no_garbage(buf);
    results_free(r);
    demo_script_free(&s);
}

static double peak_100(const sample *s, void *ctx)
{
    (void)s;
    (void)ctx;
    return 100.0;
}

/* With a peak known, the baseline says how far from it it is. */
static void test_optional_numbers(void **state)
{
    (void)state;
    demo_script s;
    assert_int_equal(demo_script_build(&s, N, BATCH), 0);
    results *r = results_create();
    results_set_peak(r, peak_100, NULL);
    add(r, WORKLOAD_MATMUL, variant_baseline(), 0.010);
    char buf[1024];
    demo_caption(&s, 1, r, NULL, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "0.20 GFLOP/s, 0.2% of peak.\n"));
    results_free(r);
    demo_script_free(&s);
}

static void test_missing_numbers_read_measuring(void **state)
{
    (void)state;
    demo_script s;
    assert_int_equal(demo_script_build(&s, N, BATCH), 0);
    results *r = results_create();
    char buf[1024];
    for (int i = 0; i < s.count; i++) {
        demo_caption(&s, i, r, NULL, 0, buf, sizeof buf);
        assert_non_null(strstr(buf, "measuring..."));
        no_garbage(buf);
        /* every line stops at its first missing number */
        for (const char *line = buf; line && *line;) {
            const char *m = strstr(line, "measuring...");
            const char *nl = strchr(line, '\n');
            if (m && (!nl || m < nl))
                assert_true(m + strlen("measuring...") == (nl ? nl : line + strlen(line)));
            line = nl ? nl + 1 : NULL;
        }
    }
    /* half measured: the rung's time is in, the step before is not */
    add(r, WORKLOAD_MATMUL, s.steps[3].exp.variant, 0.002);
    demo_caption(&s, 3, r, NULL, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "2.00 ms per multiply (1.00 GFLOP/s): measuring...\n"));
    no_garbage(buf);
    results_free(r);
    demo_script_free(&s);
}

static counter_event event(const char *name, bool software)
{
    counter_event e;
    memset(&e, 0, sizeof e);
    snprintf(e.name, sizeof e.name, "%s", name);
    e.available = true;
    e.software = software;
    return e;
}

static void test_counter_sentence_prefers_the_best_figure(void **state)
{
    (void)state;
    char buf[256];
    demo_counts c = {
        .fmas = 1000, .hw_l1 = 1000, .hw_llc = 2, .sim_l1 = 125, .sim_ll = 1, .cpu_share = 0.5};
    demo_counter_sentence(&c, buf, sizeof buf);
    assert_string_equal(buf, "Counters (hardware): 1.00 L1 misses per multiply-add, "
                             "0.002 last-level.");
    c.hw_l1 = NAN;
    demo_counter_sentence(&c, buf, sizeof buf);
    assert_string_equal(buf, "Counters (simulated): 0.12 L1 misses per multiply-add, "
                             "0.001 last-level.");
    c.sim_l1 = c.sim_ll = NAN;
    demo_counter_sentence(&c, buf, sizeof buf);
    assert_string_equal(buf, "No cache counters here (tttop events says why); the run had 50% "
                             "of a CPU.");
    c.cpu_share = 1.04;
    demo_counter_sentence(&c, buf, sizeof buf);
    assert_non_null(strstr(buf, "the run had a whole CPU."));
    c.cpu_share = NAN;
    demo_counter_sentence(&c, buf, sizeof buf);
    assert_string_equal(buf, "No cache counters here (tttop events says why).");
}

static void test_counts_from_events(void **state)
{
    (void)state;
    counter_event ev[3] = {event("PAPI_L1_DCM", false), event("perf::TASK-CLOCK", true),
                           event("PAPI_L3_TCM", false)};
    ev[2].available = false; /* refused: not a figure */
    sample s = make(WORKLOAD_MATMUL, variant_baseline(), 0.010);
    s.nevents = 3;
    s.counts[0] = 1e6;
    s.counts[1] = 5e6; /* ns: half of the 10 ms */
    s.counts[2] = 7.0;
    demo_counts c;
    demo_counts_of(&s, ev, 3, &c);
    assert_true(fabs(c.fmas - 1e6) < 1e-6);
    assert_true(fabs(c.hw_l1 - 1e6) < 1e-6);
    assert_true(isnan(c.hw_llc));
    assert_true(isnan(c.sim_l1) && isnan(c.sim_ll));
    assert_true(fabs(c.cpu_share - 0.5) < 1e-9);
    /* in a caption */
    demo_script sc;
    assert_int_equal(demo_script_build(&sc, N, BATCH), 0);
    results *r = results_create();
    assert_non_null(results_add(r, &s));
    char buf[1024];
    demo_caption(&sc, 1, r, ev, 3, buf, sizeof buf);
    assert_non_null(strstr(buf, "\nCounters (hardware): 1.00 L1 misses per multiply-add."));
    results_free(r);
    demo_script_free(&sc);
}

/* No PMU: the simulated counts of the run (valgrind's, per multiply) fill the sentence. */
static void test_simulated_counts_in_a_caption(void **state)
{
    (void)state;
    counter_event ev[1] = {event("perf::TASK-CLOCK", true)};
    sample s = make(WORKLOAD_MATMUL, variant_baseline(), 0.010);
    s.nevents = 1;
    s.counts[0] = 1e7;
    demo_script sc;
    assert_int_equal(demo_script_build(&sc, N, BATCH), 0);
    results *r = results_create();
    assert_non_null(results_add(r, &s));
    char buf[1024];
    demo_caption(&sc, 1, r, ev, 1, buf, sizeof buf);
    assert_non_null(strstr(buf, "\nNo cache counters here"));
    sim_counts sim;
    memset(&sim, 0, sizeof sim);
    sim.valid = true;
    sim.l1d_misses = 5e5; /* of 1e6 multiply-adds */
    sim.ll_misses = 2e3;
    assert_int_equal(results_set_simulated(r, &s.exp, &sim), 0);
    demo_caption(&sc, 1, r, ev, 1, buf, sizeof buf);
    assert_non_null(
        strstr(buf, "\nCounters (simulated): 0.50 L1 misses per multiply-add, 0.002 last-level."));
    results_free(r);
    demo_script_free(&sc);
}

static void test_sizes(void **state)
{
    (void)state;
    /* half of 2 GFLOP/s for 1.2 s: 2n^3 = 1.2e9, n = 843 -> 850 */
    assert_int_equal(demo_size_from_rate(2.0, 1.2), 850);
    assert_int_equal(demo_size_from_rate(1e-6, 1.2), DEMO_MIN_SIZE);
    assert_int_equal(demo_size_from_rate(1e6, 1.2), DEMO_MAX_SIZE);
    assert_int_equal(demo_size_from_rate(NAN, 1.2), 0);
    assert_int_equal(demo_size_from_rate(0.0, 1.2), 0);
    machine_figures f;
    memset(&f, 0, sizeof f);
    f.bw_one_thread = 25.0;
    assert_int_equal(demo_size_from_figures(&f, 1.2), 0); /* not measured */
    f.measured = true;
    /* 25 GB/s / 32 B per multiply-add: 1.56 GFLOP/s; 2n^3 = 1.875e9, n = 979 -> 1000 */
    assert_int_equal(demo_size_from_figures(&f, 1.2), 1000);
    assert_int_equal(demo_size_from_figures(NULL, 1.2), 0);
}

static bool listed(const experiment *list, int n, workload_kind w, int variant)
{
    for (int i = 0; i < n; i++)
        if (list[i].workload == w && list[i].variant == variant)
            return true;
    return false;
}

static void test_steps_plan_what_they_read(void **state)
{
    (void)state;
    demo_script s;
    assert_int_equal(demo_script_build(&s, N, BATCH), 0);
    results *r = results_create();
    const int nv = variants_count(), base = variant_baseline();
    experiment plan[64];
    /* a rung: its own run first, then the baseline and the step before */
    int n = demo_step_missing(&s, 3, r, plan, 64);
    assert_int_equal(n, 3);
    assert_true(experiment_same_run(&plan[0], &s.steps[3].exp));
    assert_true(listed(plan, n, WORKLOAD_MATMUL, base));
    assert_true(listed(plan, n, WORKLOAD_MATMUL, s.steps[3].prev));
    assert_false(demo_step_measured(&s, 3, r));
    add(r, WORKLOAD_MATMUL, s.steps[3].exp.variant, 0.002);
    assert_true(demo_step_measured(&s, 3, r));
    assert_int_equal(demo_step_missing(&s, 3, r, plan, 64), 2);
    add(r, WORKLOAD_MATMUL, base, 0.01);
    add(r, WORKLOAD_MATMUL, s.steps[3].prev, 0.004);
    assert_int_equal(demo_step_missing(&s, 3, r, plan, 64), 0);
    /* the whole network: its own first, every variant of the network, none twice */
    n = demo_step_missing(&s, s.count - 2, r, plan, 64);
    assert_int_equal(n, nv);
    assert_true(experiment_same_run(&plan[0], &s.steps[s.count - 2].exp));
    for (int v = 0; v < nv; v++)
        assert_true(listed(plan, n, WORKLOAD_NET, v));
    /* the summary: what is missing of both columns */
    n = demo_step_missing(&s, s.count - 1, r, plan, 64);
    assert_int_equal(n, nv + (nv - 3));
    assert_false(demo_step_measured(&s, s.count - 1, r));
    for (int v = 0; v < nv; v++) {
        add(r, WORKLOAD_MATMUL, v, 0.001 * (v + 1));
        add(r, WORKLOAD_NET, v, 0.001 * (v + 1));
    }
    assert_int_equal(demo_step_missing(&s, s.count - 1, r, plan, 64), 0);
    assert_true(demo_step_measured(&s, s.count - 1, r));
    /* a short list is cut, not overrun */
    results *empty = results_create();
    assert_int_equal(demo_step_missing(&s, s.count - 1, empty, plan, 2), 2);
    results_free(empty);
    results_free(r);
    demo_script_free(&s);
}

static void test_profile_caption(void **state)
{
    (void)state;
    demo_script s;
    assert_int_equal(demo_script_build(&s, N, BATCH), 0);
    results *r = results_create();
    sample net = make(WORKLOAD_NET, variant_baseline(), 0.040);
    const struct {
        const char *name;
        double t;
    } sections[] = {{"dense1", 0.030}, {"relu1", 0.002}, {"dense2", 0.006}, {"dense3", 0.002}};
    net.prof.count = 4;
    for (int i = 0; i < 4; i++) {
        snprintf(net.prof.entries[i].name, sizeof net.prof.entries[i].name, "%s", sections[i].name);
        net.prof.entries[i].calls = 1;
        net.prof.entries[i].total_s = sections[i].t;
    }
    assert_non_null(results_add(r, &net));
    char buf[1024];
    demo_caption(&s, 0, r, NULL, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "The network at batch=64 with the "));
    assert_non_null(strstr(buf, ": 40.0 ms per forward pass.\n"));
    assert_non_null(strstr(buf, "take 95.0% of it, dense1 alone 75.0%.\n"));
    /* no counters given: the sentence says so */
    assert_non_null(strstr(buf, "No cache counters here"));
    no_garbage(buf);
    results_free(r);
    demo_script_free(&s);
}

static void test_wrap(void **state)
{
    (void)state;
    char lines[8][DEMO_LINE_MAX];
    int n = demo_wrap("one two three four\nfive", 9, lines, 8);
    assert_int_equal(n, 4);
    assert_string_equal(lines[0], "one two");
    assert_string_equal(lines[1], "three");
    assert_string_equal(lines[2], "four");
    assert_string_equal(lines[3], "five");
    /* "four" would make "three four" (10 cells): a line of its own */
    n = demo_wrap("one two three four\nfive", 10, lines, 8);
    assert_int_equal(n, 3);
    assert_string_equal(lines[1], "three four");
    assert_string_equal(lines[2], "five");
    /* a word longer than the width is broken; the lines asked for are not exceeded */
    n = demo_wrap("abcdefghijkl mn", 5, lines, 8);
    assert_int_equal(n, 3);
    assert_string_equal(lines[0], "abcde");
    assert_string_equal(lines[1], "fghij");
    assert_string_equal(lines[2], "kl mn");
    n = demo_wrap("a b c d e f", 1, lines, 3);
    assert_int_equal(n, 3);
    assert_string_equal(lines[2], "c");
    /* cells, not bytes: braille counts one */
    n = demo_wrap("\u28ff\u28ff\u28ff \u28ff", 4, lines, 8);
    assert_int_equal(n, 2);
    assert_int_equal(demo_wrap("", 10, lines, 8), 0);
    assert_int_equal(demo_wrap("text", 0, lines, 8), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps_walk_the_ladder_in_order),
        cmocka_unit_test(test_size_set_later),
        cmocka_unit_test(test_captions_filled_from_rows),
        cmocka_unit_test(test_optional_numbers),
        cmocka_unit_test(test_missing_numbers_read_measuring),
        cmocka_unit_test(test_counter_sentence_prefers_the_best_figure),
        cmocka_unit_test(test_counts_from_events),
        cmocka_unit_test(test_simulated_counts_in_a_caption),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_steps_plan_what_they_read),
        cmocka_unit_test(test_profile_caption),
        cmocka_unit_test(test_wrap),
    };
    return cmocka_run_group_tests_name("demo script", tests, NULL, NULL);
}
