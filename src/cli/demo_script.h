/* The guided tour of `tttop demo`: its steps, the size it runs the matrices at, and each
 * step's caption filled with the numbers just measured. No curses: the dashboard draws
 * what this writes, and the unit tests read it.
 *
 * The steps: the naive network's per-layer profile (where the time goes); then every
 * variant of the registry's ladder in turn, the baseline first and the reference last, at
 * one matrix size (the baseline taking a second or so there); the whole network with the
 * reference; a summary. Nothing here names a variant: names and lessons come from the
 * registry. */
#ifndef TTTOP_DEMO_SCRIPT_H
#define TTTOP_DEMO_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/results.h"
#include "counters/counters.h"
#include "machine/figures.h"

typedef enum demo_step_kind {
    DEMO_PROFILE = 0, /* the network with the baseline: where the time goes */
    DEMO_RUNG,        /* one variant at the tour's matrix size */
    DEMO_NETWORK,     /* the network with the reference: the whole-network speed-up */
    DEMO_SUMMARY,     /* the comparison table */
} demo_step_kind;

typedef struct demo_step {
    demo_step_kind kind;
    experiment exp;      /* what the step measures (the summary: the reference at the size) */
    int prev;            /* a rung's previous variant, -1 for the first and for other steps */
    const char *title;   /* template, one line */
    const char *caption; /* template: lines separated by '\n' */
} demo_step;

typedef struct demo_script {
    int count;
    demo_step *steps;
    int size;           /* n of the matrix steps; 0 while not chosen */
    experiment matmul;  /* the ladder's setting (n = size) */
    experiment network; /* the network's setting */
} demo_script;

/* What a matrix step aims at for the baseline's first number, and the calibration run
 * that measures the baseline's speed when the machine's figures are not cached. */
#define DEMO_TARGET_S 1.2
#define DEMO_CALIBRATION_N 256
#define DEMO_MIN_SIZE 100
#define DEMO_MAX_SIZE 2000
#define DEMO_DEFAULT_BATCH 64

/* size 0: chosen later with demo_script_set_size. 0, or -1 when out of memory or when the
 * registry has no baseline or no reference. */
int demo_script_build(demo_script *s, int size, int batch);
void demo_script_free(demo_script *s);
void demo_script_set_size(demo_script *s, int n);
bool demo_step_is_matmul(const demo_script *s, int step);

/* The baseline's speed measured at a small size: the size where one multiply takes about
 * target_s. Slower at larger sizes (B's columns leave the caches), so the scaling assumes
 * half the speed. Rounded to 50, within [DEMO_MIN_SIZE, DEMO_MAX_SIZE]. */
int demo_size_from_rate(double baseline_gflops, double target_s);
/* The same from the cached machine figures: the baseline at a large size brings in half a
 * 64-byte line of B per multiply-add (32 bytes) at the one-thread bandwidth; 0 when the
 * figures are not measured. */
int demo_size_from_figures(const machine_figures *f, double target_s);
/* The calibration run: the baseline at DEMO_CALIBRATION_N, one repetition after warm-up. */
experiment demo_calibration(const demo_script *s);

/* The runs a step needs that the model has no row of yet, the step's own first: the rows
 * its caption reads, and at the whole network every variant of it (the summary's
 * column). Returns how many were written (at most cap). */
int demo_step_missing(const demo_script *s, int step, const results *model, experiment *out,
                      int cap);
/* The step has shown its first number: its own run has a row. */
bool demo_step_measured(const demo_script *s, int step, const results *model);

/* What the counters say about one sample, whatever counted it. */
typedef struct demo_counts {
    double fmas;      /* multiply-adds per repetition (analytic) */
    double hw_l1;     /* hardware L1 data misses per repetition, NAN when not counted */
    double hw_llc;    /* hardware last-level misses, NAN when not counted */
    double sim_l1;    /* a cache simulator's L1 misses, NAN when none */
    double sim_ll;    /* its last-level misses, NAN when none */
    double cpu_share; /* task-clock over wall time: the share of one CPU the run had */
} demo_counts;

/* The counts of a sample from the events it was counted with. A cache simulator's figures
 * go into sim_l1/sim_ll here, once samples carry them. */
void demo_counts_of(const sample *s, const counter_event *events, int nevents, demo_counts *out);
/* One sentence, the best figure first: hardware cache misses, else simulated ones (said
 * so), else a software event and why there are no cache counters. */
void demo_counter_sentence(const demo_counts *c, char *buf, size_t len);

/* The step's title and caption with the numbers of model filled in; a number not measured
 * yet reads "measuring..." and ends its line. events: the counters the runner opened. */
void demo_title(const demo_script *s, int step, char *buf, size_t len);
void demo_caption(const demo_script *s, int step, const results *model, const counter_event *events,
                  int nevents, char *buf, size_t len);

/* Words of text into lines of at most width cells (a '\n' starts a new line; a word longer
 * than a line is broken across lines); returns the lines written, at most max_lines. */
#define DEMO_LINE_MAX 512
int demo_wrap(const char *text, int width, char (*lines)[DEMO_LINE_MAX], int max_lines);

#endif
