#include "layout.h"

#include <string.h>

#define TABLE_MIN_LINES 4
#define CHART_MIN_COLS 24
#define SIDE_BY_SIDE_COLS 76
#define LADDER_MIN_COLS 54
#define READINGS_LINES 5
/* The demo's caption gets a border from this many rows; below, two bare lines. */
#define CAPTION_BOXED_ROWS 20
#define CAPTION_BARE_LINES 2

static void place(layout *l, panel_id id, int y, int x, int h, int w, bool boxed)
{
    if (h <= 0 || w <= 0 || y < 0 || x < 0 || y + h > l->rows || x + w > l->cols)
        return;
    if (boxed && (h < 3 || w < 3))
        return;
    l->panel[id] = (rect){.visible = true, .y = y, .x = x, .h = h, .w = w, .boxed = boxed};
}

/* The experiment and readings panels: boxed side by side, stacked, or bare lines. Returns
 * the first free row. */
static int place_top(layout *out, int top, int bottom, int cols, int top_lines)
{
    const int box_h = top_lines + 2;
    if (cols >= SIDE_BY_SIDE_COLS && bottom - top >= box_h + 1) {
        const int left = cols * 9 / 20;
        place(out, PANEL_EXPERIMENT, top, 0, box_h, left, true);
        place(out, PANEL_READINGS, top, left, box_h, cols - left, true);
        return top + box_h;
    }
    if (bottom - top >= 2 * top_lines) {
        place(out, PANEL_EXPERIMENT, top, 0, top_lines, cols, false);
        place(out, PANEL_READINGS, top + top_lines, 0, top_lines, cols, false);
        return top + 2 * top_lines;
    }
    /* tiny: two lines of settings, the rest for readings */
    const int avail = bottom - top;
    if (avail <= 0)
        return top;
    const int exp_h = avail >= 5 ? 2 : 1;
    place(out, PANEL_EXPERIMENT, top, 0, exp_h, cols, false);
    place(out, PANEL_READINGS, top + exp_h, 0, bottom - top - exp_h, cols, false);
    return bottom;
}

/* The ladder (or the profile) first; the chart beside it when wide, under it when tall. */
static void place_tables(layout *out, int top, int bottom, int cols, const layout_needs *n)
{
    const int left_h = bottom - top;
    const panel_id table = n->network ? PANEL_PROFILE : PANEL_LADDER;
    const int ladder_h = n->ladder_rows + 3; /* header, rows, borders */
    if (left_h < TABLE_MIN_LINES + 2)
        return;
    if (n->summary) { /* the demo's closing table: the whole width, nothing beside it */
        place(out, PANEL_SUMMARY, top, 0, left_h, cols, true);
        return;
    }
    if (n->chart_priority >= 2 && cols < CHART_WIDE_COLS) {
        place(out, PANEL_CHART, top, 0, left_h, cols, true);
        return;
    }
    if (cols >= SIDE_BY_SIDE_COLS) {
        const int chart_w = cols >= 125 ? cols * 2 / 5 : cols - LADDER_MIN_COLS;
        place(out, PANEL_CHART, top, 0, left_h, chart_w, true);
        int table_h = left_h;
        if (n->network && left_h >= 2 * (TABLE_MIN_LINES + 4) + 4 &&
            left_h - ladder_h >= TABLE_MIN_LINES + 4) {
            table_h = left_h - ladder_h;
            place(out, PANEL_LADDER, top + table_h, chart_w, ladder_h, cols - chart_w, true);
        }
        place(out, table, top, chart_w, table_h, cols - chart_w, true);
        return;
    }
    int table_h = left_h;
    if (left_h >= 2 * (TABLE_MIN_LINES + 2) + 2 && cols >= CHART_MIN_COLS) {
        table_h = left_h / 2 + 1;
        place(out, PANEL_CHART, top + table_h, 0, left_h - table_h, cols, true);
    }
    place(out, table, top, 0, table_h, cols, true);
}

/* The demo's caption under the header: boxed when the terminal is tall enough, else a
 * couple of bare lines if the settings and readings keep their five. Returns the first
 * free row. */
static int place_caption(layout *out, int top, int bottom, int cols, int lines)
{
    if (lines <= 0)
        return top;
    int h = lines + 2;
    bool boxed = out->rows >= CAPTION_BOXED_ROWS;
    if (!boxed) {
        h = lines < CAPTION_BARE_LINES ? lines : CAPTION_BARE_LINES;
        if (bottom - top < h + READINGS_LINES)
            return top;
    }
    place(out, PANEL_CAPTION, top, 0, h, cols, boxed);
    return out->panel[PANEL_CAPTION].visible ? top + h : top;
}

/* Small terminals with a chart asked for: a line of settings, two of readings, the chart
 * in the rest (under the demo's caption, which stays). */
static void place_chart_first(layout *out, int top, int bottom, int cols)
{
    for (int id = 0; id < PANEL_COUNT; id++)
        if (id != PANEL_HEADER && id != PANEL_FOOTER && id != PANEL_STATUS && id != PANEL_CAPTION)
            out->panel[id].visible = false;
    place(out, PANEL_EXPERIMENT, top, 0, 1, cols, false);
    place(out, PANEL_READINGS, top + 1, 0, 2, cols, false);
    place(out, PANEL_CHART, top + 3, 0, bottom - top - 3, cols, true);
}

void layout_compute(int cols, int rows, const layout_needs *needs, layout *out)
{
    memset(out, 0, sizeof *out);
    out->rows = rows;
    out->cols = cols;
    if (rows < 2 || cols < 10)
        return;
    int top = 0, bottom = rows;
    place(out, PANEL_HEADER, top++, 0, 1, cols, false);
    place(out, PANEL_FOOTER, --bottom, 0, 1, cols, false);
    /* in the demo the caption says what the status line would, so it comes last */
    const int caption_h = needs->caption_lines > 0 ? needs->caption_lines + 2 : 0;
    if (rows >= 16 + (caption_h ? caption_h + 4 : 0))
        place(out, PANEL_STATUS, top++, 0, 1, cols, false);
    top = place_caption(out, top, bottom, cols, needs->caption_lines);
    const int below_status = top;
    const int top_lines =
        needs->setting_lines > READINGS_LINES ? needs->setting_lines : READINGS_LINES;
    top = place_top(out, top, bottom, cols, top_lines);

    /* counters: two lines (events, derived metrics) when there is room, else one; a third
     * (simulated counts) when asked for and the ladder still fits; in the demo only where
     * the whole ladder still fits under them */
    const int tables_min = caption_h ? needs->ladder_rows + 3 : TABLE_MIN_LINES + 2;
    if (rows >= 20 && bottom - top >= 3 + tables_min) {
        const int want = needs->counter_lines > 2 ? needs->counter_lines + 2 : 4;
        int h = 3;
        for (int t = want; t >= 4 && h == 3; t--)
            if (bottom - top >= t + needs->ladder_rows + 3)
                h = t;
        place(out, PANEL_COUNTERS, top, 0, h, cols, true);
        top += h;
    }
    place_tables(out, top, bottom, cols, needs);
    if (needs->chart_priority > 0 && !out->panel[PANEL_CHART].visible &&
        bottom - below_status >= 3 + 5)
        place_chart_first(out, below_status, bottom, cols);
}
