/* What every panel draws from: the runner's snapshot, the results model, the machine, and
 * the dashboard's own state. Panels are small objects placed by the layout from a list. */
#ifndef TTTOP_VIEW_H
#define TTTOP_VIEW_H

#include <stdbool.h>

#include "core/results.h"
#include "core/runner.h"
#include "layout.h"
#include "machine/hostinfo.h"
#include "screen.h"

/* The guided tour's step, as its panels draw it (tttop demo). */
typedef struct demo_view {
    int step, count;
    bool summary;               /* the closing comparison table */
    const char *title;          /* "3/9 reordered" */
    const char *caption;        /* lines separated by '\n' */
    experiment matmul, network; /* the summary's two settings */
} demo_view;

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

#endif
