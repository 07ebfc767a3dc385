/* The chart panel: one of four charts, `g` cycles them, each with ticks and labels on both
 * axes so that a value can be read off it:
 *  - history: GFLOP/s of the recent samples (the loss when training), ticks where the
 *    setting changed;
 *  - roofline: log-log, the measured compute roof and bandwidth slope, the ridge point,
 *    every variant measured at the setting as a lettered point;
 *  - size sweep (S): GFLOP/s against n, one line per variant, filling in live;
 *  - block sweep (u): GFLOP/s against the tuned block size of the variant, the best marked.
 * Points a sweep skipped (over its time cap) are marked x on the bottom row. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "plot.h"
#include "report/format.h"
#include "view.h"

#define MAX_ROW_BYTES 1024
#define MAX_VARIANTS 32

static plot_canvas canvas; /* the UI thread's only */

/* ---- variant letters ------------------------------------------------------------------ */

char chart_variant_letter(int variant)
{
    char used[MAX_VARIANTS] = {0};
    const int n = variants_count() < MAX_VARIANTS ? variants_count() : MAX_VARIANTS;
    for (int v = 0; v < n; v++) {
        const char *name = variant_name(v);
        char pick = (char)('0' + v % 10);
        for (const char *p = name; *p; p++) {
            bool taken = false;
            for (int u = 0; u < v; u++)
                taken = taken || used[u] == *p;
            if (*p >= 'a' && *p <= 'z' && !taken) {
                pick = *p;
                break;
            }
        }
        used[v] = pick;
        if (v == variant)
            return pick;
    }
    return '?';
}

/* "n=naive r=reordered ...", the variants in `shown`, as long as it fits in width. */
static void legend(const bool *shown, int width, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (int v = 0; v < variants_count() && v < MAX_VARIANTS; v++) {
        if (!shown[v])
            continue;
        char item[48];
        int n = snprintf(item, sizeof item, "%s%c=%s", used ? " " : "", chart_variant_letter(v),
                         variant_name(v));
        if (n < 0 || (int)used + n > width || used + (size_t)n >= len)
            break;
        memcpy(out + used, item, (size_t)n + 1);
        used += (size_t)n;
    }
}

/* ---- the frame: y labels and axis on the left, x axis and labels under the plot -------- */

typedef struct frame {
    rect in; /* the panel's content area */
    int gutter, pw, ph;
    bool axis_row, label_row;
    bool utf8, braille;
    int per_row, per_cell; /* dots a cell holds: 4 x 2 in braille, 1 x 1 in ASCII */
    plot_scale ys;         /* over the plot's dots (or levels) upward */
    double yticks[16];
    int nyticks;
} frame;

/* Rows and the y scale: ph from the height, then the ticks, then the gutter from their
 * labels. false when the area is too small for a chart. */
static bool frame_fits(frame *f, const rect *r, const view *v, double ylo, double yhi, bool ylog)
{
    memset(f, 0, sizeof *f);
    f->in = screen_inner(r);
    f->utf8 = v->caps.utf8;
    f->braille = v->caps.utf8;
    f->per_row = f->braille ? 4 : 1;
    f->per_cell = f->braille ? 2 : 1;
    f->axis_row = f->in.h >= 5;
    f->label_row = f->in.h >= 3;
    f->ph = f->in.h - f->axis_row - f->label_row;
    if (f->ph < 2 || f->in.w < 14)
        return false;
    if (f->ph > PLOT_MAX_H)
        f->ph = PLOT_MAX_H;
    if (!plot_scale_init(&f->ys, ylo, yhi, ylog, f->ph * f->per_row))
        return false;
    const int max_ticks = f->ph >= 6 ? f->ph / 2 + 1 : f->ph;
    f->nyticks = plot_ticks(&f->ys, f->yticks, max_ticks < 16 ? max_ticks : 16);
    int widest = 1;
    for (int i = 0; i < f->nyticks; i++) {
        char label[16];
        int w = (int)strlen(plot_label(label, sizeof label, f->yticks[i]));
        widest = w > widest ? w : widest;
    }
    f->gutter = widest + 1;
    f->pw = f->in.w - f->gutter;
    if (f->pw > PLOT_MAX_W)
        f->pw = PLOT_MAX_W;
    return f->pw >= 8;
}

/* frame_fits, saying so in the panel when the chart does not fit. */
static bool frame_begin(frame *f, const rect *r, const view *v, double ylo, double yhi, bool ylog)
{
    if (frame_fits(f, r, v, ylo, yhi, ylog))
        return true;
    screen_put(r, 0, 0, ROLE_LABEL, "(too small for a chart)");
    return false;
}

/* The canvas over the frame's plot area, and the x scale over its dots. */
static bool frame_canvas(const frame *f, plot_scale *xs, double xlo, double xhi, bool xlog)
{
    plot_canvas_init(&canvas, f->pw, f->ph, f->braille);
    return plot_scale_init(xs, xlo, xhi, xlog, plot_dots_x(&canvas));
}

/* The row (from the top) of a y position in dots. */
static int row_of(const frame *f, int pos)
{
    return f->ph - 1 - pos / f->per_row;
}

/* rows[]: the plot's rows. xcells/xticks: the x ticks' cells and values. marks: cells of
 * the axis row to mark (NULL: none). */
static void frame_draw(const frame *f, const rect *r, char **rows, const int *xcells,
                       const double *xticks, int nx, const bool *marks, const char *xunit)
{
    char labels[PLOT_MAX_H][16];
    memset(labels, 0, sizeof labels);
    for (int i = 0; i < f->nyticks; i++) {
        int pos;
        if (plot_map(&f->ys, f->yticks[i], &pos) != PLOT_IN)
            continue;
        const int row = row_of(f, pos);
        if (row >= 0 && row < f->ph && !labels[row][0])
            plot_label(labels[row], sizeof labels[row], f->yticks[i]);
    }
    const char *vbar = f->utf8 ? "\u2502" : "|", *tick = f->utf8 ? "\u2524" : "+";
    for (int row = 0; row < f->ph; row++) {
        screen_printf(r, row, 0, ROLE_LABEL, "%*s", f->gutter - 1, labels[row]);
        screen_put(r, row, f->gutter - 1, ROLE_LABEL, labels[row][0] ? tick : vbar);
        screen_put(r, row, f->gutter, ROLE_CHART, rows[row]);
    }
    int y = f->ph;
    if (f->axis_row) {
        char axis[MAX_ROW_BYTES];
        size_t used = 0;
        const char *corner = f->utf8 ? "\u2514" : "+", *line = f->utf8 ? "\u2500" : "-",
                   *up = f->utf8 ? "\u252c" : "+", *mark = f->utf8 ? "\u25b2" : "^";
        for (int c = 0; c < f->pw && used + 8 < sizeof axis; c++) {
            bool is_tick = false;
            for (int i = 0; i < nx; i++)
                is_tick = is_tick || xcells[i] == c;
            const char *ch = marks && marks[c] ? mark : is_tick ? up : line;
            memcpy(axis + used, ch, strlen(ch));
            used += strlen(ch);
        }
        axis[used] = '\0';
        screen_put(r, y, f->gutter - 1, ROLE_LABEL, corner);
        screen_put(r, y++, f->gutter, ROLE_LABEL, axis);
    }
    if (f->label_row) {
        char row[PLOT_MAX_W + 1];
        plot_label_row(xticks, xcells, nx, f->pw, row, sizeof row);
        /* the unit at the right end, where no label is */
        const int ul = (int)strlen(xunit);
        int end = f->pw;
        while (end > 0 && row[end - 1] == ' ')
            end--;
        if (ul > 0 && end + 1 + ul <= f->pw)
            memcpy(row + f->pw - ul, xunit, (size_t)ul);
        screen_put(r, y, f->gutter, ROLE_LABEL, row);
    }
}

/* The x ticks of a scale over the plot's dots, as cells. */
static int x_ticks(const frame *f, const plot_scale *xs, double *ticks, int *cells)
{
    int max = f->pw / 6;
    if (max < 2)
        max = 2;
    if (max > 16)
        max = 16;
    const int n = plot_ticks(xs, ticks, max);
    int kept = 0;
    for (int i = 0; i < n; i++) {
        int pos;
        if (plot_map(xs, ticks[i], &pos) != PLOT_IN)
            continue;
        ticks[kept] = ticks[i];
        cells[kept++] = pos / f->per_cell;
    }
    return kept;
}

/* The canvas's rows as strings for frame_draw. */
static void canvas_rows(char **rows, char storage[][MAX_ROW_BYTES], int ph)
{
    for (int i = 0; i < ph; i++) {
        rows[i] = storage[i];
        plot_row(&canvas, i, rows[i], MAX_ROW_BYTES);
    }
}

/* The long text where it fits, else the short one. */
static void centred2(const rect *r, const char *text, const char *short_text)
{
    const rect in = screen_inner(r);
    if ((int)strlen(text) > in.w && short_text)
        text = short_text;
    const int len = (int)strlen(text);
    screen_put(r, in.h / 2 > 0 ? in.h / 2 - 1 : 0, len < in.w ? (in.w - len) / 2 : 0, ROLE_LABEL,
               text);
}

static void centred(const rect *r, const char *text)
{
    centred2(r, text, NULL);
}

/* "<name>" or "<name> (g: next)" when the box has room; the long form first. */
static void box_title(const rect *r, const char *long_title, const char *short_title)
{
    char title[160];
    const int room = r->w - 6;
    if ((int)strlen(long_title) + 11 <= room)
        snprintf(title, sizeof title, "%s (g: next)", long_title);
    else if ((int)strlen(long_title) <= room)
        snprintf(title, sizeof title, "%s", long_title);
    else
        snprintf(title, sizeof title, "%s", short_title);
    screen_box(r, title);
}

/* ---- history ------------------------------------------------------------------------- */

static void draw_history(const rect *r, const view *v)
{
    const bool train = v->snap->wanted.workload == WORKLOAD_TRAIN;
    static double values[RESULTS_HISTORY];
    static bool changed[RESULTS_HISTORY];
    const int n = results_history_count(v->model);
    for (int i = 0; i < n; i++) {
        const history_point *p = results_history_at(v->model, i);
        values[i] = train ? p->loss : p->gflops;
        changed[i] = p->setting_changed;
    }
    char title[96], brief[64];
    if (train) {
        const history_point *last = n ? results_history_at(v->model, n - 1) : NULL;
        snprintf(title, sizeof title, "loss history");
        snprintf(brief, sizeof brief, "loss");
        if (last && isfinite(last->accuracy)) {
            snprintf(title, sizeof title, "loss history, acc %.0f%%", 100.0 * last->accuracy);
            snprintf(brief, sizeof brief, "loss, acc %.0f%%", 100.0 * last->accuracy);
        }
    } else {
        snprintf(title, sizeof title, "GFLOP/s history");
        snprintf(brief, sizeof brief, "history");
    }
    box_title(r, title, brief);
    if (n == 0) {
        screen_put(r, 0, 0, ROLE_LABEL, "waiting for the first sample...");
        return;
    }
    const double top = chart_nice_top(values, n);
    frame f;
    if (!frame_begin(&f, r, v, 0.0, top, false))
        return;
    const int per_cell = f.per_cell;
    static char storage[PLOT_MAX_H][MAX_ROW_BYTES];
    char *rows[PLOT_MAX_H];
    for (int i = 0; i < f.ph; i++)
        rows[i] = storage[i];
    const chart_style style = v->caps.utf8 ? CHART_BRAILLE : CHART_ASCII;
    const int shown = chart_render(values, n, top, f.pw, f.ph, style, rows, MAX_ROW_BYTES);
    const int first = n - shown;
    /* x: samples ago, 0 at the newest */
    bool marks[PLOT_MAX_W] = {false};
    for (int i = first; i < n; i++)
        marks[(i - first) / per_cell] = marks[(i - first) / per_cell] || changed[i];
    plot_scale xs;
    double ticks[16];
    int cells[16], nx = 0;
    if (shown > 1 && plot_scale_init(&xs, -(shown - 1), 0, false, shown)) {
        double raw[16];
        int max = f.pw / 6 < 16 ? f.pw / 6 : 16;
        const int nt = plot_ticks(&xs, raw, max < 2 ? 2 : max);
        for (int i = 0; i < nt; i++) {
            const int index = n - 1 + (int)lround(raw[i]);
            if (index < first)
                continue;
            ticks[nx] = raw[i];
            cells[nx++] = (index - first) / per_cell;
        }
    }
    frame_draw(&f, r, rows, cells, ticks, nx, marks, "samples");
}

/* ---- roofline ------------------------------------------------------------------------ */

static bool figures_message(const rect *r, const view *v)
{
    if (v->figures_state == FIGURES_READY)
        return false;
    if (v->figures_state == FIGURES_MEASURING)
        centred2(r, "measuring this machine's peak and bandwidth...", "peak: measuring...");
    else
        centred2(r, "peak not measured: run `tttop machine`", "peak: not measured");
    return true;
}

/* A point's letter at its cell, or at the nearest free cell around it when another
 * letter is there (points of the same x or y). */
static void put_marker(int x, int y, char letter)
{
    static const int around[][2] = {{0, 0}, {-1, 0},  {1, 0},  {0, -1}, {0, 1}, {-2, 0},
                                    {2, 0}, {-1, -1}, {-1, 1}, {1, -1}, {1, 1}, {-3, 0}};
    int col, row;
    plot_cell_of(&canvas, x, y, &col, &row);
    const char text[2] = {letter, '\0'};
    for (size_t i = 0; i < sizeof around / sizeof around[0]; i++) {
        const int c = col + around[i][0], r = row + around[i][1];
        if (c >= 0 && c < canvas.w && r >= 0 && r < canvas.h && !plot_text_at(&canvas, c, r)) {
            plot_text(&canvas, c, r, text);
            return;
        }
    }
}

/* Text at a cell where it does not cover other text; tries the rows given in turn. */
static void put_label(int col, const int *rows, int nrows, const char *text)
{
    const int len = (int)strlen(text);
    if (col + len > canvas.w)
        col = canvas.w - len;
    if (col < 0)
        col = 0;
    for (int i = 0; i < nrows; i++) {
        bool clear = rows[i] >= 0 && rows[i] < canvas.h;
        for (int c = col - 1; clear && c <= col + len; c++) /* a cell clear on each side */
            clear = !plot_text_at(&canvas, c, rows[i]);
        if (clear) {
            plot_text(&canvas, col, rows[i], text);
            return;
        }
    }
}

static void draw_roofline(const rect *r, const view *v)
{
    const experiment *e = &v->snap->wanted;
    const int threads = experiment_threads(e);
    char title[96];
    snprintf(title, sizeof title, "roofline, %d thread%s, log-log", threads,
             threads > 1 ? "s" : "");
    box_title(r, title, "roofline");
    if (figures_message(r, v))
        return;
    const machine_figures *fig = &v->figures;
    const double peak = figures_peak_for(fig, NULL, machine_usable_cores(threads));
    const double bw =
        threads > 1 && isfinite(fig->bw_all_threads) ? fig->bw_all_threads : fig->bw_one_thread;
    if (!(peak > 0) || !(bw > 0)) {
        centred(r, "no bandwidth measured: run `tttop machine --remeasure`");
        return;
    }
    const double ridge = peak / bw;
    /* the points: every variant's latest row at this setting */
    const result_row *ladder[MAX_VARIANTS] = {NULL};
    const int nv = variants_count() < MAX_VARIANTS ? variants_count() : MAX_VARIANTS;
    results_ladder(v->model, e, ladder);
    double ai[MAX_VARIANTS], gf[MAX_VARIANTS];
    bool shown[MAX_VARIANTS] = {false};
    double xlo = ridge, xhi = ridge, ylo = peak, yhi = peak;
    const double bytes = experiment_min_bytes(e);
    for (int i = 0; i < nv; i++) {
        if (!ladder[i] || !(bytes > 0) || !(ladder[i]->s.gflops > 0))
            continue;
        ai[i] = ladder[i]->s.flops / bytes;
        gf[i] = ladder[i]->s.gflops;
        shown[i] = true;
        xlo = ai[i] < xlo ? ai[i] : xlo;
        xhi = ai[i] > xhi ? ai[i] : xhi;
        ylo = gf[i] < ylo ? gf[i] : ylo;
        yhi = gf[i] > yhi ? gf[i] : yhi;
    }
    xlo /= 4, xhi *= 4;
    plot_nice_range(&xlo, &xhi, true);
    ylo = fmin(ylo / 2, bw * xlo);
    yhi *= 2.5;
    plot_nice_range(&ylo, &yhi, true);
    frame f;
    plot_scale xs;
    if (!frame_begin(&f, r, v, ylo, yhi, true) || !frame_canvas(&f, &xs, xlo, xhi, true))
        return;
    /* the roof: min(peak, bandwidth x AI) at every dot column */
    int px = -1, py = -1;
    for (int x = 0; x < plot_dots_x(&canvas); x++) {
        const double roof = fmin(peak, bw * plot_value_at(&xs, x));
        int y;
        if (plot_map(&f.ys, roof, &y) == PLOT_NONE)
            continue;
        if (px >= 0)
            plot_line(&canvas, px, py, x, y);
        px = x, py = y;
    }
    char text[64], num[32];
    bool any = false;
    for (int i = 0; i < nv; i++)
        any = any || shown[i];
    if (any) {
        legend(shown, f.pw, text, sizeof text);
        plot_text(&canvas, 0, 0, text);
    }
    /* the points before the labels, which then keep clear of them */
    for (int i = 0; i < nv; i++) {
        int x, y;
        if (!shown[i])
            continue;
        plot_map(&xs, ai[i], &x);
        plot_map(&f.ys, gf[i], &y);
        put_marker(x, y, chart_variant_letter(i));
    }
    /* labels of the roofs and the ridge */
    int rx, ry, col, row;
    plot_map(&xs, ridge, &rx);
    plot_map(&f.ys, peak, &ry);
    plot_cell_of(&canvas, rx, ry, &col, &row);
    plot_text(&canvas, col, row, "+");
    format_gflops(num, sizeof num, peak);
    snprintf(text, sizeof text, "peak %s GFLOP/s", num);
    const int peak_rows[] = {row - 1, row + 1, row - 2, row + 2};
    put_label(col + 2, peak_rows, 4, text);
    snprintf(text, sizeof text, "ridge %.3g", ridge);
    const int ridge_rows[] = {row + 1, row + 2, row - 1};
    put_label(col - (int)strlen(text) / 2, ridge_rows, 3, text);
    /* the slope's label, a third of the way along it */
    int sx, sy;
    const double at = xlo * pow(ridge / xlo, 0.35);
    plot_map(&xs, at, &sx);
    plot_map(&f.ys, bw * at, &sy);
    plot_cell_of(&canvas, sx, sy, &col, &row);
    format_gflops(num, sizeof num, bw);
    snprintf(text, sizeof text, "%s GB/s", num);
    const int bw_rows[] = {row - 1, row - 2, row + 1};
    put_label(col - (int)strlen(text), bw_rows, 3, text);
    if (!any) {
        const int rows[] = {f.ph - 1};
        put_label(1, rows, 1,
                  e->workload == WORKLOAD_MATMUL ? "no variant measured here yet (s sweeps)"
                                                 : "points: matmul workloads only");
    }
    static char storage[PLOT_MAX_H][MAX_ROW_BYTES];
    char *rows[PLOT_MAX_H];
    canvas_rows(rows, storage, f.ph);
    double ticks[16];
    int cells[16];
    const int nx = x_ticks(&f, &xs, ticks, cells);
    frame_draw(&f, r, rows, cells, ticks, nx, NULL, "FLOP/B");
}

/* ---- the sweeps ---------------------------------------------------------------------- */

/* GFLOP/s of a sweep point: > 0 measured, 0 not yet, -1 skipped, -2 failed its check. */
static double point_value(const view *v, const experiment *p)
{
    const result_row *row = results_find(v->model, p);
    if (row)
        return row->s.verdict == CHECK_FAIL ? -2.0 : row->s.gflops > 0 ? row->s.gflops : 0.0;
    return results_skipped(v->model, p) ? -1.0 : 0.0;
}

/* The skipped mark: an x on the bottom row at the point's column. */
static void mark_skipped(int x)
{
    int col, row;
    plot_cell_of(&canvas, x, 0, &col, &row);
    plot_text(&canvas, col, canvas.h - 1, "x");
}

/* Points this sweep has measured (rows older than it do not count) or skipped. */
static void sweep_progress(const sweep_view *s, const view *v, int *done)
{
    *done = 0;
    for (int i = 0; i < s->npoints; i++) {
        const result_row *row = results_find(v->model, &s->points[i]);
        *done += (row && row->s.seq > s->start_seq) || results_skipped(v->model, &s->points[i]);
    }
}

static void draw_size_sweep(const rect *r, const view *v)
{
    const sweep_view *s = v->size_sweep;
    char title[96];
    int done = 0;
    if (s && s->npoints > 0)
        sweep_progress(s, v, &done);
    if (s && s->npoints > 0 && done < s->npoints)
        snprintf(title, sizeof title, "size sweep: GFLOP/s vs n, %d/%d", done, s->npoints);
    else
        snprintf(title, sizeof title, "size sweep: GFLOP/s vs n");
    box_title(r, title, "size sweep");
    if (!s || s->npoints == 0) {
        char hint[96], brief[64];
        if (v->snap->wanted.workload == WORKLOAD_MATMUL) {
            snprintf(hint, sizeof hint, "S measures every variant at sizes up to n=%d",
                     v->snap->wanted.n);
            snprintf(brief, sizeof brief, "S: every variant, n up to %d", v->snap->wanted.n);
        } else {
            snprintf(hint, sizeof hint, "S sweeps matmul sizes (w: workload)");
            snprintf(brief, sizeof brief, "S: matmul only (w)");
        }
        centred2(r, hint, brief);
        return;
    }
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (int i = 0; i < s->npoints; i++) {
        const double g = point_value(v, &s->points[i]);
        xlo = fmin(xlo, s->points[i].n);
        xhi = fmax(xhi, s->points[i].n);
        if (g > 0)
            ylo = fmin(ylo, g), yhi = fmax(yhi, g);
    }
    if (!isfinite(ylo))
        ylo = 1, yhi = 10;
    ylo /= 1.5, yhi *= 1.5;
    plot_nice_range(&ylo, &yhi, true);
    frame f;
    plot_scale xs;
    if (!frame_begin(&f, r, v, ylo, yhi, true) || !frame_canvas(&f, &xs, xlo, xhi, true))
        return;
    bool shown[MAX_VARIANTS] = {false};
    const int nv = variants_count() < MAX_VARIANTS ? variants_count() : MAX_VARIANTS;
    for (int var = 0; var < nv; var++) {
        int px = -1, py = -1, lx = -1, ly = -1;
        for (int i = 0; i < s->npoints; i++) {
            if (s->points[i].variant != var)
                continue;
            const double g = point_value(v, &s->points[i]);
            int x, y;
            plot_map(&xs, s->points[i].n, &x);
            if (g == -1.0) {
                mark_skipped(x);
                continue;
            }
            if (!(g > 0) || plot_map(&f.ys, g, &y) == PLOT_NONE)
                continue;
            if (px >= 0)
                plot_line(&canvas, px, py, x, y);
            else
                plot_dot(&canvas, x, y, '.');
            px = lx = x, py = ly = y;
        }
        if (lx >= 0) {
            shown[var] = true;
            put_marker(lx, ly, chart_variant_letter(var));
        }
    }
    char text[160];
    legend(shown, f.pw, text, sizeof text);
    plot_text(&canvas, 0, 0, text);
    static char storage[PLOT_MAX_H][MAX_ROW_BYTES];
    char *rows[PLOT_MAX_H];
    canvas_rows(rows, storage, f.ph);
    double ticks[16];
    int cells[16];
    const int nx = x_ticks(&f, &xs, ticks, cells);
    frame_draw(&f, r, rows, cells, ticks, nx, NULL, "n");
}

const result_row *chart_block_best(const view *v)
{
    const sweep_view *s = v->block_sweep;
    const result_row *best = NULL;
    for (int i = 0; s && i < s->npoints; i++) {
        const result_row *row = results_find(v->model, &s->points[i]);
        if (row && row->s.verdict != CHECK_FAIL && row->s.gflops > 0 &&
            (!best || row->s.gflops > best->s.gflops))
            best = row;
    }
    return best;
}

/* x of a block sweep point: the knob's value when one knob varies, else its number. */
static double block_x(const sweep_view *s, int i)
{
    return s->nknobs == 1 ? s->points[i].knob[s->knobs[0]] : i + 1;
}

static void draw_block_sweep(const rect *r, const view *v)
{
    const sweep_view *s = v->block_sweep;
    const int variant = s && s->npoints ? s->points[0].variant : v->snap->wanted.variant;
    char title[96], xunit[32] = "candidate";
    int done = 0;
    if (s && s->npoints > 0) {
        sweep_progress(s, v, &done);
        if (s->nknobs == 1)
            snprintf(xunit, sizeof xunit, "%s", variants_knob(s->knobs[0])->label);
    }
    if (s && s->npoints > 0 && done < s->npoints)
        snprintf(title, sizeof title, "block sweep: %s, %d/%d", variant_name(variant), done,
                 s->npoints);
    else
        snprintf(title, sizeof title, "block sweep: %s", variant_name(variant));
    box_title(r, title, "block sweep");
    if (!s || s->npoints == 0) {
        centred2(r, "u sweeps the block sizes of the variant shown", "u: sweep its block sizes");
        return;
    }
    double xlo = INFINITY, xhi = -INFINITY, yhi = 0;
    for (int i = 0; i < s->npoints; i++) {
        xlo = fmin(xlo, block_x(s, i));
        xhi = fmax(xhi, block_x(s, i));
        yhi = fmax(yhi, point_value(v, &s->points[i]));
    }
    const bool xlog = s->nknobs == 1 && xlo > 0 && xhi / xlo >= 8;
    double ylo = 0;
    if (!(yhi > 0))
        yhi = 1;
    plot_nice_range(&ylo, &yhi, false);
    frame f;
    plot_scale xs;
    if (!frame_begin(&f, r, v, ylo, yhi, false) || !frame_canvas(&f, &xs, xlo, xhi, xlog))
        return;
    const result_row *best = chart_block_best(v);
    int px = -1, py = -1, bx = -1, by = -1;
    for (int i = 0; i < s->npoints; i++) {
        const double g = point_value(v, &s->points[i]);
        int x, y;
        plot_map(&xs, block_x(s, i), &x);
        if (g == -1.0 || g == -2.0) {
            mark_skipped(x);
            continue;
        }
        if (!(g > 0) || plot_map(&f.ys, g, &y) == PLOT_NONE)
            continue;
        if (px >= 0)
            plot_line(&canvas, px, py, x, y);
        else
            plot_dot(&canvas, x, y, '.');
        px = x, py = y;
        if (best && experiment_same_run(&best->s.exp, &s->points[i]))
            bx = x, by = y;
    }
    if (best && bx >= 0) {
        char text[96], num[32], values[48] = "";
        size_t used = 0;
        for (int k = 0; k < s->nknobs && used < sizeof values; k++) {
            int n = snprintf(values + used, sizeof values - used, "%s%d", k ? "/" : "",
                             best->s.exp.knob[s->knobs[k]]);
            used += n > 0 ? (size_t)n : 0;
        }
        format_gflops(num, sizeof num, best->s.gflops);
        snprintf(text, sizeof text, "best %s: %s", values, num);
        int col, row;
        plot_cell_of(&canvas, bx, by, &col, &row);
        plot_text(&canvas, col, row, "*");
        const int rows[] = {row - 1, row + 1, row};
        put_label(col + 1, rows, 3, text);
    }
    static char storage[PLOT_MAX_H][MAX_ROW_BYTES];
    char *rows[PLOT_MAX_H];
    canvas_rows(rows, storage, f.ph);
    double ticks[16];
    int cells[16];
    const int nx = x_ticks(&f, &xs, ticks, cells);
    frame_draw(&f, r, rows, cells, ticks, nx, NULL, xunit);
}

void panel_chart(const rect *r, const view *v)
{
    switch (v->chart) {
    case CHART_ROOFLINE:
        draw_roofline(r, v);
        break;
    case CHART_SIZE_SWEEP:
        draw_size_sweep(r, v);
        break;
    case CHART_BLOCK_SWEEP:
        draw_block_sweep(r, v);
        break;
    default:
        draw_history(r, v);
    }
}
