/* The measured machine figures: the arithmetic (GFLOP/s from counted FMAs, the triad's bytes,
 * the array size, the ISA of a run), a real measurement with a tiny plan (no figure is
 * compared with a timing: the machine is shared), and the cache: written, read back
 * without measuring, a broken one ignored and measured again, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine/figures.h"
#include "machine/hostinfo.h"
#include "machine/peak.h"
#include "store/config_file.h"
#include "store/figures_cache.h"
#include "store/paths.h"
#include "store/tuning.h"

static void test_gflops_arithmetic(void **state)
{
    (void)state;
    /* 1e9 FMAs of 8 lanes in a second: 16 GFLOP/s */
    assert_true(fabs(figures_fma_gflops(1e9, 8, 1.0) - 16.0) < 1e-12);
    assert_true(fabs(figures_fma_gflops(12 * 1e6, 4, 0.01) - 9.6) < 1e-12);
    assert_true(fabs(figures_fma_gflops(5e8, 1, 0.5) - 2.0) < 1e-12);
    assert_true(isnan(figures_fma_gflops(1e9, 8, 0.0)));
    assert_true(isnan(figures_fma_gflops(1e9, 8, -1.0)));
    assert_true(isnan(figures_fma_gflops(1e9, 0, 1.0)));
    assert_true(isnan(figures_fma_gflops(NAN, 8, 1.0)));
}

static void test_triad_arithmetic(void **state)
{
    (void)state;
    /* three loads and one store of 8 bytes an element, as likwid-bench counts its triad */
    assert_true(figures_triad_bytes(1000) == 32000.0);
    assert_true(figures_triad_bytes(0) == 0.0);
    assert_true(fabs(figures_gbs(32e9, 2.0) - 16.0) < 1e-12);
    assert_true(isnan(figures_gbs(1e9, 0.0)));
    const size_t mib = (size_t)1 << 20, gib = (size_t)1 << 30;
    /* four times the last-level cache when that is more than asked for */
    assert_int_equal(figures_triad_size(256 * mib, 4, 480 * mib, 64 * gib), 1920 * mib);
    assert_int_equal(figures_triad_size(2 * gib, 4, 32 * mib, 64 * gib), 2 * gib);
    /* at most a quarter of the memory available */
    assert_int_equal(figures_triad_size(2 * gib, 4, 480 * mib, 4 * gib), gib);
    /* no cache size known: what was asked */
    assert_int_equal(figures_triad_size(256 * mib, 4, 0, 0), 256 * mib);
    /* whole pages per array */
    assert_int_equal(figures_triad_size(256 * mib + 5, 0, 0, 0) % (4 * 4096), 0);
    /* too little memory for a triad that leaves the caches: none */
    assert_int_equal(figures_triad_size(2 * gib, 4, 480 * mib, 8 * mib), 0);
}

static machine_figures fake(void)
{
    machine_figures f = {.measured = true, .nisa = 3, .cores = 2, .full = true};
    f.by_isa[0] = (isa_peak){"scalar", 10.0, 20.0};
    f.by_isa[1] = (isa_peak){"avx2", 40.0, 80.0};
    f.by_isa[2] = (isa_peak){"avx512", 90.0, 170.0};
    f.bw_one_thread = 12.5;
    f.bw_all_threads = 20.0;
    f.triad_bytes = 1e9;
    snprintf(f.measured_at, sizeof f.measured_at, "2026-11-25T12:00:00Z");
    figures_pick_best(&f);
    return f;
}

static void test_peak_of_a_run(void **state)
{
    (void)state;
    machine_figures f = fake();
    assert_string_equal(f.isa, "avx512");
    assert_true(f.peak_per_core == 90.0 && f.peak_all_cores == 170.0);
    /* the ISA of the tile that ran, times the cores */
    assert_true(figures_peak_for(&f, "avx512", 1) == 90.0);
    assert_true(figures_peak_for(&f, "avx2+fma", 2) == 80.0);
    assert_true(figures_peak_for(&f, "generic", 1) == 10.0);
    /* no tile (naive, openblas): the machine's ceiling, the best ISA */
    assert_true(figures_peak_for(&f, NULL, 2) == 180.0);
    assert_true(isnan(figures_peak_for(&f, NULL, 0)));
    /* an ISA not measured here falls back to the best */
    f.nisa = 2;
    figures_pick_best(&f);
    assert_string_equal(f.isa, "avx2");
    assert_true(figures_peak_for(&f, "avx512", 1) == 40.0);
    f.measured = false;
    assert_true(isnan(figures_peak_for(&f, "avx2+fma", 1)));
    assert_null(figures_isa(&f, "sse"));
}

/* % of peak through the results model's peak function. */
static void test_peak_function_uses_the_figures(void **state)
{
    (void)state;
    machine_figures f = fake();
    machine_figures_use(&f);
    const int cores = hostinfo_get()->cores;
    sample s = {.threads_used = 1, .isa = "avx2+fma"};
    assert_true(machine_peak_gflops(&s, NULL) == 40.0);
    s.threads_used = 2 * cores; /* threads past the CPUs add nothing */
    assert_true(machine_peak_gflops(&s, NULL) == 40.0 * cores);
    s.isa = NULL;
    s.threads_used = 1;
    assert_true(machine_peak_gflops(&s, NULL) == 90.0);
    assert_int_equal(machine_figures_now(NULL), FIGURES_READY);
    machine_figures_use(NULL);
    assert_true(isnan(machine_peak_gflops(&s, NULL)));
    assert_int_equal(machine_figures_now(NULL), FIGURES_UNKNOWN);
}

static const figures_plan tiny = {
    .peak_s = 0.003,
    .peak_repeats = 1,
    .triad_bytes = (size_t)8 << 20,
    .triad_passes = 1,
    .triad_min_llcs = 0,
};

/* The real loops, briefly: every ISA the CPU has, with figures that make sense together. */
static void test_measure_for_real(void **state)
{
    (void)state;
    machine_figures f;
    char err[256] = "";
    if (figures_measure(&tiny, &f, NULL, err, sizeof err) != 0)
        fail_msg("measure: %s", err);
    assert_true(f.measured);
    assert_false(f.full);
    assert_true(f.nisa >= 1);
    assert_string_equal(f.by_isa[0].name, "scalar");
    for (int i = 0; i < f.nisa; i++) {
        print_message("%s: %.1f GFLOP/s per core, %.1f all cores\n", f.by_isa[i].name,
                      f.by_isa[i].per_core, f.by_isa[i].all_cores);
        assert_true(f.by_isa[i].per_core > 0 && isfinite(f.by_isa[i].per_core));
        assert_true(f.by_isa[i].all_cores > 0);
    }
    __builtin_cpu_init();
    assert_int_equal(figures_isa(&f, "avx512") != NULL, __builtin_cpu_supports("avx512f") != 0);
    assert_true(f.peak_per_core > 0);
    assert_int_equal(f.cores, hostinfo_get()->cores);
    print_message("triad: %.1f GB/s one thread, %.1f all\n", f.bw_one_thread, f.bw_all_threads);
    assert_true(f.bw_one_thread > 0 && f.bw_all_threads > 0);
    assert_true(f.triad_bytes > 0);
    assert_int_equal(strlen(f.measured_at), 20);
}

static void test_measure_cancelled(void **state)
{
    (void)state;
    atomic_bool cancel = true;
    machine_figures f;
    char err[256] = "";
    assert_int_equal(figures_measure(&tiny, &f, &cancel, err, sizeof err), -1);
    assert_string_equal(err, "cancelled");
    assert_false(f.measured);
}

/* ---- the cache ------------------------------------------------------------------------ */

static char dir[256];

static int fresh_config(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/tttop-figures-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    setenv("XDG_CONFIG_HOME", dir, 1);
    unsetenv("TTTOP_NO_MEASURE");
    machine_figures_use(NULL);
    return 0;
}

static int remove_config(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void cache_path(char *buf, size_t len)
{
    assert_int_equal(paths_config_file(FIGURES_CACHE_FILE, buf, len), 0);
}

static void write_file(const char *path, const char *text)
{
    paths_make_config_dir();
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_cache_round_trip(void **state)
{
    (void)state;
    machine_figures in = fake(), out;
    char err[512] = "", path[512];
    assert_false(figures_cached(&out));
    assert_false(out.measured);
    assert_int_equal(figures_cache_load(NULL, &out, err, sizeof err), 1);
    assert_int_equal(figures_cache_save(NULL, &in, err, sizeof err), 0);
    assert_true(figures_cached(&out));
    assert_true(out.measured && out.full);
    assert_string_equal(out.isa, "avx512");
    assert_int_equal(out.nisa, 3);
    assert_true(fabs(out.peak_per_core - 90.0) < 1e-9 && fabs(out.peak_all_cores - 170.0) < 1e-9);
    assert_true(fabs(figures_isa(&out, "avx2")->per_core - 40.0) < 1e-9);
    assert_true(fabs(out.bw_one_thread - 12.5) < 1e-9 && fabs(out.bw_all_threads - 20.0) < 1e-9);
    assert_string_equal(out.measured_at, in.measured_at);
    assert_int_equal(out.cores, 2);
    /* another machine's section is kept when this one's is written */
    cache_path(path, sizeof path);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("\n[Some Other CPU, 64 cpus]\nmeasured_at = x\npeak.avx2.per_core = 1\nnote=;kept\n", f);
    fclose(f);
    in.bw_one_thread = 13.0;
    assert_int_equal(figures_cache_save(NULL, &in, err, sizeof err), 0);
    assert_true(figures_cached(&out) && out.bw_one_thread == 13.0);
    char text[4096] = "";
    f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    assert_non_null(strstr(text, "[Some Other CPU, 64 cpus]"));
    assert_non_null(strstr(text, "method = full"));
    /* each kept entry reads back as it was (";kept" written as "note = ;kept" would read
     * back empty: " ;" starts a comment) */
    config_entries l = {0};
    assert_int_equal(config_entries_collect(path, text, &l, err, sizeof err), 0);
    int kept = 0;
    for (int i = 0; i < l.count; i++)
        if (strcmp(l.items[i].section, "Some Other CPU, 64 cpus") == 0) {
            kept++;
            if (strcmp(l.items[i].key, "note") == 0)
                assert_string_equal(l.items[i].value, ";kept");
        }
    assert_int_equal(kept, 3);
    config_entries_free(&l);
}

/* Cached figures are used as they are: nothing is measured (the figure is not one a
 * measurement could give). */
static void test_cached_figures_are_not_measured_again(void **state)
{
    (void)state;
    machine_figures in = fake(), now;
    in.by_isa[2].per_core = 12345.0;
    figures_pick_best(&in);
    char err[512];
    assert_int_equal(figures_cache_save(NULL, &in, err, sizeof err), 0);
    assert_int_equal(machine_figures_ensure(NULL, err, sizeof err), 0);
    assert_int_equal(machine_figures_now(&now), FIGURES_READY);
    assert_true(now.peak_per_core == 12345.0);
    machine_figures_start(err, sizeof err);
    assert_string_equal(err, "");
    assert_int_equal(machine_figures_now(&now), FIGURES_READY);
    assert_true(now.peak_per_core == 12345.0);
    machine_figures_stop();
}

static void said(const char *line)
{
    print_message("said: %s\n", line);
}

static void test_broken_cache_is_measured_again(void **state)
{
    (void)state;
    static const char *const broken[] = {
        "not an ini file\n",
        "", /* this machine's section is filled in below */
        "peak.avx2.per_core = fast\n",
        "peak.avx2.per_core = -3\n",
        "peak.avx2.per_core = nan\n",
        "measured_at = x\nbandwidth.one_thread = 1e400\npeak.avx2.per_core = 5\n",
        "measured_at = x\n", /* no peak at all */
    };
    char path[512], err[512], machine[160], text[1024];
    cache_path(path, sizeof path);
    tuning_machine_key(machine, sizeof machine);
    machine_figures out;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        if (i == 0)
            snprintf(text, sizeof text, "%s", broken[i]);
        else
            snprintf(text, sizeof text, "[%s]\n%s", machine, broken[i]);
        if (i == 1)
            snprintf(text, sizeof text, "[%s]\nmeasured_at = 2026\nmethod = sloppy\n", machine);
        write_file(path, text);
        err[0] = '\0';
        assert_int_equal(figures_cache_load(NULL, &out, err, sizeof err), -1);
        assert_non_null(strstr(err, path));
        assert_false(figures_cached(&out));
    }
    /* a headless face measures again; a file that does not parse is never overwritten */
    static const char garbage[] = "garbage ]]]\n";
    write_file(path, garbage);
    machine_figures_use(NULL);
    if (machine_figures_ensure(said, err, sizeof err) != 0)
        fail_msg("ensure: %s", err);
    assert_int_equal(machine_figures_now(&out), FIGURES_READY);
    assert_false(out.full); /* the quick measurement */
    char back[64] = "";
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    const size_t got = fread(back, 1, sizeof back - 1, f);
    fclose(f);
    assert_int_equal(got, strlen(garbage));
    assert_string_equal(back, garbage);
    assert_int_equal(figures_cache_save(NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "not overwritten"));
    /* one that parses, with a bad value for this machine, is replaced */
    snprintf(text, sizeof text, "[other]\nkept = yes\n[%s]\npeak.avx2.per_core = fast\n", machine);
    write_file(path, text);
    assert_int_equal(figures_cache_save(NULL, &out, err, sizeof err), 0);
    assert_true(figures_cached(&out));
    /* not a regular file: refused, never read nor written */
    unlink(path);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(figures_cache_load(NULL, &out, err, sizeof err), -1);
    assert_int_equal(figures_cache_save(NULL, &out, err, sizeof err), -1);
    rmdir(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(figures_cache_load(NULL, &out, err, sizeof err), -1);
    assert_int_equal(figures_cache_save(NULL, &out, err, sizeof err), -1);
    unlink(path);
}

/* TTTOP_NO_MEASURE: nothing cached, nothing measured, % of peak unknown. */
/* Stopped at exit: the measurement is cancelled, nothing is cached, nothing hangs. */
static void test_background_stopped(void **state)
{
    (void)state;
    char note[512];
    machine_figures_use(NULL);
    machine_figures_start(note, sizeof note);
    machine_figures_stop();
    assert_true(machine_figures_now(NULL) != FIGURES_MEASURING);
    machine_figures f;
    if (machine_figures_now(NULL) != FIGURES_READY)
        assert_false(figures_cached(&f));
}

static void test_no_measure(void **state)
{
    (void)state;
    char err[512];
    setenv("TTTOP_NO_MEASURE", "1", 1);
    machine_figures_use(NULL);
    assert_false(machine_measure_allowed());
    assert_int_equal(machine_figures_ensure(NULL, err, sizeof err), -1);
    machine_figures_start(err, sizeof err);
    assert_int_equal(machine_figures_now(NULL), FIGURES_UNKNOWN);
    machine_figures_stop();
    unsetenv("TTTOP_NO_MEASURE");
}

/* The dashboard's background measurement: MEASURING at once, READY (and cached) later. */
static void test_background_measurement(void **state)
{
    (void)state;
    char note[512];
    machine_figures_use(NULL);
    machine_figures_start(note, sizeof note);
    const figures_state first = machine_figures_now(NULL);
    assert_true(first == FIGURES_MEASURING || first == FIGURES_READY);
    /* a busy machine stretches the quick measurement: a generous deadline */
    for (int i = 0; i < 1200 && machine_figures_now(NULL) == FIGURES_MEASURING; i++)
        usleep(100000);
    machine_figures_take_note(note, sizeof note);
    assert_int_equal(machine_figures_now(NULL), FIGURES_READY);
    machine_figures_stop();
    machine_figures f;
    assert_true(figures_cached(&f));
}

int main(void)
{
    /* valgrind's run picks the measurement alone: FIGURES_TESTS=test_measure_for_real */
    const char *only = getenv("FIGURES_TESTS");
    if (only && only[0])
        cmocka_set_test_filter(only);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gflops_arithmetic),
        cmocka_unit_test(test_triad_arithmetic),
        cmocka_unit_test(test_peak_of_a_run),
        cmocka_unit_test(test_peak_function_uses_the_figures),
        cmocka_unit_test(test_measure_for_real),
        cmocka_unit_test(test_measure_cancelled),
        cmocka_unit_test_setup_teardown(test_cache_round_trip, fresh_config, remove_config),
        cmocka_unit_test_setup_teardown(test_cached_figures_are_not_measured_again, fresh_config,
                                        remove_config),
        cmocka_unit_test_setup_teardown(test_broken_cache_is_measured_again, fresh_config,
                                        remove_config),
        cmocka_unit_test_setup_teardown(test_no_measure, fresh_config, remove_config),
        cmocka_unit_test_setup_teardown(test_background_stopped, fresh_config, remove_config),
        cmocka_unit_test_setup_teardown(test_background_measurement, fresh_config, remove_config),
    };
    return cmocka_run_group_tests_name("figures", tests, NULL, NULL);
}
