/* One run of measurements as the capstone report reads it: the results rows exactly as
 * `tttop bench --format json` wrote them (so that every table shows that run's numbers, not
 * numbers computed again), the machine they were measured on, the counters they used, and
 * what a row carries beyond the results model.
 *
 * Where the rows come from: a saved JSON file (--from), or this process's own measurements,
 * which go through the same JSON first, so that a report and `tttop report --from` of the
 * JSON written beside it show the same numbers.
 *
 * A variant this build does not have (a file from a newer tttop, with a variant added) is
 * kept by its name: its rows get a variant index past the registry's (variants_count() and
 * up, one per unknown name) and info[i].variant says its name; the report shows it like the
 * others, without the lesson or the tunables this build cannot know. */
#ifndef TTTOP_REPORT_RUN_H
#define TTTOP_REPORT_RUN_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/results.h"

#define REPORT_NAME_MAX 32
#define REPORT_SIM_MAX 16
#define REPORT_MAX_ROWS 4096
/* A results file larger than this is not one tttop wrote. */
#define REPORT_MAX_FILE_BYTES (8u << 20)

typedef struct report_row_info {
    char variant[REPORT_NAME_MAX]; /* the variant's name, known to this build or not */
    char isa[16];                  /* the SIMD tile it ran, "" when none */
    char data[200];                /* net/train: the data it ran on; "" when not said */
    char counter_source[16];       /* as the file says ("hardware", "simulated"...), or "" */
    char timestamp[32];
    int nsim; /* simulated counts (valgrind's cache simulation), per repetition */
    char sim_name[REPORT_SIM_MAX][REPORT_NAME_MAX];
    double sim[REPORT_SIM_MAX]; /* NAN where the file has null */
} report_row_info;

typedef struct report_event {
    char name[64];
    bool available, software;
    char reason[200], fix[200]; /* why not, and what would fix it; "" when available */
} report_event;

typedef struct report_machine {
    char cpu_model[128];
    int cores;
    size_t l1d_bytes, l2_bytes, l3_bytes; /* 0 when unknown */
    double mhz;                           /* NAN when unknown */
    char simd[24];
    bool virtualized;
    double nominal_peak_per_core, nominal_peak; /* clock x SIMD width: NAN when unknown */
    char openblas_core[64], openblas_config[200], microkernel_isa[24];
    /* measured by `tttop machine`, when the run had the figures */
    bool measured;
    char figures_isa[16], figures_at[32];
    double peak_per_core, peak_all_cores; /* GFLOP/s */
    double bw_one_thread, bw_all_threads; /* GB/s */
} report_machine;

typedef struct report_run {
    char label[64];         /* a short name for column heads: the file's, or "this run" */
    char source[PATH_MAX];  /* the file read; "" when measured by this process */
    char tttop_version[32]; /* of the tttop that measured */
    char command[512];      /* the command that measured, when recorded; else "" */
    report_machine machine;
    char counter_summary[256];
    int nevents;
    report_event events[COUNTERS_MAX]; /* the rows' counts[i] are of events[i] */
    results *model;                    /* rows inserted as read: comparisons as the file has them */
    report_row_info *info;             /* info[i] goes with results_row(model, i) */
    int nunknown;                      /* variants kept by name only */
} report_run;

/* A file written by `tttop bench --format json` (or the dashboard's export, or the JSON
 * beside a report): a regular file of at most REPORT_MAX_FILE_BYTES, strictly checked.
 * 0, or -1 with one line naming the file and the JSON path of the first problem
 * ("r.json: results[3].time_s.median: a number is needed, not a string"). */
int report_run_read(const char *path, report_run *run, char *err, size_t errlen);
/* The same from text in memory; name stands for the file in messages and labels. */
int report_run_parse(const char *text, size_t len, const char *name, report_run *run, char *err,
                     size_t errlen);
/* The same from a parsed document. */
int report_run_from_json(const json_t *root, const char *name, report_run *run, char *err,
                         size_t errlen);
void report_run_free(report_run *run);

/* The variant name of row i. */
const char *report_run_variant(const report_run *run, int row);
/* The row of the variant named at the setting of `like` (same workload and shape), NULL
 * when that run has none. */
const result_row *report_run_find(const report_run *run, const experiment *like,
                                  const char *variant, int *index);
/* Same workload and shape or batch: the key of every table (threads are shown per row). */
bool report_same_setting(const experiment *a, const experiment *b);

#endif
