/* A line of values drawn into a w x h block of character cells: braille (2x4 dots per
 * cell) in UTF-8 terminals, block characters, or plain ASCII. Pure: fills strings. */
#ifndef TTTOP_CHART_H
#define TTTOP_CHART_H

#include <stdbool.h>
#include <stddef.h>

typedef enum chart_style { CHART_BRAILLE, CHART_ASCII } chart_style;

/* The last values (NAN = gap) scaled to [0, top] as an area. rows[r] (r = 0 is the top
 * row) receives up to row_len bytes, NUL-terminated; each row is w cells wide. Returns
 * the number of values drawn (the newest ones that fit). */
int chart_render(const double *values, int count, double top, int w, int h, chart_style style,
                 char **rows, size_t row_len);
/* The row under the chart: a tick under each cell whose samples include a mark (a change
 * of setting), aligned with chart_render's cells. */
void chart_axis(const bool *marks, int count, int w, chart_style style, char *out, size_t len);

/* The scale's top: the maximum of the finite values, rounded up to 1, 2 or 5 x 10^k. */
double chart_nice_top(const double *values, int count);

#endif
