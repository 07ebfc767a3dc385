#include "layout.h"

#include <string.h>

#include "kernels.h"

/* Rows of content in the experiment and readings panels. */
#define TOP_LINES 5
#define TABLE_MIN_LINES 4
#define CHART_MIN_COLS 24
#define SIDE_BY_SIDE_COLS 76

static void place(layout *l, panel_id id, int y, int x, int h, int w, bool boxed)
{
    if (h <= 0 || w <= 0 || y < 0 || x < 0 || y + h > l->rows || x + w > l->cols)
        return;
    l->panel[id] = (rect){.visible = true, .y = y, .x = x, .h = h, .w = w, .boxed = boxed};
}

void layout_compute(int cols, int rows, bool network, layout *out)
{
    memset(out, 0, sizeof *out);
    out->rows = rows;
    out->cols = cols;
    if (rows < 2 || cols < 10)
        return;
    int top = 0, bottom = rows;
    place(out, PANEL_HEADER, top++, 0, 1, cols, false);
    place(out, PANEL_FOOTER, --bottom, 0, 1, cols, false);
    const bool roomy = rows >= 16;
    if (roomy)
        place(out, PANEL_STATUS, top++, 0, 1, cols, false);

    /* experiment and readings: boxed side by side, stacked boxes, or bare lines */
    const int box_h = TOP_LINES + 2;
    if (cols >= SIDE_BY_SIDE_COLS && bottom - top >= box_h + 1) {
        int left = cols * 9 / 20;
        place(out, PANEL_EXPERIMENT, top, 0, box_h, left, true);
        place(out, PANEL_READINGS, top, left, box_h, cols - left, true);
        top += box_h;
    } else if (bottom - top >= 2 * TOP_LINES) {
        place(out, PANEL_EXPERIMENT, top, 0, TOP_LINES, cols, false);
        top += TOP_LINES;
        place(out, PANEL_READINGS, top, 0, TOP_LINES, cols, false);
        top += TOP_LINES;
    } else {
        /* tiny: two lines of settings, the rest for readings */
        int avail = bottom - top;
        if (avail <= 0)
            return;
        int exp_h = avail >= 5 ? 2 : 1;
        place(out, PANEL_EXPERIMENT, top, 0, exp_h, cols, false);
        top += exp_h;
        place(out, PANEL_READINGS, top, 0, bottom - top, cols, false);
        top = bottom;
    }

    /* counters: two lines (events, derived metrics) when there is room, else one */
    if (rows >= 20 && bottom - top >= 3 + TABLE_MIN_LINES + 2) {
        int h = bottom - top >= 4 + kernel_count() + 3 ? 4 : 3;
        place(out, PANEL_COUNTERS, top, 0, h, cols, true);
        top += h;
    }
    int left_h = bottom - top;
    if (left_h < TABLE_MIN_LINES + 2)
        return;
    /* the table first; the chart beside it when wide, above it when tall and narrow */
    if (cols >= SIDE_BY_SIDE_COLS) {
        /* the ladder needs 50 columns; the chart takes the rest */
        int chart_w = cols >= 125 ? cols * 2 / 5 : cols - 50;
        place(out, PANEL_CHART, top, 0, left_h, chart_w, true);
        int table_h = left_h;
        if (network && left_h >= 2 * (TABLE_MIN_LINES + 4) + 4) {
            table_h = left_h - (kernel_count() + 3); /* header, variants, borders */
            place(out, PANEL_LADDER2, top + table_h, chart_w, left_h - table_h, cols - chart_w,
                  true);
        }
        place(out, PANEL_TABLE, top, chart_w, table_h, cols - chart_w, true);
    } else {
        int table_h = left_h;
        if (left_h >= 2 * (TABLE_MIN_LINES + 2) + 2 && cols >= CHART_MIN_COLS) {
            table_h = left_h / 2 + 1;
            place(out, PANEL_CHART, top + table_h, 0, left_h - table_h, cols, true);
        }
        place(out, PANEL_TABLE, top, 0, table_h, cols, true);
    }
}
