/* The one option parser of every face: the dashboard and each subcommand accept a subset
 * of one table of options, parsed by the same code to the same values with the same
 * messages; the --help text of each is drawn from the same table. */
#ifndef TTTOP_OPTIONS_H
#define TTTOP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/experiment.h"

typedef enum cli_face {
    FACE_DASHBOARD = 1u << 0,
    FACE_BENCH = 1u << 1,
    FACE_TUNE = 1u << 2,
    FACE_EVENTS = 1u << 3,
    FACE_MACHINE = 1u << 4,
    FACE_REPORT = 1u << 5,
    FACE_DEMO = 1u << 6,
} cli_face;

typedef enum cli_opt {
    OPT_WORKLOAD = 0,
    OPT_VARIANT,
    OPT_SIZE,
    OPT_BATCH,
    OPT_BLOCK,
    OPT_THREADS,
    OPT_REPS,
    OPT_MIN_TIME,
    OPT_SEED,
    OPT_EVENTS,
    OPT_COUNTERS,
    OPT_FORMAT,
    OPT_OUT,
    OPT_QUIET,
    OPT_NO_TUNING,
    OPT_ISA,
    OPT_WIDE,
    OPT_DELAY,
    OPT_NO_COLOR,
    OPT_ASCII,
    OPT_MAX_ITERATIONS,
    OPT_RECORD,
    OPT_NO_CONFIG,
    OPT_NO_SAVE,
    OPT_AUTO,
    OPT_DATA,
    OPT_FROM,
    OPT_SIZES,
    OPT_QUICK,
    OPT_FORCE,
    OPT_REMEASURE,
    OPT_HELP,
    OPT_VERSION,
    OPT_COUNT,
} cli_opt;

#define CLI_GIVEN(o) ((uint64_t)1 << (o))
#define CLI_MAX_FROM 100 /* report --from files */

typedef struct cli {
    cli_face face;
    uint64_t given; /* CLI_GIVEN(opt) for every option on the command line */
    workload_kind workload;
    int *variants;
    int nvariants;
    int (*shapes)[3];
    int nshapes;
    int *batches;
    int nbatches;
    int *blocks;
    int nblocks;
    int threads;
    int reps;
    double min_time;
    unsigned seed;
    char **events;
    int nevents;
    int counters; /* counter_mode: auto, hardware, simulated, off */
    int format;   /* index into the face's format names */
    const char *out;
    bool quiet, no_tuning, wide;
    int isa;
    int delay_tenths;
    bool no_color, ascii;
    long max_iterations;
    const char *record;
    bool no_config, no_save;
    double auto_s;        /* demo --auto: seconds per step, 0 = by hand */
    const char *data_dir; /* --data: MNIST's directory, NULL for the synthetic digits */
    const char **from;    /* report --from, in the order given (argv's strings) */
    int nfrom;
    bool quick, force;
    bool remeasure;
} cli;

/* "tttop", "tttop bench" ... */
const char *cli_face_command(cli_face face);
/* 0: run; 1: --help printed to stdout (exit 0); 2: that could not be written (message in
 * err, exit 1); 3: --version asked (the caller prints it); -1: a bad command line, a
 * one-line message in err (exit 2). argv[0] is the face's own name. */
int cli_parse(cli_face face, int argc, char **argv, cli *out, char *err, size_t errlen);
void cli_free(cli *c);
/* The exit status for cli_parse's result, printing err as "COMMAND: err" when it failed. */
int cli_exit_status(cli_face face, int parse_rc, const char *err);
/* The face's --help text. Returns 0, or -1 when out could not be written. */
int cli_usage(cli_face face, FILE *out);
/* Names of the options a face accepts ("--size", "-s" ...), for the man page's test. */
int cli_option_names(cli_face face, const char **names, int cap);

/* The format names of bench: table, csv, json. */
extern const char *const cli_format_names[3];

#endif
