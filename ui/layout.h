/* Where each panel goes for a terminal size: pure arithmetic, unit-tested at many sizes.
 * Panels are dropped in reverse priority when the terminal is small, never squeezed to
 * nonsense; the essentials (header, experiment, readings, key bar) survive down to 40x12. */
#ifndef TTTOP_LAYOUT_H
#define TTTOP_LAYOUT_H

#include <stdbool.h>

typedef enum panel_id {
    PANEL_HEADER = 0, /* machine facts, one line */
    PANEL_STATUS,     /* the variant's lesson, or a message */
    PANEL_EXPERIMENT, /* the settings and their keys */
    PANEL_READINGS,   /* times, GFLOP/s, verdict, progress */
    PANEL_COUNTERS,   /* counters and derived metrics */
    PANEL_CHART,      /* GFLOP/s history, or the loss curve when training */
    PANEL_LADDER,     /* every variant at this setting */
    PANEL_PROFILE,    /* the per-layer profile (net, train) */
    PANEL_FOOTER,     /* key bar */
    PANEL_CAPTION,    /* the demo's caption of its step */
    PANEL_SUMMARY,    /* the demo's closing comparison table */
    PANEL_COUNT,
} panel_id;

typedef struct rect {
    bool visible;
    int y, x, h, w;
    bool boxed; /* has a border (content is inside, 1 cell in) */
} rect;

/* What the content needs, so that the layout fits it. */
typedef struct layout_needs {
    bool network;      /* net/train: the profile takes the ladder's place, the ladder may go
                          under it */
    int setting_lines; /* lines of the experiment panel */
    int ladder_rows;   /* variants in the ladder */
    int caption_lines; /* the demo's caption under the header; 0 outside the demo */
    bool summary;      /* the demo's summary table takes the tables' place */
    int counter_lines; /* lines the counters panel would like (0: the usual 2) */
    /* The chart: 0 where there is room for it; 1 shown whenever 40x12 allows (the user
     * asked for a chart: the settings shrink to a line, the readings to two); 2 shown and
     * wide (the roofline, the sweeps): under CHART_WIDE_COLS it takes the table's place. */
    int chart_priority;
} layout_needs;

#define CHART_WIDE_COLS 100

typedef struct layout {
    int rows, cols;
    rect panel[PANEL_COUNT];
} layout;

#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 12

void layout_compute(int cols, int rows, const layout_needs *needs, layout *out);

#endif
