/* Where each panel goes for a terminal size: pure arithmetic, unit-tested at many sizes.
 * Panels are dropped in reverse priority when the terminal is small, never squeezed to
 * nonsense; the essentials (header, experiment, readings, key bar) survive down to 40x12. */
#ifndef TTTOP_LAYOUT_H
#define TTTOP_LAYOUT_H

#include <stdbool.h>

typedef enum panel_id {
    PANEL_HEADER = 0, /* machine facts, one line */
    PANEL_STATUS,     /* counter status line */
    PANEL_EXPERIMENT, /* the settings and their keys */
    PANEL_READINGS,   /* times, GFLOP/s, verdict, progress */
    PANEL_COUNTERS,   /* counters and derived metrics */
    PANEL_CHART,      /* GFLOP/s history, or the loss curve when training */
    PANEL_TABLE,      /* the ladder (matmul) or the per-layer profile (net, train) */
    PANEL_LADDER2,    /* the ladder under the profile, when there is room */
    PANEL_FOOTER,     /* key bar */
    PANEL_COUNT,
} panel_id;

typedef struct rect {
    bool visible;
    int y, x, h, w;
    bool boxed; /* has a border (content is inside, 1 cell in) */
} rect;

typedef struct layout {
    int rows, cols;
    rect panel[PANEL_COUNT];
} layout;

#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 12

/* network: true in net/train mode (the table is the profile, the ladder may go below). */
void layout_compute(int cols, int rows, bool network, layout *out);

#endif
