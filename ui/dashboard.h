/* The interactive face: an ncurses dashboard over the runner. */
#ifndef TTTOP_DASHBOARD_H
#define TTTOP_DASHBOARD_H

#include <stdbool.h>

#include "experiment.h"

/* Which experiment fields came from the command line (they beat the saved config). */
enum dashboard_given {
    GIVEN_WORKLOAD = 1u << 0,
    GIVEN_VARIANT = 1u << 1,
    GIVEN_SIZE = 1u << 2,
    GIVEN_BATCH = 1u << 3,
    GIVEN_BLOCK = 1u << 4,
    GIVEN_THREADS = 1u << 5,
    GIVEN_DELAY = 1u << 6,
};

typedef struct dashboard_options {
    experiment initial;
    unsigned given; /* enum dashboard_given */
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
