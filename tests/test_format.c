/* Number formats shared by the dashboard and the reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "report/format.h"

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

/* What the user typed, in a message: one line whatever it holds, cut when long. */
static void test_quoted(void **state)
{
    (void)state;
    char b[96];
    assert_string_equal(format_quoted(b, sizeof b, "naive"), "'naive'");
    assert_string_equal(format_quoted(b, sizeof b, ""), "''");
    assert_string_equal(format_quoted(b, sizeof b, "a\nb\tc\x1b[2J"), "'a\\nb\\tc\\x1b[2J'");
    assert_string_equal(format_escaped(b, sizeof b, "k\rey"), "k\\x0dey");
    char long_text[300];
    memset(long_text, '7', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_string_equal(format_quoted(b, sizeof b, long_text),
                        "'77777777777777777777777777777777...' (299 characters)");
    /* a cut never splits a UTF-8 character */
    char utf8[120] = "";
    for (int i = 0; i < 20; i++)
        strcat(utf8, "\xc3\xa9"); /* e acute, 2 bytes */
    format_quoted(b, sizeof b, utf8);
    assert_non_null(strstr(b, "\xc3\xa9...'"));
    assert_null(strstr(b, "\xc3..."));
    char tiny[6];
    format_quoted(tiny, sizeof tiny, "abcdefgh"); /* truncates, never overflows */
    assert_int_equal(strlen(tiny), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_quoted),
    };
    return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
