/* One published measurement of an experiment: timings, verdict, counters, profile. */
#ifndef TTTOP_SAMPLE_H
#define TTTOP_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters.h"
#include "experiment.h"
#include "profile.h"

typedef enum check_verdict { CHECK_NOT_RUN = 0, CHECK_PASS, CHECK_FAIL } check_verdict;

#define CHECK_TOLERANCE 1e-10

typedef struct sample {
    experiment exp;
    uint64_t seq; /* 1, 2, ... per runner; 0 = none yet */
    int reps;
    double t_last, t_min, t_median, t_max; /* seconds per repetition */
    double flops;                          /* analytic, per repetition */
    double gflops;                         /* flops / t_median */
    check_verdict verdict;
    double max_rel_err; /* NAN when not checked */
    size_t workspace_bytes;
    int threads_used;
    int nevents;
    double counts[COUNTERS_MAX]; /* per repetition; NAN = not counted in this sample */
    profile prof;                /* net/train: per-layer, per repetition */
    double loss, accuracy;       /* train: after this sample's steps; NAN otherwise */
    double loss_start, accuracy_start; /* train: after the first (warm-up) step */
    long step;                   /* train: steps taken so far */
} sample;

#endif
