/* The capstone report's structure: what it measures (the course's sizes, or --quick's), the
 * files it writes (NAME.md, the numbers in NAME.json and the charts NAME-ladder.png,
 * NAME-sizes.png and NAME-roofline.png beside it), and how they are written: each by the
 * rules of atomic_file.h, never over an existing file unless forced, the Markdown last. */
#ifndef TTTOP_CAPSTONE_H
#define TTTOP_CAPSTONE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/results.h"
#include "report/report.h"
#include "report/report_markdown.h"

#define CAPSTONE_MAX_SIZES 8

typedef struct capstone_plan {
    int sizes[CAPSTONE_MAX_SIZES]; /* square matmul sizes, smallest first */
    int nsizes;
    int batch;       /* of the net and train workloads */
    double min_time; /* seconds per measurement, at least */
} capstone_plan;

/* The course's plan: n = 100, 500, 1000, 2000, batch 64, 0.2 s per measurement; --quick:
 * n = 64, 128, 256, 512 and 0.05 s (the whole report in well under a minute). */
void capstone_plan_for(bool quick, capstone_plan *out);

typedef struct capstone_paths {
    char md[PATH_MAX];
    char json[PATH_MAX];
    char chart[REPORT_CHART_COUNT][PATH_MAX];
} capstone_paths;

/* "tttop-report-20261125-143000.md" (local time) into buf. */
void capstone_default_name(char *buf, size_t len);
/* The files of a report written to md: NAME.json and NAME-*.png where md is NAME.md (or
 * NAME). 0, or -1 with err when the name is empty or too long. */
int capstone_paths_for(const char *md, capstone_paths *out, char *err, size_t errlen);
/* Before measuring: refuse a directory that does not exist and, unless force, a file that
 * exists (with_json: the numbers' file too). 0, or -1 with a one-line message. */
int capstone_check(const capstone_paths *p, bool with_json, bool force, char *err, size_t errlen);

/* This process's results as a report run, through bench's JSON: the document (with the
 * command and this machine's figures of `tttop machine` added) is written as text, and the
 * run read back from that text, so that the report and `--from` the saved text show the
 * same numbers. *json_text gets the text (free it). 0, or -1 with err. */
int capstone_run_from_results(const results *r, const report_counters *c, const char *command,
                              report_run *run, char **json_text, char *err, size_t errlen);

/* Writes the charts, then the numbers (json_text, NULL for none), then the Markdown of doc
 * (doc->charts is filled here). 0, or -1 with a one-line message; a file not written is
 * left as it was (none half-written). */
int capstone_write(report_doc *doc, const capstone_paths *p, const char *json_text, bool force,
                   char *err, size_t errlen);

/* argv as a shell command line, each word quoted where it needs to be: "tttop report --quick". */
void capstone_command_line(int argc, char **argv, const char *program, char *buf, size_t len);

#endif
