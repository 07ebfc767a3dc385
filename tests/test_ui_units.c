/* The dashboard's pure parts: the key table, the setting ladders, the chart and the
 * number formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <curses.h>
#include <math.h>
#include <string.h>

#include "chart.h"
#include "format.h"
#include "keys.h"

static void test_fixed_keys(void **state)
{
    (void)state;
    static const struct {
        int key;
        key_action action;
    } fixed[] = {
        {'v', ACT_VARIANT_NEXT}, {'V', ACT_VARIANT_PREV}, {'b', ACT_BLOCK_UP},
        {'B', ACT_BLOCK_DOWN},   {'+', ACT_SIZE_UP},      {'-', ACT_SIZE_DOWN},
        {'t', ACT_THREADS_UP},   {'T', ACT_THREADS_DOWN}, {'w', ACT_WORKLOAD},
        {' ', ACT_PAUSE},        {'r', ACT_RESET},        {'s', ACT_SWEEP},
        {'e', ACT_EXPORT},       {'?', ACT_HELP},         {'h', ACT_HELP},
        {KEY_F(1), ACT_HELP},    {'q', ACT_QUIT},         {KEY_F(10), ACT_QUIT},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        assert_int_equal(keys_action(fixed[i].key), fixed[i].action);
    assert_int_equal(keys_action('Z'), ACT_NONE);
}

static void test_table_has_no_duplicates_and_full_help(void **state)
{
    (void)state;
    int n;
    const key_binding *t = keys_table(&n);
    for (int i = 0; i < n; i++) {
        assert_non_null(t[i].name);
        assert_true(strlen(t[i].help) > 3);
        for (int j = 0; j < i; j++)
            if (t[i].key == t[j].key)
                fail_msg("key %s bound twice", t[i].name);
    }
    /* every F-key has a letter alias */
    for (int i = 0; i < n; i++) {
        if (t[i].key < KEY_F0 || t[i].key > KEY_F(63))
            continue;
        bool alias = false;
        for (int j = 0; j < n; j++)
            alias = alias || (t[j].action == t[i].action && t[j].key < 128);
        assert_true(alias);
    }
}

static void test_apply_walks_ladders(void **state)
{
    (void)state;
    experiment e = experiment_default();
    e.variant = kernel_count() - 1;
    assert_true(keys_apply(ACT_VARIANT_NEXT, &e, 4));
    assert_int_equal(e.variant, 0);
    assert_true(keys_apply(ACT_VARIANT_PREV, &e, 4));
    assert_int_equal(e.variant, kernel_count() - 1);
    e.m = e.n = e.k = 500;
    assert_true(keys_apply(ACT_SIZE_UP, &e, 4));
    assert_true(e.n == 512 && e.m == 512 && e.k == 512);
    assert_true(keys_apply(ACT_SIZE_DOWN, &e, 4));
    assert_int_equal(e.n, 500);
    e.m = e.n = e.k = keys_sizes[keys_nsizes - 1];
    assert_false(keys_apply(ACT_SIZE_UP, &e, 4)); /* the top of the ladder stays put */
    assert_int_equal(e.n, keys_sizes[keys_nsizes - 1]);
    e.tun.block = 64;
    assert_true(keys_apply(ACT_BLOCK_UP, &e, 4));
    assert_int_equal(e.tun.block, 96);
    e.tun.threads = 1;
    assert_false(keys_apply(ACT_THREADS_DOWN, &e, 4));
    assert_true(keys_apply(ACT_THREADS_UP, &e, 4));
    assert_int_equal(e.tun.threads, 2);
    e.tun.threads = 4;
    assert_false(keys_apply(ACT_THREADS_UP, &e, 4));
    e.workload = WORKLOAD_MATMUL;
    assert_true(keys_apply(ACT_WORKLOAD, &e, 4));
    assert_int_equal(e.workload, WORKLOAD_NET);
    e.batch = 64;
    assert_true(keys_apply(ACT_SIZE_UP, &e, 4));
    assert_int_equal(e.batch, 128);
    assert_int_equal(e.n, keys_sizes[keys_nsizes - 1]); /* the matrix size is left alone */
    assert_true(keys_apply(ACT_WORKLOAD, &e, 4) && e.workload == WORKLOAD_TRAIN);
    assert_true(keys_apply(ACT_WORKLOAD, &e, 4) && e.workload == WORKLOAD_MATMUL);
    assert_false(keys_apply(ACT_QUIT, &e, 4));
}

static int cells(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

static void test_chart(void **state)
{
    (void)state;
    double v[] = {1, 2, 3, 4, NAN, 8};
    char store[4][256], *rows[4] = {store[0], store[1], store[2], store[3]};
    assert_true(chart_nice_top(v, 6) == 10.0);
    assert_int_equal(chart_render(v, 6, 10.0, 10, 4, CHART_ASCII, rows, 256), 6);
    for (int r = 0; r < 4; r++)
        assert_int_equal(cells(rows[r]), 10);
    assert_int_equal(rows[3][0], '#');  /* every value reaches the bottom row */
    assert_int_equal(rows[0][5], ' ');  /* 8 of 10 stays below the top row */
    assert_int_equal(rows[1][5], '#');
    assert_int_equal(rows[3][4], ' ');  /* a gap stays empty */
    assert_int_equal(chart_render(v, 6, 10.0, 3, 4, CHART_BRAILLE, rows, 256), 6);
    for (int r = 0; r < 4; r++)
        assert_int_equal(cells(rows[r]), 3);
    assert_true((unsigned char)rows[3][0] == 0xE2); /* braille block U+28xx */
    assert_int_equal(chart_render(v, 6, 10.0, 2, 2, CHART_ASCII, rows, 256), 2); /* newest */
    bool marks[] = {false, false, true, false, false, false};
    char axis[64];
    chart_axis(marks, 6, 6, CHART_ASCII, axis, sizeof axis);
    assert_string_equal(axis, "--^---");
    chart_axis(marks, 6, 3, CHART_BRAILLE, axis, sizeof axis);
    assert_int_equal(cells(axis), 3);
    assert_non_null(strstr(axis, "\xe2\x96\xb2"));
}

static void test_formats(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(format_seconds(b, sizeof b, 1.234e-3), "1.23 ms");
    assert_string_equal(format_seconds(b, sizeof b, 812e-9), "812 ns");
    assert_string_equal(format_seconds(b, sizeof b, 12.34), "12.3 s");
    assert_string_equal(format_seconds(b, sizeof b, 0.9999), "1.00 s");
    assert_string_equal(format_seconds(b, sizeof b, 725), "12m05s");
    assert_string_equal(format_seconds(b, sizeof b, NAN), "n/a");
    assert_string_equal(format_gflops(b, sizeof b, 0.8234), "0.82");
    assert_string_equal(format_gflops(b, sizeof b, 113.4), "113");
    assert_string_equal(format_bytes(b, sizeof b, 512), "512 B");
    assert_string_equal(format_bytes(b, sizeof b, 49152), "48.0 KiB");
    assert_string_equal(format_count(b, sizeof b, 950), "950");
    assert_string_equal(format_count(b, sizeof b, 1.234e6), "1.23M");
    assert_string_equal(format_count(b, sizeof b, 45.6e9), "45.6G");
    assert_string_equal(format_ratio(b, sizeof b, 38.24), "38.2x");
    assert_string_equal(format_ratio(b, sizeof b, INFINITY), "n/a");
    assert_string_equal(format_size_short(b, sizeof b, 48 * 1024), "48K");
    assert_string_equal(format_size_short(b, sizeof b, 32u << 20), "32M");
    assert_string_equal(format_or_na(b, sizeof b, NAN, format_gflops), "n/a");
    char tiny[4];
    format_seconds(tiny, sizeof tiny, 1.5); /* truncates, never overflows */
    assert_int_equal(strlen(tiny), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_keys),
        cmocka_unit_test(test_table_has_no_duplicates_and_full_help),
        cmocka_unit_test(test_apply_walks_ladders),
        cmocka_unit_test(test_chart),
        cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests_name("ui units", tests, NULL, NULL);
}
