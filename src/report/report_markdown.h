/* The capstone report in Markdown: every number from the runs given (measured by this
 * process, or read from saved JSON), formatted as the other writers format them. One run
 * gives the course's write-up: the machine, where the network's time goes, naive against
 * OpenBLAS, the ladder with memory and checks, the counters with what they show, the
 * network's speed-up, the charts. Several runs give the machines and one side-by-side table
 * per setting first, then each run's own sections. */
#ifndef TTTOP_REPORT_MARKDOWN_H
#define TTTOP_REPORT_MARKDOWN_H

#include <stdbool.h>
#include <stdio.h>

#include "report/report_run.h"

typedef enum report_chart {
    REPORT_CHART_LADDER = 0,
    REPORT_CHART_SIZES,
    REPORT_CHART_ROOFLINE,
    REPORT_CHART_COUNT
} report_chart;

typedef struct report_charts {
    char file[REPORT_CHART_COUNT]
             [256];    /* the PNGs beside the Markdown, as linked; "" when not drawn */
    bool no_gnuplot;   /* none drawn: gnuplot is not installed */
    char why_not[300]; /* none drawn for another reason: what happened */
} report_charts;

typedef struct report_doc {
    const report_run *runs;
    int nruns;
    bool measured;          /* runs[0] was measured by this process, not read from a file */
    bool quick;             /* measured with --quick */
    const char *command;    /* the command that wrote this report, shown verbatim */
    const char *json_file;  /* the numbers written beside the report (as linked), or NULL */
    const char *libraries;  /* this host's libraries and versions (measured here), or NULL */
    const char *written_at; /* "2026-11-25 14:30 UTC" */
    report_charts charts;
} report_doc;

/* 0, or -1 on a write error. */
int report_markdown_write(const report_doc *doc, FILE *out);

/* The largest square-or-not matmul setting of a run (by flops), the one the ladder chart and
 * the counters section use; false when the run has no matmul rows. */
bool report_ladder_setting(const report_run *run, experiment *out);

#endif
