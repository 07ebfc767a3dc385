/* History: GFLOP/s of recent samples, or the training loss, with ticks where the setting
 * changed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "chart.h"
#include "report/format.h"
#include "view.h"

#define MAX_ROW_BYTES 1024

void panel_chart(const rect *r, const view *v)
{
    const bool train = v->snap->wanted.workload == WORKLOAD_TRAIN;
    double values[RESULTS_HISTORY] = {0};
    bool marks[RESULTS_HISTORY];
    const int n = results_history_count(v->model);
    for (int i = 0; i < n; i++) {
        const history_point *p = results_history_at(v->model, i);
        values[i] = train ? p->loss : p->gflops;
        marks[i] = p->setting_changed;
    }
    const double top = chart_nice_top(values, n);
    char title[128], num[32];
    /* the long title when the box has room for it, else the short one */
    const bool roomy = r->w >= 40;
    if (train) {
        const history_point *last = n ? results_history_at(v->model, n - 1) : NULL;
        int len = snprintf(title, sizeof title, roomy ? "loss (top %g)" : "loss, top %g", top);
        if (last && isfinite(last->accuracy))
            snprintf(title + len, sizeof title - (size_t)len,
                     roomy ? ", accuracy %.1f%%" : ", acc %.0f%%", 100.0 * last->accuracy);
    } else {
        format_gflops(num, sizeof num, top);
        snprintf(title, sizeof title, roomy ? "GFLOP/s history (top %s)" : "GFLOP/s, top %s", num);
    }
    screen_box(r, title);
    rect in = screen_inner(r);
    if (in.h < 2 || in.w < 4)
        return;
    if (n == 0) {
        screen_put(r, 0, 0, ROLE_LABEL, "waiting for the first sample...");
        return;
    }
    const int h = in.h - 1;
    const chart_style style = v->caps.utf8 ? CHART_BRAILLE : CHART_ASCII;
    char *rows[64];
    static char storage[64][MAX_ROW_BYTES];
    int hh = h < 64 ? h : 64;
    for (int i = 0; i < hh; i++)
        rows[i] = storage[i];
    chart_render(values, n, top, in.w, hh, style, rows, MAX_ROW_BYTES);
    for (int i = 0; i < hh; i++)
        screen_put(r, i, 0, ROLE_CHART, rows[i]);
    char axis[MAX_ROW_BYTES];
    chart_axis(marks, n, in.w, style, axis, sizeof axis);
    screen_put(r, hh, 0, ROLE_LABEL, axis);
}
