/* The writers: JSON that parses with every documented field, CSV with one row per result,
 * a table that fits 80 columns and says what each row ran with; and a real bench
 * measurement end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/bench.h"
#include "report/report.h"

static sample fake_sample(const char *variant, double t, int block)
{
    sample s;
    memset(&s, 0, sizeof s);
    s.exp = experiment_default();
    s.exp.variant = variant_find(variant);
    s.exp.m = s.exp.n = s.exp.k = 100;
    s.exp.knob[variants_knob_find("block")] = block;
    experiment_resolve(&s.exp, &s.knobs);
    s.reps = 3;
    s.t_min = t * 0.9;
    s.t_median = t;
    s.t_max = t * 1.2;
    s.flops = 2e6;
    s.gflops = s.flops / t * 1e-9;
    s.verdict = CHECK_PASS;
    s.max_rel_err = 1e-16;
    s.tolerance = CHECK_TOLERANCE;
    s.reference = s.exp.variant == variant_reference();
    s.threads_used = 1;
    s.finished_at = 1764000000.25;
    s.loss = s.accuracy = NAN;
    for (int i = 0; i < COUNTERS_MAX; i++)
        s.counts[i] = NAN;
    s.counts[1] = 1234.0;
    s.counts[2] = 2.5e6; /* task-clock: 2.5 ms */
    return s;
}

static counter_event fake_events[3] = {
    {.name = "PAPI_TOT_CYC", .available = false, .reason = "not countable", .group = -1},
    {.name = "perf::PAGE-FAULTS", .available = true, .software = true, .group = 0},
    {.name = "perf::TASK-CLOCK", .available = true, .software = true, .group = 0},
};
static const report_counters fake_counters = {fake_events, 3, "summary line", NULL};

static double ten_gflops(const sample *s, void *ctx)
{
    (void)s, (void)ctx;
    return 10.0;
}

static results *make_results(void)
{
    results *r = results_create();
    assert_non_null(r);
    results_set_peak(r, ten_gflops, NULL);
    sample a = fake_sample("naive", 0.010, 0), b = fake_sample("openblas", 0.001, 0),
           c = fake_sample("blocked", 0.004, 0), d = fake_sample("blocked", 0.002, 32);
    assert_non_null(results_add(r, &a));
    assert_non_null(results_add(r, &b));
    assert_non_null(results_add(r, &c));
    assert_non_null(results_add(r, &d));
    return r;
}

__attribute__((noinline)) static char *write_to_string(report_format f, const results *r, bool wide)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    report_style style = {.wide = wide};
    assert_int_equal(report_write(f, r, &fake_counters, &style, out), 0);
    fclose(out);
    return buf;
}

static void test_json_fields(void **state)
{
    (void)state;
    results *r = make_results();
    char *text = write_to_string(REPORT_JSON, r, false);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (!root)
        fail_msg("JSON does not parse: %s", jerr.text);
    assert_true(json_is_object(json_object_get(root, "machine")));
    assert_non_null(json_object_get(json_object_get(root, "machine"), "cpu_model"));
    json_t *status = json_object_get(root, "counter_status");
    assert_false(
        json_boolean_value(json_object_get(json_object_get(status, "PAPI_TOT_CYC"), "available")));
    json_t *list = json_object_get(root, "results");
    assert_int_equal(json_array_size(list), 4);
    json_t *res = json_array_get(list, 2);
    static const char *const fields[] = {
        "workload",
        "variant",
        "m",
        "n",
        "k",
        "block",
        "threads",
        "reps",
        "time_s",
        "gflops",
        "max_rel_err",
        "slowdown_vs_openblas",
        "speedup_vs_naive",
        "workspace_bytes",
        "counters",
        "percent_of_peak",
        "arithmetic_intensity",
        "tunables",
        "check_tolerance",
        "timestamp",
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!json_object_get(res, fields[i]))
            fail_msg("result lacks '%s'", fields[i]);
    assert_string_equal(json_string_value(json_object_get(res, "variant")), "blocked");
    assert_int_equal(json_integer_value(json_object_get(res, "block")),
                     variants_knob(variants_knob_find("block"))->def);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 3), "block")), 32);
    assert_true(json_is_null(json_object_get(json_array_get(list, 0), "block")));
    json_t *tunables = json_object_get(json_array_get(list, 3), "tunables");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(tunables, "block"), "source")), "given");
    assert_true(fabs(json_real_value(json_object_get(res, "speedup_vs_naive")) - 2.5) < 1e-12);
    assert_true(fabs(json_real_value(json_object_get(res, "slowdown_vs_openblas")) - 4.0) < 1e-12);
    /* 0.5 GFLOP/s of a 10 GFLOP/s peak */
    assert_true(fabs(json_real_value(json_object_get(res, "percent_of_peak")) - 5.0) < 1e-9);
    /* 2*100^3 flops over 8*3*100^2 bytes */
    assert_true(fabs(json_real_value(json_object_get(res, "arithmetic_intensity")) -
                     2e6 / 240000.0) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(res, "timestamp")),
                        "2025-11-24T16:00:00.250Z");
    json_t *t = json_object_get(res, "time_s");
    assert_true(fabs(json_real_value(json_object_get(t, "median")) - 0.004) < 1e-12);
    json_t *counts = json_object_get(res, "counters");
    assert_true(json_is_null(json_object_get(counts, "PAPI_TOT_CYC")));
    assert_int_equal(json_integer_value(json_object_get(counts, "perf::PAGE-FAULTS")), 1234);
    assert_true(json_is_true(json_object_get(json_array_get(list, 1), "reference")));
    json_decref(root);
    free(text);
    results_free(r);
}

static void test_csv_rows(void **state)
{
    (void)state;
    results *r = make_results();
    char *text = write_to_string(REPORT_CSV, r, false);
    int lines = 0;
    for (char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 5);
    assert_true(strncmp(text, "workload,variant,m,n,k,", 23) == 0);
    assert_non_null(strstr(text, ",perf::TASK-CLOCK\n"));
    assert_non_null(strstr(text, "\nmatmul,openblas,100,100,100,"));
    free(text);
    results_free(r);
}

/* Every line of s fits in `width` columns (UTF-8 aware), and s ends with a newline. */
static void assert_fits(const char *s, int width)
{
    int col = 0, line = 1;
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            col = 0;
            line++;
            continue;
        }
        if ((*p & 0xC0) != 0x80 && ++col > width)
            fail_msg("line %d is wider than %d columns", line, width);
    }
    assert_true(s[0] && s[strlen(s) - 1] == '\n');
}

static void test_table_readable_at_80_columns(void **state)
{
    (void)state;
    results *r = make_results();
    char *text = write_to_string(REPORT_TABLE, r, false);
    assert_fits(text, 80);
    assert_non_null(strstr(text, "matmul n=100"));
    assert_non_null(strstr(text, "4.00x")); /* blocked vs openblas */
    assert_non_null(strstr(text, "2.50x")); /* blocked vs naive */
    assert_non_null(strstr(text, "ok <1e-10"));
    assert_non_null(strstr(text, "reference"));
    /* the two blocked rows are told apart by their block sizes */
    assert_non_null(strstr(text, "block 64"));
    assert_non_null(strstr(text, "block 32"));
    assert_non_null(strstr(text, "blocked:32"));
    /* counters in their own block, with units */
    assert_non_null(strstr(text, "page-faults"));
    assert_non_null(strstr(text, "2.50 ms"));
    assert_non_null(strstr(text, "summary line"));
    free(text);
    /* the wide table puts everything on one row */
    text = write_to_string(REPORT_TABLE, r, true);
    const char *row = strstr(text, "\n  openblas");
    assert_non_null(row);
    const char *end = strchr(row + 1, '\n');
    assert_true(end - row > 100);
    assert_non_null(strstr(row, "2.50 ms"));
    free(text);
    results_free(r);
}

static sim_counts fake_sim(void)
{
    sim_counts sim;
    memset(&sim, 0, sizeof sim);
    sim.valid = true;
    snprintf(sim.tool, sizeof sim.tool, "callgrind");
    sim.geometry = (sim_geometry){.i1 = {65536, 16, 64},
                                  .d1 = {49152, 12, 64},
                                  .ll = {503316480, 15, 64},
                                  .ll_level = 3,
                                  .note = "LL 480M 16-way (491520 sets) taken as 15-way: "
                                          "valgrind needs 2^n sets"};
    sim.rows = 100;
    sim.band_rows = 16;
    sim.small_rows = 8;
    sim.threads = 1;
    sim.flops = 2e6;
    sim.instructions = 3e6;
    sim.l1d_reads = 1e6;
    sim.l1d_writes = 2.5e5;
    sim.l1d_accesses = 1.25e6;
    sim.l1d_misses = 2.5e5;
    sim.l1d_read_misses = 2.4e5;
    sim.l1d_write_misses = 1e4;
    sim.ll_accesses = 2.5e5;
    sim.ll_misses = 3750;
    return sim;
}

/* Simulated counts: their own object in JSON, the source of every count, and a block of
 * the table that still fits 80 columns. */
static void test_simulated_counts_reported(void **state)
{
    (void)state;
    results *r = make_results();
    const sim_counts sim = fake_sim();
    sample naive = fake_sample("naive", 0.010, 0);
    assert_int_equal(results_set_simulated(r, &naive.exp, &sim), 0);
    report_counters c = fake_counters;
    c.simulation = "caches simulated by callgrind: D1 48K 12-way 64B, LL 480M 15-way";
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(report_write_json(r, &c, out), 0);
    fclose(out);
    json_error_t jerr;
    json_t *root = json_loads(buf, 0, &jerr);
    assert_non_null(root);
    assert_non_null(strstr(json_string_value(json_object_get(root, "simulation")), "callgrind"));
    json_t *res = json_array_get(json_object_get(root, "results"), 0);
    json_t *src = json_object_get(res, "counter_source");
    assert_string_equal(json_string_value(json_object_get(src, "perf::PAGE-FAULTS")), "software");
    assert_true(json_is_null(json_object_get(src, "PAPI_TOT_CYC")));
    assert_string_equal(json_string_value(json_object_get(src, "PAPI_L1_DCM")), "simulated");
    assert_string_equal(json_string_value(json_object_get(src, "PAPI_L3_TCM")), "simulated");
    /* the counters keep their meaning: counted, or null */
    assert_null(json_object_get(json_object_get(res, "counters"), "PAPI_L1_DCM"));
    json_t *s = json_object_get(res, "simulated");
    assert_true(json_is_object(s));
    assert_string_equal(json_string_value(json_object_get(s, "tool")), "callgrind");
    assert_int_equal(json_integer_value(json_object_get(s, "band_rows")), 16);
    assert_int_equal(json_integer_value(json_object_get(s, "instructions")), 3000000);
    assert_int_equal(json_integer_value(json_object_get(s, "l1d_accesses")), 1250000);
    assert_int_equal(json_integer_value(json_object_get(s, "l1d_misses")), 250000);
    assert_int_equal(json_integer_value(json_object_get(s, "ll_misses")), 3750);
    json_t *caches = json_object_get(s, "caches");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(caches, "D1"), "bytes")),
                     49152);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(caches, "LL"), "ways")),
                     15);
    assert_true(fabs(json_real_value(json_object_get(s, "l1d_miss_ratio")) - 0.2) < 1e-12);
    assert_true(
        fabs(json_real_value(json_object_get(json_object_get(s, "per_flop"), "l1d_misses")) -
             0.125) < 1e-12);
    assert_true(fabs(json_real_value(json_object_get(s, "bytes_from_memory")) - 240000) < 1e-9);
    /* a result without: null, and no simulated sources */
    json_t *other = json_array_get(json_object_get(root, "results"), 1);
    assert_true(json_is_null(json_object_get(other, "simulated")));
    assert_true(
        json_is_null(json_object_get(json_object_get(other, "counter_source"), "PAPI_L1_DCM")) ||
        !json_object_get(json_object_get(other, "counter_source"), "PAPI_L1_DCM"));
    json_decref(root);
    free(buf);

    buf = NULL;
    out = open_memstream(&buf, &len);
    report_style style = {.wide = false};
    assert_int_equal(report_write(REPORT_TABLE, r, &c, &style, out), 0);
    fclose(out);
    assert_fits(buf, 80);
    assert_non_null(strstr(buf, "simulated by callgrind (D1 48K 12-way 64B, LL 480M 15-way)"));
    assert_non_null(strstr(buf, "rows 0-7 and 0-15 of 100, extrapolated"));
    assert_non_null(strstr(buf, "250k"));
    free(buf);
    results_free(r);
}

/* A value from `tttop tune` is marked, and the mark explained. */
static void test_table_marks_tuned_values(void **state)
{
    (void)state;
    results *r = results_create();
    const int blocked = variant_find("blocked"), block = variants_knob_find("block");
    variants_tuned_set(blocked, block, 48);
    sample s = fake_sample("blocked", 0.004, 0);
    assert_int_equal(s.knobs.source[block], KNOB_TUNED);
    variants_tuned_clear();
    results_add(r, &s);
    char *text = write_to_string(REPORT_TABLE, r, false);
    assert_fits(text, 80);
    assert_non_null(strstr(text, "block 48*"));
    assert_non_null(strstr(text, "* saved by tttop tune"));
    free(text);
    results_free(r);
}

/* A real measurement: every variant at an awkward shape, checked against the reference. */
static void test_bench_measures_all_variants(void **state)
{
    (void)state;
    char *argv[] = {"bench",      "--size", "37x53x29,64", "--variant", "all",
                    "--min-time", "0.01",   "--quiet",     NULL};
    cli o;
    char err[512];
    assert_int_equal(cli_parse(FACE_BENCH, 8, argv, &o, err, sizeof err), 0);
    results *r = results_create();
    assert_int_equal(bench_measure(&o, NULL, r, err, sizeof err), 0);
    assert_int_equal(results_count(r), 2 * variants_count());
    for (int i = 0; i < results_count(r); i++) {
        const result_row *row = results_row(r, i);
        const sample *s = &row->s;
        if (s->verdict != CHECK_PASS)
            fail_msg("%s failed its check: %g", experiment_variant_name(&s->exp), s->max_rel_err);
        assert_true(s->reps >= 1 && s->t_min > 0 && s->t_min <= s->t_median &&
                    s->t_median <= s->t_max);
        assert_true(s->gflops > 0);
        assert_true(isfinite(row->speedup_vs_baseline));
        assert_true(isfinite(row->slowdown_vs_reference));
    }
    assert_true(fabs(results_row(r, 0)->s.flops - 2.0 * 37 * 53 * 29) < 0.5);
    results_free(r);
    cli_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_fields),
        cmocka_unit_test(test_csv_rows),
        cmocka_unit_test(test_table_readable_at_80_columns),
        cmocka_unit_test(test_table_marks_tuned_values),
        cmocka_unit_test(test_simulated_counts_reported),
        cmocka_unit_test(test_bench_measures_all_variants),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
