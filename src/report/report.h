/* The headless face's writers: rows of a results model as a table, CSV or JSON, and one
 * JSON object per result for --record lines and exports. */
#ifndef TTTOP_REPORT_H
#define TTTOP_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/results.h"
#include "counters/counters.h"
#include "machine/figures.h"

typedef enum report_format { REPORT_TABLE = 0, REPORT_CSV, REPORT_JSON } report_format;

/* How the counts were taken: the events of the set (counters_count() of them, available
 * or not) and the one-line summary. */
typedef struct report_counters {
    const counter_event *events;
    int nevents;
    const char *summary;
    /* Simulated counters (core/simulate.h): NULL when not asked for, else a line saying
     * what simulated them, or why they could not be simulated. */
    const char *simulation;
} report_counters;

typedef struct report_style {
    bool wide; /* table: one long row per result, counters included */
} report_style;

/* 0, or -1 on a write error (the stream's error flag is left set). */
int report_write(report_format format, const results *r, const report_counters *c,
                 const report_style *style, FILE *out);
int report_write_json(const results *r, const report_counters *c, FILE *out);
/* The document report_write_json writes (new reference). */
json_t *report_json_document(const results *r, const report_counters *c);
int report_write_csv(const results *r, const report_counters *c, FILE *out);
int report_write_table(const results *r, const report_counters *c, const report_style *style,
                       FILE *out);

/* One result as the JSON object bench, exports and --record write. */
json_t *report_result_json(const result_row *row, const report_counters *c);
/* A result's simulated counts as JSON (the "simulated" field), null when it has none. */
json_t *report_simulated_json(const result_row *row);
/* "rows 0-7 and 0-15 of 500, extrapolated" / "all 48 rows": the band a simulation ran. */
void report_sim_band(const sim_counts *sim, char *buf, size_t len);
json_t *report_machine_json(void);
/* The measured figures as `tttop machine --format json` writes them: peak_gflops {per_core,
 * all_cores, isa}, peak_by_isa {isa: per-core GFLOP/s}, bandwidth_gbs {one_thread,
 * all_threads}, caches, measured_at. */
json_t *report_figures_json(const machine_figures *f);
json_t *report_counter_status_json(const report_counters *c);

/* A short column title for an event: "PAPI_L1_DCM" -> "L1D misses", "perf::TASK-CLOCK" ->
 * "task-clock"; at most 12 characters. */
const char *report_event_title(const char *name);
/* A count as a person reads it, with its unit: TASK-CLOCK nanoseconds as time, the rest
 * as SI counts. */
char *report_event_value(char *buf, size_t len, const char *name, double value);
/* Legacy short name: "PAPI_L1_DCM" -> "L1_DCM", "perf::TASK-CLOCK" -> "TASK-CLOCK". */
const char *report_event_short_name(const char *name);

/* "block 64", "96/256/4080": the tunables a row ran with (per-setting ones left out), and
 * a mark for where they came from ("*" tuned, "~" the variant's own choice, "" given or
 * default). */
void report_tunables(const sample *s, char *buf, size_t len, const char **mark);

#endif
