/* What every panel draws from: the runner's snapshot, the results model, the machine, and
 * the dashboard's own state. Panels are small objects placed by the layout from a list. */
#ifndef TTTOP_VIEW_H
#define TTTOP_VIEW_H

#include <stdbool.h>

#include "core/results.h"
#include "core/runner.h"
#include "layout.h"
#include "machine/hostinfo.h"
#include "machine/peak.h"
#include "screen.h"

/* The guided tour's step, as its panels draw it (tttop demo). */
typedef struct demo_view {
    int step, count;
    bool summary;               /* the closing comparison table */
    const char *title;          /* "3/9 reordered" */
    const char *caption;        /* lines separated by '\n' */
    experiment matmul, network; /* the summary's two settings */
} demo_view;

/* What the chart panel shows; `g` cycles through them in this order. */
typedef enum chart_mode {
    CHART_HISTORY = 0, /* GFLOP/s (or the loss) of the recent samples */
    CHART_ROOFLINE,    /* every variant at the setting against the measured roofs */
    CHART_SIZE_SWEEP,  /* GFLOP/s against n, one line per variant (S) */
    CHART_BLOCK_SWEEP, /* GFLOP/s against the tuned block size (u) */
    CHART_MODES,
} chart_mode;

#define SWEEP_MAX_POINTS 160

/* A sweep the dashboard started: its points (the runner's plan); the chart reads each
 * point's row, or its skipped mark, from the results model. */
typedef struct sweep_view {
    experiment base;    /* the setting it was started at */
    uint64_t start_seq; /* samples published before it: later ones are its own */
    int npoints;        /* 0: none started */
    experiment points[SWEEP_MAX_POINTS];
    int knobs[VARIANT_MAX_KNOBS]; /* block sweep: the knobs its candidates vary */
    int nknobs;
    double cap_s; /* the time cap per point */
} sweep_view;

typedef struct view {
    const runner_snapshot *snap;
    const results *model;
    const result_row *current; /* the wanted run's row, NULL until its first sample */
    const hostinfo *host;
    screen_caps caps;
    const char *message; /* one line for the status bar, or "" */
    bool paused;
    const demo_view *demo;  /* NULL outside the demo */
    bool simulating;        /* simulated counters are wanted (--counters, auto without PMU) */
    const char *sim_status; /* what the simulation does now, or why it cannot run, or "" */
    bool sim_failed;        /* sim_status is a failure or a reason */
    chart_mode chart;
    const sweep_view *size_sweep, *block_sweep;
    figures_state figures_state;
    machine_figures figures; /* valid when figures_state is FIGURES_READY */
} view;

typedef struct panel {
    const char *name;
    void (*draw)(const rect *r, const view *v);
} panel;

/* Indexed by panel_id. */
extern const panel panels[PANEL_COUNT];

void panel_header(const rect *r, const view *v);
void panel_status(const rect *r, const view *v);
void panel_experiment(const rect *r, const view *v);
void panel_readings(const rect *r, const view *v);
void panel_counters(const rect *r, const view *v);
void panel_chart(const rect *r, const view *v);
void panel_ladder(const rect *r, const view *v);
void panel_profile(const rect *r, const view *v);
void panel_footer(const rect *r, const view *v);
void panel_caption(const rect *r, const view *v);
void panel_summary(const rect *r, const view *v);
void panel_help(int rows, int cols, const view *v);

/* Lines the experiment panel needs: workload, variant, size, and one per keyed knob. */
int panel_experiment_lines(void);

/* The block sweep's best point (highest GFLOP/s among those that passed their check), or
 * NULL while none is measured. */
const result_row *chart_block_best(const view *v);
/* One letter per variant for chart markers: the first letter of its name no earlier
 * variant took. */
char chart_variant_letter(int variant);

#endif
