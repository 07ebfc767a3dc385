/* The history chart: braille and ASCII rows of the right width, scaling, gaps, the
 * newest values kept, change marks aligned with the cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "chart.h"

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
    assert_int_equal(rows[3][0], '#'); /* every value reaches the bottom row */
    assert_int_equal(rows[0][5], ' '); /* 8 of 10 stays below the top row */
    assert_int_equal(rows[1][5], '#');
    assert_int_equal(rows[3][4], ' '); /* a gap stays empty */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart),
    };
    return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
