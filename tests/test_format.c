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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
