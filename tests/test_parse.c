/* Command-line values: every error path gives a one-line message and no value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bench.h"
#include "parse.h"

static char err[256];

static void test_int_accepts_range(void **state)
{
    (void)state;
    int v = 0;
    assert_int_equal(parse_int("--size", "1", 10, &v, err, sizeof err), 0);
    assert_int_equal(v, 1);
    assert_int_equal(parse_int("--size", "10", 10, &v, err, sizeof err), 0);
    assert_int_equal(v, 10);
}

static void test_int_rejects(void **state)
{
    (void)state;
    static const struct {
        const char *text, *needle;
    } cases[] = {
        {"0", "out of range"},     {"-5", "negative"},      {"abc", "not a number"},
        {"12abc", "not a whole"},  {"", "not a number"},    {"11", "out of range"},
        {"99999999999999999999", "out of range"}, {"1.5", "not a whole"}, {"+3", "not a number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int v = -1;
        err[0] = '\0';
        assert_int_equal(parse_int("--size", cases[i].text, 10, &v, err, sizeof err), -1);
        assert_int_equal(v, -1);
        assert_non_null(strstr(err, "--size"));
        assert_non_null(strstr(err, cases[i].needle));
        assert_null(strchr(err, '\n'));
    }
}

static void test_seconds(void **state)
{
    (void)state;
    double s;
    assert_int_equal(parse_seconds("--min-time", "0.25", 10, &s, err, sizeof err), 0);
    assert_true(s == 0.25);
    const char *bad[] = {"0", "-1", "x", "nan", "inf", "11", "1s"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse_seconds("--min-time", bad[i], 10, &s, err, sizeof err), -1);
}

static void test_size_list(void **state)
{
    (void)state;
    int shapes[4][3];
    assert_int_equal(parse_size_list("--size", "100,7x13x11", 1000, shapes, 4, err, sizeof err),
                     2);
    assert_int_equal(shapes[0][0], 100);
    assert_int_equal(shapes[0][2], 100);
    assert_int_equal(shapes[1][0], 7);
    assert_int_equal(shapes[1][1], 13);
    assert_int_equal(shapes[1][2], 11);
    const char *bad[] = {"", ",", "7x13", "7x13x11x2", "0", "5000", "x", "1x0x1", "100,abc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse_size_list("--size", bad[i], 1000, shapes, 4, err, sizeof err), -1);
    assert_int_equal(parse_size_list("--size", "1,2,3,4,5", 1000, shapes, 4, err, sizeof err), -1);
    assert_non_null(strstr(err, "more than 4"));
}

static void test_variant_list(void **state)
{
    (void)state;
    int v[PARSE_MAX_LIST];
    assert_int_equal(parse_variant_list("--variant", "all", v, PARSE_MAX_LIST, err, sizeof err),
                     kernel_count());
    assert_int_equal(parse_variant_list("--variant", "openblas,naive", v, PARSE_MAX_LIST, err,
                                        sizeof err),
                     2);
    assert_int_equal(v[0], kernel_index("openblas"));
    assert_int_equal(v[1], kernel_index("naive"));
    assert_int_equal(parse_variant_list("--variant", "naive,fast", v, PARSE_MAX_LIST, err,
                                        sizeof err),
                     -1);
    assert_non_null(strstr(err, "unknown variant 'fast'"));
    assert_non_null(strstr(err, "microkernel"));
}

static int bench_args(bench_options *o, const char *first, ...)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = "bench";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    err[0] = '\0';
    return bench_parse(argc, argv, o, err, sizeof err);
}

static void test_bench_defaults(void **state)
{
    (void)state;
    bench_options o;
    assert_int_equal(bench_args(&o, NULL), 0);
    assert_int_equal(o.nvariants, kernel_count());
    assert_int_equal(o.nshapes, 4);
    assert_int_equal(o.shapes[0][0], 100);
    assert_int_equal(o.shapes[3][0], 2000);
    assert_int_equal(o.threads, 1);
    assert_int_equal(o.format, REPORT_TABLE);
    bench_options_free(&o);
}

static void test_bench_options(void **state)
{
    (void)state;
    bench_options o;
    assert_int_equal(bench_args(&o, "--variant", "naive,openblas", "--size", "256,512", "-b",
                                "16,32", "--threads", "2", "--reps", "3", "--min-time", "0.5",
                                "--format", "json", "--out", "x.json", "-e",
                                "PAPI_TOT_CYC,perf::TASK-CLOCK", "--workload", "net",
                                "--batch", "1,64", NULL),
                     0);
    assert_int_equal(o.nvariants, 2);
    assert_int_equal(o.nshapes, 2);
    assert_int_equal(o.nblocks, 2);
    assert_int_equal(o.threads, 2);
    assert_int_equal(o.reps, 3);
    assert_true(o.min_time == 0.5);
    assert_int_equal(o.format, REPORT_JSON);
    assert_string_equal(o.out_path, "x.json");
    assert_int_equal(o.nevents, 2);
    assert_string_equal(o.events[1], "perf::TASK-CLOCK");
    assert_int_equal(o.workload, WORKLOAD_NET);
    assert_int_equal(o.nbatches, 2);
    assert_int_equal(o.batches[1], 64);
    bench_options_free(&o);
    assert_int_equal(bench_args(&o, "--help", NULL), 1);
    bench_options_free(&o);
}

static void test_bench_errors(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"--bogus", NULL, "unknown option"},
        {"--size", NULL, "needs a value"},
        {"--size", "0", "out of range"},
        {"--size", "-3", "negative"},
        {"--size", "abc", "not a number"},
        {"--size", "99999999", "out of range"},
        {"--threads", "0", "out of range"},
        {"--reps", "x", "not a number"},
        {"--format", "xml", "table, csv or json"},
        {"--workload", "cnn", "matmul, net or train"},
        {"--batch", "0", "out of range"},
        {"--block", "-1", "negative"},
        {"--variant", "turbo", "unknown variant"},
        {"--min-time", "-1", "out of range"},
        {"stray", NULL, "unexpected argument"},
        {"--isa", "sse9", "auto, avx512, avx2 or generic"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bench_options o;
        assert_int_equal(bench_args(&o, cases[i][0], cases[i][1], NULL), -1);
        if (!strstr(err, cases[i][2]))
            fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i][2]);
        assert_null(strchr(err, '\n'));
        bench_options_free(&o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_accepts_range), cmocka_unit_test(test_int_rejects),
        cmocka_unit_test(test_seconds),           cmocka_unit_test(test_size_list),
        cmocka_unit_test(test_variant_list),      cmocka_unit_test(test_bench_defaults),
        cmocka_unit_test(test_bench_options),     cmocka_unit_test(test_bench_errors),
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
