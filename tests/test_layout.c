/* Layout maths at many sizes: panels stay inside the screen, never overlap, never get
 * negative sizes, and the essentials survive down to 40x12. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "layout.h"

static const layout_needs matmul = {.network = false, .setting_lines = 5, .ladder_rows = 6};
static const layout_needs network = {.network = true, .setting_lines = 5, .ladder_rows = 6};
static const layout_needs demo = {
    .network = false, .setting_lines = 5, .ladder_rows = 6, .caption_lines = 3};
static const layout_needs demo_summary = {
    .network = false, .setting_lines = 5, .ladder_rows = 6, .caption_lines = 3, .summary = true};
static const layout_needs demo_network = {
    .network = true, .setting_lines = 5, .ladder_rows = 6, .caption_lines = 3};
static const layout_needs simulated = {
    .network = false, .setting_lines = 5, .ladder_rows = 6, .counter_lines = 3};

static bool overlap(const rect *a, const rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void check_sane(const layout *l, int cols, int rows)
{
    for (int i = 0; i < PANEL_COUNT; i++) {
        const rect *r = &l->panel[i];
        if (!r->visible)
            continue;
        if (r->w <= 0 || r->h <= 0 || r->x < 0 || r->y < 0 || r->x + r->w > cols ||
            r->y + r->h > rows)
            fail_msg("%dx%d: panel %d at %d,%d size %dx%d", cols, rows, i, r->x, r->y, r->w, r->h);
        if (r->boxed && (r->w < 3 || r->h < 3))
            fail_msg("%dx%d: boxed panel %d too small", cols, rows, i);
        for (int j = 0; j < i; j++)
            if (l->panel[j].visible && overlap(r, &l->panel[j]))
                fail_msg("%dx%d: panels %d and %d overlap", cols, rows, i, j);
    }
}

static void test_every_size_is_sane(void **state)
{
    (void)state;
    layout l;
    for (int cols = 1; cols <= 240; cols += 1)
        for (int rows = 1; rows <= 80; rows += 1)
            for (int ladder = 1; ladder <= 20; ladder += 9)
                for (int kind = 0; kind < 24; kind++) {
                    /* the dashboard's, the demo's with its caption, its summary, and the
                     * dashboard's with simulated counters; each with no chart asked for, the
                     * history asked for, and a wide chart */
                    const int k = kind % 8;
                    layout_needs n = {.network = k % 2,
                                      .setting_lines = 3 + ladder % 4,
                                      .ladder_rows = ladder,
                                      .caption_lines = k >= 2 && k < 6 ? 1 + k : 0,
                                      .summary = k == 5,
                                      .counter_lines = k >= 6 ? 3 : 0,
                                      .chart_priority = kind / 8};
                    layout_compute(cols, rows, &n, &l);
                    check_sane(&l, cols, rows);
                }
}

static void test_essentials_down_to_40x12(void **state)
{
    (void)state;
    layout l;
    for (int cols = LAYOUT_MIN_COLS; cols <= 200; cols += 7)
        for (int rows = LAYOUT_MIN_ROWS; rows <= 60; rows += 3) {
            layout_compute(cols, rows, &matmul, &l);
            assert_true(l.panel[PANEL_HEADER].visible);
            assert_true(l.panel[PANEL_EXPERIMENT].visible);
            assert_true(l.panel[PANEL_READINGS].visible);
            assert_true(l.panel[PANEL_FOOTER].visible);
            assert_true(l.panel[PANEL_READINGS].h >= 2);
        }
}

static void test_classroom_80x24(void **state)
{
    (void)state;
    layout l;
    layout_compute(80, 24, &matmul, &l);
    for (int i = 0; i < PANEL_COUNT; i++)
        if (i != PANEL_PROFILE && i != PANEL_CAPTION && i != PANEL_SUMMARY && !l.panel[i].visible)
            fail_msg("80x24 drops panel %d", i);
    assert_false(l.panel[PANEL_CAPTION].visible || l.panel[PANEL_SUMMARY].visible);
    assert_false(l.panel[PANEL_PROFILE].visible);
    /* the ladder shows every variant: a header and six rows inside its border */
    assert_true(l.panel[PANEL_LADDER].h - 2 >= 7);
    assert_true(l.panel[PANEL_LADDER].w - 2 >= 51);
    /* the lesson line */
    assert_true(l.panel[PANEL_STATUS].visible);
    /* simulated counts: a third counters line, and still the whole ladder */
    layout_compute(80, 24, &simulated, &l);
    assert_int_equal(l.panel[PANEL_COUNTERS].h - 2, 3);
    assert_true(l.panel[PANEL_LADDER].h - 2 >= 7);
    assert_true(l.panel[PANEL_CHART].visible);
    /* where the third line would cost a ladder row, two lines */
    layout_compute(80, 23, &simulated, &l);
    assert_int_equal(l.panel[PANEL_COUNTERS].h - 2, 2);
    layout_compute(80, 24, &network, &l);
    assert_true(l.panel[PANEL_PROFILE].visible);
    layout_compute(160, 50, &network, &l);
    assert_true(l.panel[PANEL_LADDER].visible && l.panel[PANEL_PROFILE].visible);
}

static void test_small_drops_in_priority_order(void **state)
{
    (void)state;
    layout l;
    layout_compute(40, 12, &matmul, &l);
    assert_false(l.panel[PANEL_CHART].visible);
    assert_false(l.panel[PANEL_COUNTERS].visible);
    layout_compute(60, 18, &matmul, &l);
    assert_true(l.panel[PANEL_LADDER].visible || !l.panel[PANEL_CHART].visible);
    layout_compute(5, 1, &matmul, &l);
    for (int i = 0; i < PANEL_COUNT; i++)
        assert_false(l.panel[i].visible);
}

/* The demo at a projector's 80x24: the caption boxed with its three lines, the settings and
 * readings, the whole ladder beside the chart; the summary's table over the tables' place,
 * the whole width; 40x12 keeps the essentials and two bare lines of caption. */
static void test_demo_layouts(void **state)
{
    (void)state;
    layout l;
    layout_compute(80, 24, &demo, &l);
    assert_true(l.panel[PANEL_CAPTION].visible && l.panel[PANEL_CAPTION].boxed);
    assert_int_equal(l.panel[PANEL_CAPTION].h - 2, 3);
    assert_int_equal(l.panel[PANEL_CAPTION].w, 80);
    assert_true(l.panel[PANEL_EXPERIMENT].visible && l.panel[PANEL_READINGS].visible);
    assert_true(l.panel[PANEL_LADDER].visible && l.panel[PANEL_LADDER].h - 2 >= 7);
    assert_true(l.panel[PANEL_CHART].visible);
    assert_false(l.panel[PANEL_SUMMARY].visible);
    layout_compute(80, 24, &demo_summary, &l);
    assert_true(l.panel[PANEL_SUMMARY].visible && l.panel[PANEL_SUMMARY].h - 2 >= 7);
    assert_int_equal(l.panel[PANEL_SUMMARY].w, 80);
    assert_false(l.panel[PANEL_LADDER].visible || l.panel[PANEL_CHART].visible);
    layout_compute(80, 24, &demo_network, &l);
    assert_true(l.panel[PANEL_PROFILE].visible && l.panel[PANEL_CAPTION].visible);
    /* roomy: the status line and the counters come back */
    layout_compute(120, 40, &demo, &l);
    assert_true(l.panel[PANEL_STATUS].visible && l.panel[PANEL_COUNTERS].visible);
    assert_true(l.panel[PANEL_LADDER].h - 2 >= 7);
    for (int cols = LAYOUT_MIN_COLS; cols <= 200; cols += 7)
        for (int rows = LAYOUT_MIN_ROWS; rows <= 60; rows += 3) {
            layout_compute(cols, rows, &demo, &l);
            assert_true(l.panel[PANEL_CAPTION].visible);
            assert_true(l.panel[PANEL_HEADER].visible && l.panel[PANEL_FOOTER].visible);
            assert_true(l.panel[PANEL_READINGS].visible && l.panel[PANEL_READINGS].h >= 2);
        }
    layout_compute(40, 12, &demo, &l);
    assert_false(l.panel[PANEL_CAPTION].boxed);
    assert_int_equal(l.panel[PANEL_CAPTION].h, 2);
}

/* A chart asked for (g) stays on screen down to 40x12, with the settings and readings;
 * the roofline and the sweeps take the ladder's width where the terminal is narrow. */
static void test_chart_asked_for(void **state)
{
    (void)state;
    layout l;
    layout_needs n = matmul;
    for (int chart = 1; chart <= 2; chart++) {
        n.chart_priority = chart;
        for (int cols = LAYOUT_MIN_COLS; cols <= 200; cols += 7)
            for (int rows = LAYOUT_MIN_ROWS; rows <= 60; rows += 3) {
                layout_compute(cols, rows, &n, &l);
                if (!l.panel[PANEL_CHART].visible)
                    fail_msg("%dx%d: no chart", cols, rows);
                assert_true(l.panel[PANEL_CHART].h >= 5);
                assert_true(l.panel[PANEL_EXPERIMENT].visible && l.panel[PANEL_READINGS].visible);
                assert_true(l.panel[PANEL_HEADER].visible && l.panel[PANEL_FOOTER].visible);
            }
    }
    n.chart_priority = 2;
    layout_compute(80, 24, &n, &l);
    assert_int_equal(l.panel[PANEL_CHART].w, 80);
    assert_false(l.panel[PANEL_LADDER].visible);
    layout_compute(160, 50, &n, &l);
    assert_true(l.panel[PANEL_LADDER].visible && l.panel[PANEL_CHART].visible);
    n.chart_priority = 1;
    layout_compute(80, 24, &n, &l); /* the history keeps its place beside the ladder */
    assert_true(l.panel[PANEL_LADDER].visible && l.panel[PANEL_CHART].w < 40);
}

/* More settings than the readings' five lines: the experiment panel grows to hold them. */
static void test_more_settings_get_room(void **state)
{
    (void)state;
    layout l;
    layout_needs n = matmul;
    n.setting_lines = 7;
    layout_compute(100, 40, &n, &l);
    assert_true(l.panel[PANEL_EXPERIMENT].h - 2 >= 7);
}

/* Shrinking the terminal only drops panels: none comes back at a smaller size. */
static void test_shrinking_only_drops(void **state)
{
    (void)state;
    layout big, small;
    layout_needs history = matmul, wide = network;
    history.chart_priority = 1;
    wide.chart_priority = 2;
    const layout_needs *all[] = {&matmul,       &network,   &demo,    &demo_summary,
                                 &demo_network, &simulated, &history, &wide};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        const layout_needs *n = all[k];
        for (int cols = 2; cols <= 200; cols++)
            for (int rows = 2; rows <= 60; rows++) {
                layout_compute(cols, rows, n, &big);
                layout_compute(cols - 1, rows, n, &small);
                for (int i = 0; i < PANEL_COUNT; i++)
                    if (small.panel[i].visible && !big.panel[i].visible)
                        fail_msg("panel %d shows at %dx%d, not at %dx%d", i, cols - 1, rows, cols,
                                 rows);
                layout_compute(cols, rows - 1, n, &small);
                for (int i = 0; i < PANEL_COUNT; i++)
                    if (small.panel[i].visible && !big.panel[i].visible)
                        fail_msg("panel %d shows at %dx%d, not at %dx%d", i, cols, rows - 1, cols,
                                 rows);
            }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_size_is_sane),
        cmocka_unit_test(test_essentials_down_to_40x12),
        cmocka_unit_test(test_classroom_80x24),
        cmocka_unit_test(test_small_drops_in_priority_order),
        cmocka_unit_test(test_demo_layouts),
        cmocka_unit_test(test_more_settings_get_room),
        cmocka_unit_test(test_chart_asked_for),
        cmocka_unit_test(test_shrinking_only_drops),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
