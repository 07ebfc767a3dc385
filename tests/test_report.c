/* The writers: JSON that parses with every documented field, CSV with one row per result,
 * and a table that a person can read; and a real bench measurement end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "report.h"

static sample fake_sample(const char *variant, double t)
{
    sample s;
    memset(&s, 0, sizeof s);
    s.exp = experiment_default();
    s.exp.variant = kernel_index(variant);
    s.exp.m = s.exp.n = s.exp.k = 100;
    s.reps = 3;
    s.t_min = t * 0.9;
    s.t_median = t;
    s.t_max = t * 1.2;
    s.flops = 2e6;
    s.gflops = s.flops / t * 1e-9;
    s.verdict = CHECK_PASS;
    s.max_rel_err = 1e-16;
    s.threads_used = 1;
    s.loss = s.accuracy = NAN;
    for (int i = 0; i < COUNTERS_MAX; i++)
        s.counts[i] = NAN;
    s.counts[1] = 1234.0;
    return s;
}

static counter_event fake_events[2] = {
    {.name = "PAPI_TOT_CYC", .available = false, .reason = "not countable", .group = -1},
    {.name = "perf::TASK-CLOCK", .available = true, .software = true, .group = 0},
};

static report make_report(void)
{
    report r = {.events = fake_events, .nevents = 2, .counter_summary = "summary line"};
    sample a = fake_sample("naive", 0.010), b = fake_sample("openblas", 0.001),
           c = fake_sample("blocked", 0.004);
    assert_int_equal(report_add(&r, &a), 0);
    assert_int_equal(report_add(&r, &b), 0);
    assert_int_equal(report_add(&r, &c), 0);
    report_compare(&r);
    return r;
}

static char *write_to_string(int (*writer)(const report *, FILE *), const report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(writer(r, f), 0);
    fclose(f);
    return buf;
}

static void test_compare(void **state)
{
    (void)state;
    report r = make_report();
    assert_true(fabs(r.rows[2].speedup_vs_naive - 2.5) < 1e-12);
    assert_true(fabs(r.rows[2].slowdown_vs_openblas - 4.0) < 1e-12);
    assert_true(fabs(r.rows[0].speedup_vs_naive - 1.0) < 1e-12);
    report_free(&r);
}

static void test_json_fields(void **state)
{
    (void)state;
    report r = make_report();
    char *text = write_to_string(report_write_json, &r);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (!root)
        fail_msg("JSON does not parse: %s", jerr.text);
    assert_true(json_is_object(json_object_get(root, "machine")));
    assert_non_null(json_object_get(json_object_get(root, "machine"), "cpu_model"));
    json_t *status = json_object_get(root, "counter_status");
    assert_false(json_boolean_value(json_object_get(json_object_get(status, "PAPI_TOT_CYC"),
                                                    "available")));
    json_t *results = json_object_get(root, "results");
    assert_int_equal(json_array_size(results), 3);
    json_t *res = json_array_get(results, 2);
    static const char *const fields[] = {
        "workload", "variant",          "m",   "n",     "k",   "block",   "threads",
        "reps",     "time_s",           "gflops", "max_rel_err", "slowdown_vs_openblas",
        "speedup_vs_naive", "workspace_bytes", "counters",
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!json_object_get(res, fields[i]))
            fail_msg("result lacks '%s'", fields[i]);
    assert_string_equal(json_string_value(json_object_get(res, "variant")), "blocked");
    assert_int_equal(json_integer_value(json_object_get(res, "block")), KERNEL_DEFAULT_BLOCK);
    assert_true(json_is_null(json_object_get(json_array_get(results, 0), "block")));
    json_t *t = json_object_get(res, "time_s");
    assert_true(fabs(json_real_value(json_object_get(t, "median")) - 0.004) < 1e-12);
    json_t *counts = json_object_get(res, "counters");
    assert_true(json_is_null(json_object_get(counts, "PAPI_TOT_CYC")));
    assert_int_equal(json_integer_value(json_object_get(counts, "perf::TASK-CLOCK")), 1234);
    json_decref(root);
    free(text);
    report_free(&r);
}

static void test_csv_rows(void **state)
{
    (void)state;
    report r = make_report();
    char *text = write_to_string(report_write_csv, &r);
    int lines = 0;
    for (char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 4);
    assert_true(strncmp(text, "workload,variant,m,n,k,", 23) == 0);
    assert_non_null(strstr(text, ",perf::TASK-CLOCK\n"));
    assert_non_null(strstr(text, "\nmatmul,openblas,100,100,100,"));
    free(text);
    report_free(&r);
}

static void test_table_readable(void **state)
{
    (void)state;
    report r = make_report();
    char *text = write_to_string(report_write_table, &r);
    assert_non_null(strstr(text, "matmul n=100"));
    assert_non_null(strstr(text, "naive"));
    assert_non_null(strstr(text, "4.00x")); /* blocked vs openblas */
    assert_non_null(strstr(text, "2.50x")); /* blocked vs naive */
    assert_non_null(strstr(text, "TASK-CLOCK"));
    assert_non_null(strstr(text, "summary line"));
    free(text);
    report_free(&r);
}

/* A real measurement: every variant at an awkward shape, checked against OpenBLAS. */
static void test_bench_measures_all_variants(void **state)
{
    (void)state;
    char *argv[] = {"bench", "--size", "37x53x29,64", "--min-time", "0.01", "--quiet", NULL};
    bench_options o;
    char err[256];
    assert_int_equal(bench_parse(6, argv, &o, err, sizeof err), 0);
    report r = {0};
    assert_int_equal(bench_measure(&o, NULL, &r, err, sizeof err), 0);
    assert_int_equal(r.count, 2 * kernel_count());
    for (int i = 0; i < r.count; i++) {
        const sample *s = &r.rows[i].s;
        if (s->verdict != CHECK_PASS)
            fail_msg("%s failed its check: %g", experiment_variant_name(&s->exp), s->max_rel_err);
        assert_true(s->reps >= 1 && s->t_min > 0 && s->t_min <= s->t_median &&
                    s->t_median <= s->t_max);
        assert_true(s->gflops > 0);
        assert_true(isfinite(r.rows[i].speedup_vs_naive));
        assert_true(isfinite(r.rows[i].slowdown_vs_openblas));
    }
    assert_true(fabs(r.rows[0].s.flops - 2.0 * 37 * 53 * 29) < 0.5);
    report_free(&r);
    bench_options_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare),      cmocka_unit_test(test_json_fields),
        cmocka_unit_test(test_csv_rows),     cmocka_unit_test(test_table_readable),
        cmocka_unit_test(test_bench_measures_all_variants),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
