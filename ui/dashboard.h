/* The interactive face: an ncurses dashboard over the runner and a results model. */
#ifndef TTTOP_DASHBOARD_H
#define TTTOP_DASHBOARD_H

#include "cli/options.h"

/* Runs until the user quits; returns the process exit status (128 + the signal when one
 * stopped it). */
int dashboard_run(const cli *options);
/* The guided tour in the dashboard (tttop demo, tttop --demo): the same, walked step by
 * step. */
int dashboard_run_demo(const cli *options);

#endif
