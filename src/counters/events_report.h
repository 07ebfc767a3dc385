/* What `tttop events` prints: every event, countable or not and why, and the host facts. */
#ifndef TTTOP_EVENTS_REPORT_H
#define TTTOP_EVENTS_REPORT_H

#include <stdio.h>

/* The default events plus extra_names; returns 0, or -1 on a write error. */
int events_report_print(FILE *out, const char *const *extra_names, int nextra);

#endif
