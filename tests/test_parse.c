/* Command-line values and options: one parser for every face; every malformed value is
 * refused with one line naming the option and the item, and no value is kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "cli/parse.h"

static char err[512];

static void test_int_accepts_range(void **state)
{
    (void)state;
    int v = 0;
    assert_int_equal(parse_int("--size", "1", 1, 10, &v, err, sizeof err), 0);
    assert_int_equal(v, 1);
    assert_int_equal(parse_int("--size", "10", 1, 10, &v, err, sizeof err), 0);
    assert_int_equal(v, 10);
    assert_int_equal(parse_int("--seed", "0", 0, 10, &v, err, sizeof err), 0);
    assert_int_equal(v, 0);
}

static void test_int_rejects(void **state)
{
    (void)state;
    static const struct {
        const char *text, *needle;
    } cases[] = {
        {"0", "out of range"},
        {"-5", "negative"},
        {"abc", "not a whole"},
        {"12abc", "not a whole"},
        {"", "not a whole"},
        {"11", "out of range"},
        {"1.5", "not a whole"},
        {"+3", "not a whole"},
        {" 3", "not a whole"},
        {"0x10", "not a whole"},
        {"99999999999999999999", "out of range"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int v = -1;
        err[0] = '\0';
        assert_int_equal(parse_int("--size", cases[i].text, 1, 10, &v, err, sizeof err), -1);
        assert_int_equal(v, -1);
        assert_non_null(strstr(err, "--size"));
        if (!strstr(err, cases[i].needle))
            fail_msg("'%s': '%s' lacks '%s'", cases[i].text, err, cases[i].needle);
        assert_null(strchr(err, '\n'));
    }
}

static void test_seconds(void **state)
{
    (void)state;
    double s;
    static const struct {
        const char *text;
        double value;
    } good[] = {{"0.25", 0.25}, {"2", 2.0}, {".5", 0.5}, {"1e-3", 1e-3}, {"5.", 5.0}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(parse_seconds("--min-time", good[i].text, 10, &s, err, sizeof err), 0);
        assert_true(s == good[i].value);
    }
    /* hexadecimal floats are refused here as everywhere */
    const char *bad[] = {"0", "-1", "x", "nan", "inf", "11", "1s", "0x1p-2", "", "1e", " 1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse_seconds("--min-time", bad[i], 10, &s, err, sizeof err), -1);
}

static void test_size_list(void **state)
{
    (void)state;
    int(*shapes)[3] = NULL;
    assert_int_equal(parse_size_list("--size", "100,7x13x11", 1000, &shapes, err, sizeof err), 2);
    assert_int_equal(shapes[0][0], 100);
    assert_int_equal(shapes[0][2], 100);
    assert_int_equal(shapes[1][0], 7);
    assert_int_equal(shapes[1][1], 13);
    assert_int_equal(shapes[1][2], 11);
    free(shapes);
    /* empty and trailing items are errors, never silently dropped */
    const char *bad[] = {"",      ",",       "7x13", "7x13x11x2", "0",        "5000", "x",
                         "1x0x1", "100,abc", "100,", ",100",      "100,,200", "7xx13"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        shapes = NULL;
        assert_int_equal(parse_size_list("--size", bad[i], 1000, &shapes, err, sizeof err), -1);
        assert_null(shapes);
    }
    assert_int_equal(parse_size_list("--size", "100,,200", 1000, &shapes, err, sizeof err), -1);
    assert_non_null(strstr(err, "empty item"));
    /* a long item is not truncated into a valid one: the whole text counts */
    char longitem[200];
    memset(longitem, '1', sizeof longitem - 1);
    longitem[sizeof longitem - 1] = '\0';
    longitem[3] = 'x';
    assert_int_equal(parse_size_list("--size", longitem, 1000, &shapes, err, sizeof err), -1);
    /* and the reason stays readable: the item is quoted short */
    assert_true(strlen(err) < 160);
    assert_non_null(strstr(err, "characters"));
}

static void test_variant_list(void **state)
{
    (void)state;
    int *v = NULL;
    assert_int_equal(parse_variant_list("--variant", "all", &v, err, sizeof err), variants_count());
    free(v);
    assert_int_equal(parse_variant_list("--variant", "openblas,naive", &v, err, sizeof err), 2);
    assert_int_equal(v[0], variant_find("openblas"));
    assert_int_equal(v[1], variant_find("naive"));
    free(v);
    v = NULL;
    assert_int_equal(parse_variant_list("--variant", "naive,fast", &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown variant 'fast'"));
    assert_non_null(strstr(err, "microkernel"));
    assert_int_equal(parse_variant_list("--variant", "naive,all", &v, err, sizeof err), -1);
    assert_int_equal(parse_variant_list("--variant", "naive,", &v, err, sizeof err), -1);
    assert_null(v);
}

static int parse_args(cli_face face, cli *o, const char *first, ...)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = "x";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    err[0] = '\0';
    return cli_parse(face, argc, argv, o, err, sizeof err);
}

static void test_bench_options(void **state)
{
    (void)state;
    cli o;
    assert_int_equal(parse_args(FACE_BENCH, &o, NULL), 0);
    assert_int_equal(o.nvariants, 0); /* bench fills in every variant and its sizes */
    assert_int_equal(o.threads, 1);
    assert_int_equal(o.format, 0);
    cli_free(&o);
    assert_int_equal(parse_args(FACE_BENCH, &o, "-v", "naive,openblas", "-s", "64,8x9x10", "-b",
                                "16,32", "--batch", "8,16", "-t", "2", "--reps", "3", "--min-time",
                                "0.5", "-f", "json", "-o", "x.json", "-q", "--wide", NULL),
                     0);
    assert_int_equal(o.nvariants, 2);
    assert_int_equal(o.nshapes, 2);
    assert_int_equal(o.nblocks, 2);
    assert_int_equal(o.nbatches, 2);
    assert_int_equal(o.threads, 2);
    assert_int_equal(o.reps, 3);
    assert_true(o.min_time == 0.5);
    assert_string_equal(cli_format_names[o.format], "json");
    assert_string_equal(o.out, "x.json");
    assert_true(o.quiet && o.wide);
    assert_true(o.given & CLI_GIVEN(OPT_SIZE));
    assert_int_equal(o.counters, 0); /* auto */
    cli_free(&o);
    static const char *const modes[] = {"auto", "hardware", "simulated", "off"};
    for (int m = 0; m < 4; m++) {
        assert_int_equal(parse_args(FACE_BENCH, &o, "--counters", modes[m], NULL), 0);
        assert_int_equal(o.counters, m);
        cli_free(&o);
        assert_int_equal(parse_args(FACE_DASHBOARD, &o, "--counters", modes[m], NULL), 0);
        assert_int_equal(o.counters, m);
        cli_free(&o);
    }
}

/* The same bad value gets the same message from every face. */
static void test_errors_are_one_line_everywhere(void **state)
{
    (void)state;
    static const struct {
        cli_face face;
        const char *args[4];
        const char *needle;
    } cases[] = {
        {FACE_BENCH, {"--size", "0"}, "--size: '0' is out of range"},
        {FACE_DASHBOARD, {"--size", "0"}, "--size: '0' is out of range"},
        {FACE_TUNE, {"--size", "0"}, "--size: '0' is out of range"},
        {FACE_BENCH, {"--threads", "x"}, "--threads: 'x' is not a whole number"},
        {FACE_DASHBOARD, {"--threads", "x"}, "--threads: 'x' is not a whole number"},
        {FACE_BENCH, {"--frobnicate"}, "unknown option '--frobnicate'"},
        {FACE_BENCH, {"--size"}, "--size needs a value"},
        {FACE_DASHBOARD, {"-v", "all"}, "unknown variant 'all'"},
        {FACE_DASHBOARD, {"--size", "64,128"}, "one value here"},
        {FACE_TUNE, {"--size", "7x8x9"}, "square"},
        {FACE_TUNE, {"--block", "8"}, "unknown option '--block'"},
        {FACE_EVENTS, {"--size", "8"}, "unknown option '--size'"},
        {FACE_BENCH, {"--format", "xml"}, "--format: 'xml' is not table, csv or json"},
        {FACE_BENCH, {"--isa", "sse9"}, "--isa: 'sse9'"},
        {FACE_BENCH, {"stray"}, "unexpected argument 'stray'"},
        {FACE_DASHBOARD, {"stray"}, "unknown command 'stray'"},
        {FACE_BENCH, {"--out", ""}, "--out: empty file name"},
        {FACE_BENCH, {"-e", "a,,b"}, "--events: empty item"},
        {FACE_DEMO, {"--auto", "0"}, "--auto: '0' is out of range"},
        {FACE_DEMO, {"--auto", "soon"}, "--auto: 'soon' is not a number of seconds"},
        {FACE_DEMO, {"--size", "7x8x9"}, "the demo measures square matrices"},
        {FACE_DEMO, {"--size", "100,200"}, "one value here"},
        {FACE_DEMO, {"--variant", "naive"}, "unknown option '--variant'"},
        {FACE_DASHBOARD, {"--auto", "2"}, "unknown option '--auto'"},
        {FACE_BENCH, {"--counters", "pmu"}, "--counters: 'pmu' is not auto, hardware, simulated"},
        {FACE_DASHBOARD, {"--counters", "pmu"}, "--counters: 'pmu'"},
        {FACE_TUNE, {"--counters", "off"}, "unknown option '--counters'"},
        /* what the user typed is quoted on one line, newlines and escapes included (found
         * by fuzz_options and fuzz_values) */
        {FACE_TUNE, {"a\nb"}, "unexpected argument 'a\\nb'"},
        {FACE_DASHBOARD, {"x\ny"}, "unknown command 'x\\ny'"},
        {FACE_BENCH, {"--variant", "na\nive"}, "unknown variant 'na\\nive'"},
        {FACE_BENCH, {"--size", "1\n"}, "--size: '1\\n' is not a whole number"},
        {FACE_BENCH, {"--size", "1,\x1b[2J,"}, "--size: '\\x1b[2J' is not a whole number"},
        {FACE_BENCH, {"--no-such\n"}, "unknown option '--no-such\\n'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cli o;
        int rc = parse_args(cases[i].face, &o, cases[i].args[0], cases[i].args[1], cases[i].args[2],
                            NULL);
        if (rc != -1 || !strstr(err, cases[i].needle))
            fail_msg("case %zu: rc %d, '%s' lacks '%s'", i, rc, err, cases[i].needle);
        assert_null(strchr(err, '\n'));
        cli_free(&o);
    }
}

static void test_dashboard_and_tune_defaults(void **state)
{
    (void)state;
    cli o;
    assert_int_equal(parse_args(FACE_DASHBOARD, &o, "-v", "naive", "-s", "100", "-d", "5", "-C",
                                "--ascii", "-n", "3", "--record", "r.jsonl", NULL),
                     0);
    assert_int_equal(o.variants[0], variant_find("naive"));
    assert_int_equal(o.shapes[0][0], 100);
    assert_int_equal(o.delay_tenths, 5);
    assert_true(o.no_color && o.ascii);
    assert_int_equal(o.max_iterations, 3);
    assert_string_equal(o.record, "r.jsonl");
    cli_free(&o);
    assert_int_equal(parse_args(FACE_TUNE, &o, NULL), 0);
    assert_int_equal(o.nshapes, 1);
    assert_int_equal(o.shapes[0][0], 1000);
    assert_true(o.min_time == 0.1);
    cli_free(&o);
    /* the demo: by hand unless --auto */
    assert_int_equal(parse_args(FACE_DEMO, &o, NULL), 0);
    assert_true(o.auto_s == 0.0 && o.nshapes == 0 && o.nbatches == 0);
    cli_free(&o);
    assert_int_equal(parse_args(FACE_DEMO, &o, "--auto", "2.5", "-s", "300", "--batch", "32", "-C",
                                "--no-config", NULL),
                     0);
    assert_true(o.auto_s == 2.5);
    assert_true(o.shapes[0][0] == 300 && o.batches[0] == 32 && o.no_color);
    cli_free(&o);
}

static void test_usage_fits_80_columns(void **state)
{
    (void)state;
    static const cli_face faces[] = {FACE_DASHBOARD, FACE_BENCH,  FACE_TUNE, FACE_EVENTS,
                                     FACE_MACHINE,   FACE_REPORT, FACE_DEMO};
    for (size_t f = 0; f < sizeof faces / sizeof faces[0]; f++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        assert_int_equal(cli_usage(faces[f], out), 0);
        fclose(out);
        int col = 0;
        for (const char *p = buf; *p; p++) {
            col = *p == '\n' ? 0 : col + 1;
            if (col > 80)
                fail_msg("%s --help: a line is wider than 80 columns", cli_face_command(faces[f]));
        }
        /* every option the face takes is in its help */
        const char *names[64];
        const int n = cli_option_names(faces[f], names, 64);
        for (int i = 0; i < n; i++) {
            char want[64];
            snprintf(want, sizeof want, "--%s", names[i]);
            assert_non_null(strstr(buf, want));
        }
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_accepts_range),
        cmocka_unit_test(test_int_rejects),
        cmocka_unit_test(test_seconds),
        cmocka_unit_test(test_size_list),
        cmocka_unit_test(test_variant_list),
        cmocka_unit_test(test_bench_options),
        cmocka_unit_test(test_errors_are_one_line_everywhere),
        cmocka_unit_test(test_dashboard_and_tune_defaults),
        cmocka_unit_test(test_usage_fits_80_columns),
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
