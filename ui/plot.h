/* Charts with axes a student can read a value off: scales (linear or log) that map a value
 * to a position, 1-2-5 ticks and short labels, and a canvas of character cells that takes
 * dots and lines (braille, 2x4 dots a cell, in UTF-8 terminals; one ASCII character a cell
 * otherwise) and text. Pure: everything fills memory, nothing draws on the terminal. */
#ifndef TTTOP_PLOT_H
#define TTTOP_PLOT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct plot_scale {
    double lo, hi; /* the range shown; both > 0 on a log scale */
    bool log;
    int span; /* positions 0 .. span - 1, 0 at lo */
} plot_scale;

typedef enum plot_where {
    PLOT_IN = 0,
    PLOT_BELOW, /* under lo (or 0 or negative on a log scale): clamped to position 0 */
    PLOT_ABOVE, /* over hi: clamped to span - 1 */
    PLOT_NONE,  /* NaN or infinite: no position */
} plot_where;

/* A scale over [lo, hi] with span positions. An empty range (lo == hi, one point) is
 * widened around the value; swapped ends are swapped back; on a log scale a lo that is
 * not positive becomes hi / 1000. false (and *s unusable) when no range can be made:
 * span < 1, an end that is not finite, a log scale with hi <= 0. */
bool plot_scale_init(plot_scale *s, double lo, double hi, bool log, int span);
/* Position of v on the scale; see plot_where. *pos is -1 for PLOT_NONE. */
plot_where plot_map(const plot_scale *s, double v, int *pos);
/* The value at a position (the inverse of plot_map inside the range). */
double plot_value_at(const plot_scale *s, int pos);
/* Widen [*lo, *hi] outward to nice values: multiples of a 1-2-5 step (linear, and 0 kept
 * as the floor when lo >= 0), or 1-2-5 x 10^k (log). */
void plot_nice_range(double *lo, double *hi, bool log);
/* Tick values inside the scale's range, ascending: multiples of a 1-2-5 step (linear);
 * powers of ten, with 2 and 5 between them when few decades are shown (log). At most
 * max_ticks; returns how many. */
int plot_ticks(const plot_scale *s, double *out, int max_ticks);
/* A tick label of at most 5 characters: "0", "0.5", "2.5", "10", "250", "1k", "2.5k",
 * "10M", "0.01". */
char *plot_label(char *buf, size_t len, double v);
/* Labels placed under tick cells in a row `width` cells wide: each centred on its cell
 * where it fits, skipped where it would touch its neighbour. cells[i] is tick i's cell.
 * Writes ASCII into out (width characters and a NUL). Returns labels placed. */
int plot_label_row(const double *ticks, const int *cells, int n, int width, char *out, size_t len);

#define PLOT_MAX_W 256
#define PLOT_MAX_H 64

typedef struct plot_canvas {
    int w, h; /* cells */
    bool braille;
    unsigned char bits[PLOT_MAX_H][PLOT_MAX_W]; /* braille dots, or 1 when an ASCII dot */
    char mark[PLOT_MAX_H][PLOT_MAX_W];          /* ASCII: the dot's character */
    char text[PLOT_MAX_H][PLOT_MAX_W];          /* overlaid characters, 0 = none */
} plot_canvas;

/* w, h clamped to PLOT_MAX_W, PLOT_MAX_H (and at least 0). */
void plot_canvas_init(plot_canvas *c, int w, int h, bool braille);
/* Dots across and up: 2w x 4h in braille, w x h in ASCII. */
int plot_dots_x(const plot_canvas *c);
int plot_dots_y(const plot_canvas *c);
/* A dot at (x, y) in dots, y = 0 at the bottom; ASCII draws `ascii` there. Off the
 * canvas: ignored. */
void plot_dot(plot_canvas *c, int x, int y, char ascii);
/* A straight line of dots; in ASCII each cell takes '-', '|', '/' or '\\' by the slope. */
void plot_line(plot_canvas *c, int x0, int y0, int x1, int y1);
/* The cell (column, row from the top) of a dot. */
void plot_cell_of(const plot_canvas *c, int x, int y, int *col, int *row);
/* ASCII text at a cell (row from the top), over the dots, clipped at the edge. Returns
 * the characters placed. */
int plot_text(plot_canvas *c, int col, int row, const char *text);
/* Whether a cell holds text already. */
bool plot_text_at(const plot_canvas *c, int col, int row);
/* Row r (0 = the top) as UTF-8 (braille) or ASCII; an empty cell is a space. Returns the
 * bytes written (without the NUL). */
int plot_row(const plot_canvas *c, int r, char *out, size_t len);

#endif
