/* The interactive face: an ncurses dashboard over the runner. */
#ifndef TTTOP_DASHBOARD_H
#define TTTOP_DASHBOARD_H

#include <stdbool.h>

#include "config.h"
#include "experiment.h"

typedef struct dashboard_options {
    experiment initial;
    unsigned given; /* enum settings_given: from the command line */
    int delay_tenths;
    bool no_color; /* -C/--no-color or NO_COLOR set */
    bool ascii;
    long max_iterations; /* 0 = run until quit */
    const char *record_path;
    const char *const *events; /* NULL = defaults */
    int nevents;
    bool no_config;
} dashboard_options;

/* Runs until the user quits; returns the process exit status. */
int dashboard_run(const dashboard_options *opt);

#endif
