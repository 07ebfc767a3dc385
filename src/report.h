/* The headless face's writers: results as a table, CSV or JSON. */
#ifndef TTTOP_REPORT_H
#define TTTOP_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "counters.h"
#include "sample.h"

typedef enum report_format { REPORT_TABLE = 0, REPORT_CSV, REPORT_JSON } report_format;

/* A measured setting with the comparisons bench reports beside it. */
typedef struct report_row {
    sample s;
    double slowdown_vs_openblas; /* t_median / openblas t_median at the same setting */
    double speedup_vs_naive;     /* naive t_median / t_median */
} report_row;

typedef struct report {
    report_row *rows;
    int count, cap;
    const counter_event *events; /* the set's events, counters_count() of them */
    int nevents;
    const char *counter_summary;
} report;

int report_add(report *r, const sample *s); /* 0, or -1 when out of memory */
/* Fill slowdown/speedup of every row from the naive and openblas rows at its setting. */
void report_compare(report *r);
void report_free(report *r);

/* One result as the JSON object bench and --record write. */
json_t *report_result_json(const report_row *row, const counter_event *events, int nevents);
json_t *report_machine_json(void);
json_t *report_counter_status_json(const counter_event *events, int nevents);

int report_write_json(const report *r, FILE *out);
int report_write_csv(const report *r, FILE *out);
int report_write_table(const report *r, FILE *out);

/* A short column title for an event: "PAPI_L1_DCM" -> "L1_DCM", "perf::TASK-CLOCK" ->
 * "TASK-CLOCK". */
const char *report_event_short_name(const char *name);

#endif
