#include "chart.h"

#include <math.h>
#include <string.h>

/* Braille dot bits, by column (0 = left) and row (0 = top) inside one cell. */
static const unsigned char braille_bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};

double chart_nice_top(const double *values, int count)
{
    double max = 0.0;
    for (int i = 0; i < count; i++)
        if (isfinite(values[i]) && values[i] > max)
            max = values[i];
    if (max <= 0.0)
        return 1.0;
    double p = pow(10.0, floor(log10(max)));
    static const double steps[] = {1.0, 2.0, 5.0, 10.0};
    for (int i = 0; i < 4; i++)
        if (steps[i] * p >= max)
            return steps[i] * p;
    return 10.0 * p;
}

/* U+2800 + bits as UTF-8 (3 bytes). */
static size_t put_braille(char *out, unsigned bits)
{
    unsigned cp = 0x2800 + bits;
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

static int level_of(double v, double top, int levels)
{
    if (!isfinite(v) || top <= 0.0)
        return -1;
    int lv = (int)lround(v / top * (levels - 1));
    return lv < 0 ? 0 : lv > levels - 1 ? levels - 1 : lv;
}

int chart_render(const double *values, int count, double top, int w, int h, chart_style style,
                 char **rows, size_t row_len)
{
    if (w <= 0 || h <= 0)
        return 0;
    const int per_cell = style == CHART_BRAILLE ? 2 : 1;
    const int dots_y = style == CHART_BRAILLE ? 4 : 1;
    const int shown = count < w * per_cell ? count : w * per_cell;
    const int first = count - shown;
    for (int r = 0; r < h; r++) {
        size_t used = 0;
        char *out = rows[r];
        for (int c = 0; c < w && used + 4 < row_len; c++) {
            unsigned bits = 0;
            bool any = false;
            for (int sub = 0; sub < per_cell; sub++) {
                int i = first + c * per_cell + sub;
                if (i >= count)
                    continue;
                int lv = level_of(values[i], top, h * dots_y);
                if (lv < 0)
                    continue;
                /* the dot row of this level, counted from the top of the chart */
                int from_top = h * dots_y - 1 - lv;
                int cell_row = from_top / dots_y;
                if (style == CHART_BRAILLE) {
                    /* fill from the point down to the bottom: an area reads better */
                    for (int d = 0; d < dots_y; d++) {
                        int dot_from_top = r * dots_y + d;
                        if (dot_from_top >= from_top)
                            bits |= braille_bit[sub][d];
                    }
                } else if (r >= cell_row) {
                    any = true;
                }
            }
            if (style == CHART_BRAILLE && bits)
                used += put_braille(out + used, bits);
            else
                out[used++] = any ? '#' : ' ';
        }
        out[used] = '\0';
    }
    return shown;
}

void chart_axis(const bool *marks, int count, int w, chart_style style, char *out, size_t len)
{
    const int per_cell = style == CHART_BRAILLE ? 2 : 1;
    const int shown = count < w * per_cell ? count : w * per_cell;
    const int first = count - shown;
    size_t used = 0;
    for (int c = 0; c < w && used + 4 < len; c++) {
        bool mark = false;
        for (int sub = 0; sub < per_cell; sub++) {
            int i = first + c * per_cell + sub;
            mark = mark || (i < count && marks[i]);
        }
        if (mark && style == CHART_BRAILLE) {
            memcpy(out + used, "\xe2\x96\xb2", 3); /* U+25B2 black up-pointing triangle */
            used += 3;
        } else {
            out[used++] = mark ? '^' : (style == CHART_BRAILLE ? ' ' : '-');
        }
    }
    out[used] = '\0';
}
