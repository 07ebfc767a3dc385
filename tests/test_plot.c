/* The charts' mapping: value -> position on linear and log scales, the edges, NaN, zero and
 * negative values, one point, points off the chart; 1-2-5 ticks and their labels; the
 * canvas in braille and ASCII. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "plot.h"

static int map(const plot_scale *s, double v, plot_where *where)
{
    int pos;
    *where = plot_map(s, v, &pos);
    return pos;
}

static void test_linear_scale(void **state)
{
    (void)state;
    plot_scale s;
    plot_where w;
    assert_true(plot_scale_init(&s, 0, 100, false, 11));
    assert_int_equal(map(&s, 0, &w), 0);
    assert_int_equal(w, PLOT_IN);
    assert_int_equal(map(&s, 100, &w), 10);
    assert_int_equal(map(&s, 50, &w), 5);
    assert_int_equal(map(&s, 54, &w), 5); /* rounds to the nearest */
    assert_int_equal(map(&s, 56, &w), 6);
    /* off the chart: clamped to the edge, and said so */
    assert_int_equal(map(&s, -5, &w), 0);
    assert_int_equal(w, PLOT_BELOW);
    assert_int_equal(map(&s, 1e9, &w), 10);
    assert_int_equal(w, PLOT_ABOVE);
    assert_int_equal(map(&s, NAN, &w), -1);
    assert_int_equal(w, PLOT_NONE);
    assert_int_equal(map(&s, INFINITY, &w), -1);
    assert_int_equal(w, PLOT_NONE);
    assert_true(plot_value_at(&s, 5) == 50.0);
    /* swapped ends are put right */
    assert_true(plot_scale_init(&s, 100, 0, false, 11));
    assert_true(s.lo == 0 && s.hi == 100);
    /* one point: a range around it, the point in the middle */
    assert_true(plot_scale_init(&s, 8, 8, false, 11));
    assert_true(s.lo < 8 && s.hi > 8);
    assert_int_equal(map(&s, 8, &w), 5);
    assert_true(plot_scale_init(&s, 0, 0, false, 3));
    assert_int_equal(map(&s, 0, &w), 1);
    /* nothing to scale */
    assert_false(plot_scale_init(&s, 0, 1, false, 0));
    assert_false(plot_scale_init(&s, NAN, 1, false, 10));
    assert_false(plot_scale_init(&s, 0, INFINITY, false, 10));
    /* a span of one: everything in range is position 0 */
    assert_true(plot_scale_init(&s, 0, 1, false, 1));
    assert_int_equal(map(&s, 0.7, &w), 0);
}

static void test_log_scale(void **state)
{
    (void)state;
    plot_scale s;
    plot_where w;
    assert_true(plot_scale_init(&s, 1, 1000, true, 31));
    assert_int_equal(map(&s, 1, &w), 0);
    assert_int_equal(map(&s, 10, &w), 10);
    assert_int_equal(map(&s, 100, &w), 20);
    assert_int_equal(map(&s, 1000, &w), 30);
    assert_int_equal(w, PLOT_IN);
    assert_true(fabs(plot_value_at(&s, 10) - 10.0) < 1e-9);
    /* zero and negative have no place on a log scale: below it */
    assert_int_equal(map(&s, 0, &w), 0);
    assert_int_equal(w, PLOT_BELOW);
    assert_int_equal(map(&s, -4, &w), 0);
    assert_int_equal(w, PLOT_BELOW);
    assert_int_equal(map(&s, 0.5, &w), 0);
    assert_int_equal(w, PLOT_BELOW);
    assert_int_equal(map(&s, 2000, &w), 30);
    assert_int_equal(w, PLOT_ABOVE);
    map(&s, NAN, &w);
    assert_int_equal(w, PLOT_NONE);
    /* a floor at zero becomes hi / 1000 */
    assert_true(plot_scale_init(&s, 0, 50, true, 10));
    assert_true(fabs(s.lo - 0.05) < 1e-12);
    /* one point: a decade around it */
    assert_true(plot_scale_init(&s, 40, 40, true, 21));
    assert_int_equal(map(&s, 40, &w), 10);
    assert_false(plot_scale_init(&s, -5, 0, true, 10));
}

static void test_nice_range(void **state)
{
    (void)state;
    double lo = 0.3, hi = 83.1;
    plot_nice_range(&lo, &hi, false);
    assert_true(lo == 0 && hi == 100);
    lo = 0.46, hi = 280;
    plot_nice_range(&lo, &hi, true);
    assert_true(fabs(lo - 0.2) < 1e-12 && hi == 500);
    lo = 44, hi = 500;
    plot_nice_range(&lo, &hi, true);
    assert_true(lo == 20 && hi == 500);
    lo = 12, hi = 12; /* nothing to widen: left alone */
    plot_nice_range(&lo, &hi, false);
    assert_true(lo == 12 && hi == 12);
}

static void test_ticks(void **state)
{
    (void)state;
    plot_scale s;
    double t[16];
    assert_true(plot_scale_init(&s, 0, 100, false, 40));
    int n = plot_ticks(&s, t, 6);
    assert_int_equal(n, 6);
    assert_true(t[0] == 0 && t[1] == 20 && t[5] == 100);
    n = plot_ticks(&s, t, 3);
    assert_true(n >= 2 && n <= 3);
    assert_true(t[0] == 0 && t[1] == 50);
    assert_true(plot_scale_init(&s, 0, 7.3, false, 40));
    n = plot_ticks(&s, t, 5);
    assert_int_equal(n, 4); /* 0 2 4 6 */
    assert_true(t[3] == 6);
    /* negative ranges (samples ago) */
    assert_true(plot_scale_init(&s, -47, 0, false, 48));
    n = plot_ticks(&s, t, 6);
    assert_true(n >= 3 && t[n - 1] == 0);
    /* log: 1-2-5 when few decades are shown, decades otherwise */
    assert_true(plot_scale_init(&s, 1, 100, true, 40));
    n = plot_ticks(&s, t, 8);
    assert_int_equal(n, 7);
    assert_true(t[0] == 1 && t[1] == 2 && t[2] == 5 && t[3] == 10 && t[6] == 100);
    assert_true(plot_scale_init(&s, 0.1, 1e5, true, 40));
    n = plot_ticks(&s, t, 8);
    assert_int_equal(n, 7);
    assert_true(fabs(t[0] - 0.1) < 1e-12 && t[6] == 1e5);
    n = plot_ticks(&s, t, 3);
    assert_true(n >= 2 && n <= 3);
    assert_int_equal(plot_ticks(&s, t, 0), 0);
}

static void test_labels(void **state)
{
    (void)state;
    char b[16];
    assert_string_equal(plot_label(b, sizeof b, 0), "0");
    assert_string_equal(plot_label(b, sizeof b, 0.5), "0.5");
    assert_string_equal(plot_label(b, sizeof b, 0.25), "0.25");
    assert_string_equal(plot_label(b, sizeof b, 0.05), "0.05");
    assert_string_equal(plot_label(b, sizeof b, 2.5), "2.5");
    assert_string_equal(plot_label(b, sizeof b, 2), "2");
    assert_string_equal(plot_label(b, sizeof b, 10), "10");
    assert_string_equal(plot_label(b, sizeof b, 250), "250");
    assert_string_equal(plot_label(b, sizeof b, 1000), "1k");
    assert_string_equal(plot_label(b, sizeof b, 2500), "2.5k");
    assert_string_equal(plot_label(b, sizeof b, 1e7), "10M");
    assert_string_equal(plot_label(b, sizeof b, -20), "-20");
    assert_string_equal(plot_label(b, sizeof b, NAN), "?");
    for (double v = 1e-3; v < 1e12; v *= 2.5)
        assert_true(strlen(plot_label(b, sizeof b, v)) <= 5);
}

static void test_label_row(void **state)
{
    (void)state;
    char row[64];
    const double t[] = {1, 10, 100};
    const int cells[] = {0, 10, 19};
    assert_int_equal(plot_label_row(t, cells, 3, 20, row, sizeof row), 3);
    assert_string_equal(row, "1         10     100"); /* centred on the cell, inside the row */
    /* labels that would touch are skipped, not overlapped */
    const double close[] = {100, 200, 500};
    const int near[] = {2, 4, 12};
    assert_int_equal(plot_label_row(close, near, 3, 16, row, sizeof row), 2);
    assert_int_equal((int)strlen(row), 16);
    assert_non_null(strstr(row, "100"));
    assert_null(strstr(row, "200"));
    assert_non_null(strstr(row, "500"));
}

static int cells(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

static plot_canvas c; /* large: not on the stack */

static void test_canvas_ascii(void **state)
{
    (void)state;
    char row[512];
    plot_canvas_init(&c, 10, 4, false);
    assert_int_equal(plot_dots_x(&c), 10);
    assert_int_equal(plot_dots_y(&c), 4);
    plot_line(&c, 0, 0, 9, 0); /* along the bottom */
    plot_row(&c, 3, row, sizeof row);
    assert_string_equal(row, "----------");
    plot_line(&c, 0, 0, 3, 3); /* rising */
    plot_row(&c, 0, row, sizeof row);
    assert_string_equal(row, "   /      ");
    plot_dot(&c, 50, 50, '*'); /* off the canvas: ignored */
    plot_dot(&c, -1, 0, '*');
    plot_text(&c, 8, 1, "abc"); /* clipped at the edge */
    plot_row(&c, 1, row, sizeof row);
    assert_int_equal((int)strlen(row), 10);
    assert_int_equal(row[8], 'a');
    assert_int_equal(row[9], 'b');
    assert_true(plot_text_at(&c, 9, 1));
    assert_false(plot_text_at(&c, 0, 1));
    for (int r = 0; r < 4; r++) {
        plot_row(&c, r, row, sizeof row);
        for (const char *p = row; *p; p++)
            assert_true(*p >= ' ' && *p <= '~'); /* pure ASCII */
    }
}

static void test_canvas_braille(void **state)
{
    (void)state;
    char row[512];
    plot_canvas_init(&c, 3, 2, true);
    assert_int_equal(plot_dots_x(&c), 6);
    assert_int_equal(plot_dots_y(&c), 8);
    plot_dot(&c, 0, 7, 0); /* the top-left dot: U+2801 */
    plot_row(&c, 0, row, sizeof row);
    assert_int_equal(cells(row), 3);
    assert_memory_equal(row, "\xe2\xa0\x81", 3);
    int col, r;
    plot_cell_of(&c, 5, 0, &col, &r);
    assert_true(col == 2 && r == 1);
    plot_line(&c, 0, 0, 5, 0);
    plot_row(&c, 1, row, sizeof row);
    assert_int_equal(cells(row), 3);
    assert_memory_equal(row, "\xe2\xa3\x80", 3); /* both bottom dots: U+28C0 */
    plot_text(&c, 1, 1, "m");
    plot_row(&c, 1, row, sizeof row);
    assert_int_equal(cells(row), 3);
    assert_non_null(strchr(row, 'm'));
    /* a canvas larger than the maximum is clamped, never overflows */
    plot_canvas_init(&c, 10000, 10000, true);
    assert_int_equal(c.w, PLOT_MAX_W);
    assert_int_equal(c.h, PLOT_MAX_H);
    plot_line(&c, -100, -100, 100000, 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_scale), cmocka_unit_test(test_log_scale),
        cmocka_unit_test(test_nice_range),   cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_labels),       cmocka_unit_test(test_label_row),
        cmocka_unit_test(test_canvas_ascii), cmocka_unit_test(test_canvas_braille),
    };
    return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
