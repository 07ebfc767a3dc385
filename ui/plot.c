#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scales -------------------------------------------------------------------------- */

static double to_axis(const plot_scale *s, double v)
{
    return s->log ? log10(v) : v;
}

bool plot_scale_init(plot_scale *s, double lo, double hi, bool log, int span)
{
    memset(s, 0, sizeof *s);
    if (span < 1 || !isfinite(lo) || !isfinite(hi))
        return false;
    if (lo > hi) {
        const double t = lo;
        lo = hi;
        hi = t;
    }
    if (log) {
        if (hi <= 0)
            return false;
        if (lo <= 0)
            lo = hi / 1000.0;
        if (lo == hi) { /* one point: a decade around it */
            lo /= sqrt(10.0);
            hi *= sqrt(10.0);
        }
    } else if (lo == hi) {
        const double pad = lo == 0 ? 1.0 : fabs(lo) / 2;
        lo -= pad;
        hi += pad;
    }
    *s = (plot_scale){.lo = lo, .hi = hi, .log = log, .span = span};
    return true;
}

plot_where plot_map(const plot_scale *s, double v, int *pos)
{
    *pos = -1;
    if (!isfinite(v) || s->span < 1)
        return PLOT_NONE;
    if ((s->log && v <= 0) || v < s->lo) {
        *pos = 0;
        return PLOT_BELOW;
    }
    if (v > s->hi) {
        *pos = s->span - 1;
        return PLOT_ABOVE;
    }
    const double a = to_axis(s, s->lo), b = to_axis(s, s->hi);
    const double f = b > a ? (to_axis(s, v) - a) / (b - a) : 0.0;
    int p = (int)lround(f * (s->span - 1));
    *pos = p < 0 ? 0 : p > s->span - 1 ? s->span - 1 : p;
    return PLOT_IN;
}

double plot_value_at(const plot_scale *s, int pos)
{
    const double f = s->span > 1 ? (double)pos / (s->span - 1) : 0.0;
    const double a = to_axis(s, s->lo), b = to_axis(s, s->hi);
    const double x = a + f * (b - a);
    return s->log ? pow(10.0, x) : x;
}

/* The 1-2-5 x 10^k at or above (up) or at or below (!up) v > 0. */
static double nice_125(double v, bool up)
{
    const double p = pow(10.0, floor(log10(v)));
    static const double m[] = {1, 2, 5, 10};
    if (up) {
        for (int i = 0; i < 4; i++)
            if (m[i] * p >= v * (1 - 1e-9))
                return m[i] * p;
        return 10 * p;
    }
    for (int i = 3; i >= 0; i--)
        if (m[i] * p <= v * (1 + 1e-9))
            return m[i] * p;
    return p;
}

/* A 1-2-5 step giving at most `n` intervals over range. */
static double linear_step(double range, int n)
{
    return nice_125(range / (n > 0 ? n : 1), true);
}

void plot_nice_range(double *lo, double *hi, bool log)
{
    if (!isfinite(*lo) || !isfinite(*hi))
        return;
    if (log) {
        if (*hi > 0)
            *hi = nice_125(*hi, true);
        if (*lo > 0)
            *lo = nice_125(*lo, false);
        return;
    }
    if (*hi <= *lo)
        return;
    const double step = linear_step(*hi - *lo, 5);
    const bool floor_zero = *lo >= 0;
    *lo = floor(*lo / step) * step;
    *hi = ceil(*hi / step) * step;
    if (floor_zero && *lo < 0)
        *lo = 0;
}

static int linear_ticks(const plot_scale *s, double *out, int max_ticks)
{
    double step = linear_step(s->hi - s->lo, max_ticks);
    int n;
    for (int tries = 0; tries < 8; tries++, step = nice_125(step * 1.01, true)) {
        n = 0;
        const double first = ceil(s->lo / step - 1e-9) * step;
        for (double v = first; v <= s->hi * (1 + 1e-12) + 1e-12 && n < 64; v += step)
            if (n < max_ticks)
                out[n++] = fabs(v) < step * 1e-9 ? 0.0 : v;
            else
                n = max_ticks + 1;
        if (n <= max_ticks)
            return n;
    }
    return 0;
}

static int log_ticks(const plot_scale *s, double *out, int max_ticks)
{
    const int k0 = (int)floor(log10(s->lo) + 1e-9), k1 = (int)floor(log10(s->hi) + 1e-9);
    const int decades = k1 - k0 + 1;
    static const double within[] = {1, 2, 5};
    int n = 0;
    if (decades * 3 <= max_ticks + 2) { /* room for 1-2-5 */
        for (int k = k0; k <= k1; k++)
            for (int i = 0; i < 3; i++) {
                const double v = within[i] * pow(10.0, k);
                if (v >= s->lo * (1 - 1e-9) && v <= s->hi * (1 + 1e-9) && n < max_ticks)
                    out[n++] = v;
            }
        if (n >= 2)
            return n;
    }
    /* every decade, or every other one, ... until they fit */
    for (int every = 1; every <= decades; every++) {
        n = 0;
        for (int k = k0; k <= k1; k++) {
            const double v = pow(10.0, k);
            if ((k - k0) % every || v < s->lo * (1 - 1e-9) || v > s->hi * (1 + 1e-9))
                continue;
            if (n == max_ticks) {
                n = max_ticks + 1;
                break;
            }
            out[n++] = v;
        }
        if (n <= max_ticks)
            return n;
    }
    return 0;
}

int plot_ticks(const plot_scale *s, double *out, int max_ticks)
{
    if (max_ticks < 1 || s->span < 1 || !(s->hi > s->lo))
        return 0;
    return s->log ? log_ticks(s, out, max_ticks) : linear_ticks(s, out, max_ticks);
}

/* "2.5" rather than "2.50"; "10" rather than "10.0". */
static void trim_zeros(char *t)
{
    if (!strchr(t, '.'))
        return;
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == '0')
        t[--n] = '\0';
    if (n > 0 && t[n - 1] == '.')
        t[--n] = '\0';
}

char *plot_label(char *buf, size_t len, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "?");
        return buf;
    }
    static const char *const units[] = {"", "k", "M", "G", "T"};
    const double a = fabs(v);
    char num[32];
    if (a == 0) {
        snprintf(buf, len, "0");
    } else if (a < 1) {
        snprintf(num, sizeof num, a >= 0.1 ? "%.2f" : a >= 0.01 ? "%.3f" : "%.0e", v);
        trim_zeros(num);
        snprintf(buf, len, "%s", num);
    } else {
        int u = 0;
        double x = v;
        while (fabs(x) >= 999.5 && u < 4) {
            x /= 1000.0;
            u++;
        }
        snprintf(num, sizeof num, fabs(x) < 9.95 ? "%.1f" : "%.0f", x);
        trim_zeros(num);
        snprintf(buf, len, "%s%s", num, units[u]);
    }
    return buf;
}

int plot_label_row(const double *ticks, const int *cells, int n, int width, char *out, size_t len)
{
    if (len == 0)
        return 0;
    const int w = width < (int)len - 1 ? width : (int)len - 1;
    memset(out, ' ', (size_t)(w > 0 ? w : 0));
    out[w > 0 ? w : 0] = '\0';
    int placed = 0, free_from = 0;
    for (int i = 0; i < n; i++) {
        char label[16];
        plot_label(label, sizeof label, ticks[i]);
        const int lw = (int)strlen(label);
        int x = cells[i] - (lw - 1) / 2;
        if (x < 0)
            x = 0;
        if (x + lw > w)
            x = w - lw;
        if (x < free_from || x < 0)
            continue;
        memcpy(out + x, label, (size_t)lw);
        free_from = x + lw + 1; /* a space between labels */
        placed++;
    }
    return placed;
}

/* ---- the canvas ---------------------------------------------------------------------- */

/* Braille dot bits, by column (0 = left) and row (0 = top) inside one cell. */
static const unsigned char braille_bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};

void plot_canvas_init(plot_canvas *c, int w, int h, bool braille)
{
    c->w = w < 0 ? 0 : w > PLOT_MAX_W ? PLOT_MAX_W : w;
    c->h = h < 0 ? 0 : h > PLOT_MAX_H ? PLOT_MAX_H : h;
    c->braille = braille;
    memset(c->bits, 0, sizeof c->bits);
    memset(c->mark, 0, sizeof c->mark);
    memset(c->text, 0, sizeof c->text);
}

int plot_dots_x(const plot_canvas *c)
{
    return c->braille ? 2 * c->w : c->w;
}

int plot_dots_y(const plot_canvas *c)
{
    return c->braille ? 4 * c->h : c->h;
}

void plot_cell_of(const plot_canvas *c, int x, int y, int *col, int *row)
{
    const int from_top = plot_dots_y(c) - 1 - y;
    *col = c->braille ? x / 2 : x;
    *row = c->braille ? from_top / 4 : from_top;
}

void plot_dot(plot_canvas *c, int x, int y, char ascii)
{
    if (x < 0 || y < 0 || x >= plot_dots_x(c) || y >= plot_dots_y(c))
        return;
    int col, row;
    plot_cell_of(c, x, y, &col, &row);
    if (c->braille) {
        const int from_top = plot_dots_y(c) - 1 - y;
        c->bits[row][col] |= braille_bit[x % 2][from_top % 4];
    } else {
        c->bits[row][col] = 1;
        c->mark[row][col] = ascii;
    }
}

static char slope_char(int dx, int dy)
{
    if (dy == 0)
        return '-';
    if (dx == 0 || abs(dy) > 2 * abs(dx))
        return '|';
    if (abs(dx) > 2 * abs(dy))
        return '-';
    return (dx > 0) == (dy > 0) ? '/' : '\\';
}

void plot_line(plot_canvas *c, int x0, int y0, int x1, int y1)
{
    const char ch = slope_char(x1 - x0, y1 - y0);
    int dx = abs(x1 - x0), dy = -abs(y1 - y0);
    const int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (int guard = 0; guard < 4 * (PLOT_MAX_W + PLOT_MAX_H) * 4; guard++) {
        plot_dot(c, x0, y0, ch);
        if (x0 == x1 && y0 == y1)
            break;
        const int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

int plot_text(plot_canvas *c, int col, int row, const char *text)
{
    if (row < 0 || row >= c->h)
        return 0;
    int n = 0;
    for (; text[n] && col + n < c->w; n++)
        if (col + n >= 0)
            c->text[row][col + n] = text[n] >= ' ' && text[n] <= '~' ? text[n] : '?';
    return n;
}

bool plot_text_at(const plot_canvas *c, int col, int row)
{
    return row >= 0 && row < c->h && col >= 0 && col < c->w && c->text[row][col];
}

int plot_row(const plot_canvas *c, int r, char *out, size_t len)
{
    size_t used = 0;
    if (len == 0)
        return 0;
    for (int col = 0; r >= 0 && r < c->h && col < c->w && used + 4 < len; col++) {
        if (c->text[r][col]) {
            out[used++] = c->text[r][col];
        } else if (c->braille && c->bits[r][col]) {
            const unsigned cp = 0x2800u + c->bits[r][col];
            out[used++] = (char)(0xE0 | (cp >> 12));
            out[used++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[used++] = (char)(0x80 | (cp & 0x3F));
        } else if (!c->braille && c->bits[r][col]) {
            out[used++] = c->mark[r][col] ? c->mark[r][col] : '.';
        } else {
            out[used++] = ' ';
        }
    }
    out[used] = '\0';
    return (int)used;
}
