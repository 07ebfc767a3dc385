/* What every panel draws from: one runner snapshot plus the dashboard's own state. */
#ifndef TTTOP_VIEW_H
#define TTTOP_VIEW_H

#include <stdbool.h>

#include "hostinfo.h"
#include "layout.h"
#include "runner.h"
#include "screen.h"

typedef struct view {
    const runner_snapshot *snap;
    const hostinfo *host;
    screen_caps caps;
    const char *message; /* one line for the status bar, or "" */
    bool paused;
} view;

void panel_header(const rect *r, const view *v);
void panel_status(const rect *r, const view *v);
void panel_experiment(const rect *r, const view *v);
void panel_readings(const rect *r, const view *v);
void panel_counters(const rect *r, const view *v);
void panel_chart(const rect *r, const view *v);
void panel_ladder(const rect *r, const view *v);
void panel_profile(const rect *r, const view *v);
void panel_footer(const rect *r, const view *v);
void panel_help(int rows, int cols, const view *v);

#endif
