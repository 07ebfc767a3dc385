/* `tttop bench`: the headless face. Measures every (setting, variant) pair in turn on
 * the calling thread and writes the course's baseline table, CSV or JSON. */
#ifndef TTTOP_BENCH_H
#define TTTOP_BENCH_H

#include <stddef.h>

#include "counters.h"
#include "experiment.h"
#include "parse.h"
#include "report.h"

typedef struct bench_options {
    workload_kind workload;
    int variants[PARSE_MAX_LIST];
    int nvariants;
    int shapes[PARSE_MAX_LIST][3];
    int nshapes;
    int blocks[PARSE_MAX_LIST];
    int nblocks; /* 0 = the tuned (or default) block of each variant */
    int batches[PARSE_MAX_LIST];
    int nbatches;
    int threads;
    int reps;
    double min_time;
    unsigned seed;
    report_format format;
    const char *out_path;
    const char *events[COUNTERS_MAX];
    int nevents; /* 0 = defaults */
    char *events_text; /* owns the strings in events */
    int quiet;         /* no progress lines on stderr */
    int no_tuning;     /* ignore the saved block sizes */
    int isa;           /* enum kernel_isa for the microkernel */
} bench_options;

/* 0 = run, 1 = help printed (exit 0), -1 = error in err (exit 2). argv[0] is "bench". */
int bench_parse(int argc, char **argv, bench_options *o, char *err, size_t errlen);
void bench_options_free(bench_options *o);
/* Measures everything into r (report_compare done). Returns 0, or -1 with err. */
int bench_measure(const bench_options *o, counters *set, report *r, char *err, size_t errlen);
/* The whole subcommand: returns the exit status. */
int bench_main(int argc, char **argv);
void bench_usage(FILE *out);

#endif
