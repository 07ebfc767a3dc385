/* Simulated counters: the geometry valgrind is given, callgrind's output read back, the
 * scaling of bands, and known answers from real simulations (this test binary is its own
 * child: `__simulate` runs the ladder's kernels, or, for runs with WALK_SEED, walks of
 * known shape), determinism, the missing-valgrind message and cancellation by PID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/simulate.h"
#include "core/simulator.h"
#include "counters/simulated.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- geometry ---- */

static hostinfo host_with(host_cache l1d, host_cache l1i, host_cache l2, host_cache l3)
{
    hostinfo h;
    memset(&h, 0, sizeof h);
    h.l1d = l1d;
    h.l1i = l1i;
    h.l2 = l2;
    h.l3 = l3;
    return h;
}

static void test_geometry_from_sysfs_facts(void **state)
{
    (void)state;
    /* this project's KVM guests: L3 480M 16-way has 491520 sets, not a power of two */
    hostinfo h =
        host_with((host_cache){48u << 10, 12, 64, 64}, (host_cache){64u << 10, 16, 64, 64},
                  (host_cache){2u << 20, 16, 64, 2048}, (host_cache){480u << 20, 16, 64, 491520});
    sim_geometry g;
    sim_geometry_for(&h, &g);
    assert_int_equal(g.d1.bytes, 48u << 10);
    assert_int_equal(g.d1.ways, 12);
    assert_int_equal(g.d1.line, 64);
    assert_int_equal(g.i1.bytes, 64u << 10);
    assert_int_equal(g.ll_level, 3);
    assert_int_equal(g.ll.bytes, 480u << 20); /* same size, */
    assert_int_equal(g.ll.ways, 15);          /* nearest ways with 2^n sets */
    assert_non_null(strstr(g.note, "LL 480M 16-way"));
    char opts[3][48];
    sim_geometry_options(&g, opts);
    assert_string_equal(opts[0], "--I1=65536,16,64");
    assert_string_equal(opts[1], "--D1=49152,12,64");
    assert_string_equal(opts[2], "--LL=503316480,15,64");
    char text[128];
    sim_geometry_describe(&g, text, sizeof text);
    assert_string_equal(text, "D1 48K 12-way 64B, LL 480M 15-way");

    /* no L3: the L2 is the last level; valid geometry is left alone */
    h = host_with((host_cache){32u << 10, 8, 64, 64}, (host_cache){32u << 10, 8, 64, 64},
                  (host_cache){1u << 20, 16, 64, 1024}, (host_cache){0});
    sim_geometry_for(&h, &g);
    assert_int_equal(g.ll_level, 2);
    assert_int_equal(g.ll.bytes, 1u << 20);
    assert_int_equal(g.ll.ways, 16);
    assert_string_equal(g.note, "");

    /* nothing known: assumed, and said */
    h = host_with((host_cache){0}, (host_cache){0}, (host_cache){0}, (host_cache){0});
    sim_geometry_for(&h, &g);
    assert_true(g.d1.bytes > 0 && g.ll.bytes > g.d1.bytes);
    assert_non_null(strstr(g.note, "assumed"));
}

/* ---- callgrind's output ---- */

static const char *const sample_part = "# callgrind format\n"
                                       "version: 1\n"
                                       "creator: callgrind-3.19.0\n"
                                       "part: 2\n"
                                       "desc: I1 cache: 65536 B, 64 B, 16-way associative\n"
                                       "desc: Trigger: Client Request: tttop-sim 0 small\n"
                                       "positions: line\n"
                                       "events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n"
                                       "summary: 0\n"
                                       "fn=(1) kernel\n"
                                       "0 10 4 2 1 1 0 1 1 0\n"
                                       "totals: 393220 131072 65537 2 8193 1 2 8193 1\n";

static void test_callgrind_parse(void **state)
{
    (void)state;
    callgrind_totals t;
    char err[200];
    assert_int_equal(callgrind_parse(sample_part, &t, err, sizeof err), 0);
    assert_true(t.ir == 393220 && t.dr == 131072 && t.dw == 65537);
    assert_true(t.i1mr == 2 && t.d1mr == 8193 && t.d1mw == 1);
    assert_true(t.ilmr == 2 && t.dlmr == 8193 && t.dlmw == 1);
    assert_string_equal(t.trigger, "Client Request: tttop-sim 0 small");

    /* other orders and missing trailing counts are read by name */
    assert_int_equal(callgrind_parse("events: D1mr Ir\ntotals: 7\n", &t, err, sizeof err), 0);
    assert_true(t.d1mr == 7 && t.ir == 0 && isnan(t.dr));
    /* summary: where there are no totals */
    assert_int_equal(callgrind_parse("events: Ir\nsummary: 42\n", &t, err, sizeof err), 0);
    assert_true(t.ir == 42);

    assert_int_equal(callgrind_parse("totals: 1 2\n", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "events"));
    assert_int_equal(callgrind_parse("events: Ir Dr\n", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "totals"));
    assert_int_equal(callgrind_parse("events: Ir Dr\ntotals: 12 x3\n", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "Dr"));
    assert_int_equal(callgrind_parse("events: Dr\ntotals: 12\n", &t, err, sizeof err), -1);
    assert_int_equal(callgrind_parse_file("/nonexistent/cg.out", &t, err, sizeof err), -1);
}

/* ---- scaling two bands to the whole multiply ---- */

static callgrind_totals band(double fixed, double per_row, int rows)
{
    const double v = fixed + per_row * rows;
    return (callgrind_totals){.ir = v,
                              .dr = v,
                              .dw = 0,
                              .i1mr = 0,
                              .d1mr = v / 2,
                              .d1mw = 0,
                              .ilmr = 0,
                              .dlmr = fixed,
                              .dlmw = 0};
}

static void test_bands_scale_to_the_multiply(void **state)
{
    (void)state;
    /* a fixed part (packing, first touches) paid once, the rest per row */
    callgrind_totals small = band(1000, 10, 8), large = band(1000, 10, 16);
    sim_counts s;
    memset(&s, 0, sizeof s);
    sim_counts_combine(&s, &small, 8, &large, 16, 500, 2.0 * 500 * 500 * 500);
    assert_true(s.valid);
    assert_true(fabs(s.instructions - (1000 + 10 * 500)) < 1e-9);
    assert_true(fabs(s.l1d_misses - (1000 + 10 * 500) / 2.0) < 1e-9);
    assert_true(fabs(s.ll_misses - 1000) < 1e-9); /* first touches: once, not per band */
    assert_int_equal(s.band_rows, 16);
    assert_int_equal(s.small_rows, 8);
    /* the whole multiply simulated: taken as it is */
    sim_counts_combine(&s, &small, 8, NULL, 0, 8, 2.0 * 8 * 500 * 500);
    assert_true(s.instructions == 1080 && s.band_rows == 8 && s.small_rows == 0);
    /* a band that costs less than the smaller one never makes counts negative */
    large = band(900, 1, 16);
    sim_counts_combine(&s, &small, 8, &large, 16, 500, 1.0);
    assert_true(s.instructions == 1080);
}

static void test_bands_whole_row_blocks(void **state)
{
    (void)state;
    experiment e = experiment_default();
    e.variant = variant_find("blocked");
    e.knob[variants_knob_find("block")] = 64;
    int small, large;
    bool part;
    simulate_band(&e, &small, &large, &part); /* n=500: whole 64-row blocks */
    assert_int_equal(small % 64, 0);
    assert_int_equal(large, 2 * small);
    assert_false(part);
    e.m = e.n = e.k = 1000; /* still whole blocks */
    simulate_band(&e, &small, &large, &part);
    assert_true(small == 64 && large == 128 && !part);
    e.m = e.n = e.k = 2000; /* too dear: part of a block, and said */
    simulate_band(&e, &small, &large, &part);
    assert_true(small < 64 && large == 2 * small && part);
    e.m = e.n = e.k = 500;
    e.variant = variant_find("naive");
    simulate_band(&e, &small, &large, &part);
    assert_true(small >= 8 && small <= 64 && large == 2 * small);
    e.m = e.n = e.k = 24; /* small enough to simulate it all */
    simulate_band(&e, &small, &large, &part);
    assert_int_equal(small, 24);
    assert_int_equal(large, 0);
}

/* ---- real simulations ---- */

static bool can_simulate(void)
{
    if (SANITIZED) {
        print_message("SKIPPED: valgrind children are not run from a sanitizer build\n");
        return false;
    }
    const char *why = simulate_unavailable();
    if (why) {
        print_message("SKIPPED: %s\n", why);
        return false;
    }
    return true;
}

static experiment matmul(const char *variant, int m, int n, int k)
{
    experiment e = experiment_default();
    e.variant = variant_find(variant);
    e.m = m;
    e.n = n;
    e.k = k;
    return e;
}

/* Runs with this seed are walks, not multiplies: the child walks a buffer of n KiB, one
 * double read every k bytes, as many times as a band has rows. */
#define WALK_SEED 7411

/* The child's arguments are N K SEED RUN...; each RUN names its bands "small=R,large=R". */
static int walk_child(int argc, char **argv)
{
    const size_t bytes = (size_t)atoi(argv[1]) << 10, stride = (size_t)atoi(argv[2]);
    char *buf = malloc(bytes);
    if (!buf || !stride)
        return 1;
    memset(buf, 1, bytes);
    double sum = 0.0;
    for (int i = 4; i < argc; i++) {
        const char *s = strstr(argv[i], "small="), *l = strstr(argv[i], "large=");
        const int bands[2] = {s ? atoi(s + 6) : 0, l ? atoi(l + 6) : 0};
        for (int b = 0; b < 2 && bands[b] > 0; b++) {
            char label[64];
            snprintf(label, sizeof label, "tttop-sim %d %s", i - 4, b ? "large" : "small");
            CALLGRIND_START_INSTRUMENTATION;
            for (int rep = 0; rep < bands[b]; rep++)
                for (size_t off = 0; off + sizeof(double) <= bytes; off += stride)
                    sum += *(volatile const double *)(buf + off);
            CALLGRIND_DUMP_STATS_AT(label);
            CALLGRIND_STOP_INSTRUMENTATION;
        }
        printf("done %d -\n", i - 4);
        fflush(stdout);
    }
    free(buf);
    return sum > 0 ? 0 : 1;
}

/* One walk under the simulation: 4 passes over a buffer of 4x the simulated L1D. */
static sim_counts walk(size_t stride)
{
    sim_geometry g;
    sim_geometry_for(hostinfo_get(), &g);
    const size_t bytes = 4 * g.d1.bytes;
    /* 4 rows: simulated whole, 4 passes */
    experiment e = matmul("naive", 4, (int)(bytes >> 10), (int)stride);
    e.seed = WALK_SEED;
    sim_counts out;
    char err[256];
    if (simulate_runs(&e, 1, &out, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_true(out.valid);
    assert_int_equal(out.band_rows, 4);
    print_message("walk, stride %zu B over %zu B: %.0f L1D accesses, %.0f misses (%.4f)\n", stride,
                  bytes, out.l1d_accesses, out.l1d_misses, out.l1d_misses / out.l1d_accesses);
    return out;
}

static void test_strided_walk_misses_every_access(void **state)
{
    (void)state;
    if (!can_simulate())
        skip();
    sim_counts s = walk(64);
    assert_true(fabs(s.l1d_misses / s.l1d_accesses - 1.0) < 0.01);
}

static void test_sequential_walk_misses_one_in_eight(void **state)
{
    (void)state;
    if (!can_simulate())
        skip();
    sim_counts s = walk(sizeof(double));
    assert_true(fabs(s.l1d_misses / s.l1d_accesses / 0.125 - 1.0) < 0.01);
}

static void test_naive_misses_eight_times_reordered(void **state)
{
    (void)state;
    if (!can_simulate())
        skip();
    const int n = 256;
    experiment runs[2] = {matmul("naive", n, n, n), matmul("reordered", n, n, n)};
    sim_counts out[2];
    char err[256];
    if (simulate_runs(runs, 2, out, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_true(out[0].valid && out[1].valid);
    const double inner = (double)n * n * n;
    const double naive = out[0].l1d_read_misses / inner, reord = out[1].l1d_read_misses / inner;
    print_message("n=%d: L1 read misses per inner iteration: naive %.3f, reordered %.4f "
                  "(%.2fx); band %d of %d rows\n",
                  n, naive, reord, naive / reord, out[0].band_rows, n);
    assert_true(fabs(naive - 1.0) < 0.05);
    assert_true(fabs(reord - 0.125) < 0.0125);
    assert_true(naive / reord > 7.0 && naive / reord < 9.0);
}

static void test_same_input_same_counts(void **state)
{
    (void)state;
    if (!can_simulate())
        skip();
    experiment runs[2] = {matmul("blocked", 96, 96, 96), matmul("microkernel", 96, 96, 96)};
    sim_counts a[2], b[2];
    char err[256];
    if (simulate_runs(runs, 2, a, err, sizeof err) != 0 ||
        simulate_runs(runs, 2, b, err, sizeof err) != 0)
        fail_msg("%s", err);
    for (int i = 0; i < 2; i++) {
        print_message("%s twice: %.0f/%.0f instructions, %.0f/%.0f L1D misses, %.0f/%.0f LL "
                      "misses\n",
                      variant_name(runs[i].variant), a[i].instructions, b[i].instructions,
                      a[i].l1d_misses, b[i].l1d_misses, a[i].ll_misses, b[i].ll_misses);
        assert_true(a[i].valid && b[i].valid);
        assert_true(a[i].instructions == b[i].instructions);
        assert_true(a[i].l1d_accesses == b[i].l1d_accesses);
        assert_true(a[i].l1d_misses == b[i].l1d_misses);
        assert_true(a[i].ll_accesses == b[i].ll_accesses);
        assert_true(a[i].ll_misses == b[i].ll_misses);
    }
}

/* ---- valgrind missing, cancellation ---- */

static void test_missing_valgrind_names_the_package(void **state)
{
    (void)state;
    if (SANITIZED) {
        print_message("SKIPPED: a sanitizer build says that first\n");
        skip();
    }
    char *saved = strdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", "/nonexistent", 1);
    const char *why = simulate_unavailable();
    experiment e = matmul("naive", 64, 64, 64);
    char err[256] = "";
    sim_job *j = simulate_start(&e, 1, err, sizeof err);
    simulator *s = simulator_create();
    results *r = results_create();
    const bool changed = simulator_follow(s, &e, r);
    const char *status = simulator_status(s);
    const bool failed = simulator_failed(s);
    setenv("PATH", saved, 1);
    free(saved);
    assert_non_null(why);
    assert_string_equal(why, "simulated counters need valgrind (apt-get install valgrind)");
    assert_null(j);
    assert_string_equal(err, why);
    assert_true(changed && failed);
    assert_string_equal(status, why);
    assert_int_equal(simulator_pid(s), 0);
    simulator_free(s);
    results_free(r);
}

static bool gone(pid_t pid)
{
    return kill(pid, 0) != 0 && errno == ESRCH;
}

static void test_cancel_kills_the_child(void **state)
{
    (void)state;
    if (!can_simulate())
        skip();
    experiment e = matmul("naive", 2000, 2000, 2000); /* minutes under valgrind */
    char err[256];
    sim_job *j = simulate_start(&e, 1, err, sizeof err);
    assert_non_null(j);
    const pid_t pid = simulate_pid(j);
    assert_true(pid > 0);
    assert_int_equal(kill(pid, 0), 0);
    const double t0 = now_s();
    simulate_cancel(j);
    const double took = now_s() - t0;
    print_message("child %d killed and reaped in %.1f ms\n", (int)pid, 1e3 * took);
    assert_true(gone(pid));
    assert_true(took < 0.1);
}

static void test_setting_change_cancels_the_simulation(void **state)
{
    (void)state;
    if (!can_simulate())
        skip();
    simulator *s = simulator_create();
    results *r = results_create();
    experiment a = matmul("naive", 2000, 2000, 2000), b = matmul("naive", 1500, 1500, 1500);
    simulator_follow(s, &a, r);
    const pid_t first = simulator_pid(s);
    assert_true(first > 0);
    assert_non_null(strstr(simulator_status(s), "simulating naive"));
    /* the same setting again: the child goes on */
    simulator_follow(s, &a, r);
    assert_int_equal(simulator_pid(s), first);
    const double t0 = now_s();
    simulator_follow(s, &b, r);
    const double took = now_s() - t0;
    const pid_t second = simulator_pid(s);
    print_message("setting changed: child %d gone after %.1f ms, child %d simulates the new one\n",
                  (int)first, 1e3 * took, (int)second);
    assert_true(gone(first));
    assert_true(took < 0.1);
    assert_true(second > 0 && second != first);
    simulator_free(s);
    assert_true(gone(second));
    results_free(r);
}

int main(int argc, char **argv)
{
    /* the child of the simulations below: this very binary under valgrind */
    if (argc > 1 && strcmp(argv[1], "__simulate") == 0)
        return argc > 4 && atoi(argv[4]) == WALK_SEED ? walk_child(argc - 1, argv + 1)
                                                      : simulate_child_main(argc - 1, argv + 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry_from_sysfs_facts),
        cmocka_unit_test(test_callgrind_parse),
        cmocka_unit_test(test_bands_scale_to_the_multiply),
        cmocka_unit_test(test_bands_whole_row_blocks),
        cmocka_unit_test(test_missing_valgrind_names_the_package),
        cmocka_unit_test(test_cancel_kills_the_child),
        cmocka_unit_test(test_setting_change_cancels_the_simulation),
        cmocka_unit_test(test_strided_walk_misses_every_access),
        cmocka_unit_test(test_sequential_walk_misses_one_in_eight),
        cmocka_unit_test(test_naive_misses_eight_times_reordered),
        cmocka_unit_test(test_same_input_same_counts),
    };
    return cmocka_run_group_tests_name("simulated counters", tests, NULL, NULL);
}
