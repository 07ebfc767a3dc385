/* One measurement of an experiment: timings, verdict, counters, profile. */
#ifndef TTTOP_SAMPLE_H
#define TTTOP_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/experiment.h"
#include "counters/counters.h"
#include "net/profile.h"

typedef enum check_verdict { CHECK_NOT_RUN = 0, CHECK_PASS, CHECK_FAIL } check_verdict;

/* Normwise max relative error a variant may show against the reference. */
#define CHECK_TOLERANCE 1e-10

typedef struct sample {
    experiment exp;
    experiment_knobs knobs; /* the tunables it really ran with */
    const char *isa;        /* the SIMD tile it ran, NULL when the variant has no choice */
    uint64_t seq;           /* 1, 2, ... per runner; 0 = none yet */
    double finished_at;     /* wall clock (seconds since the epoch) */
    int reps;
    double t_last, t_min, t_median, t_max; /* seconds per repetition */
    double flops;                          /* analytic, per repetition */
    double gflops;                         /* flops / t_median */
    check_verdict verdict;
    double max_rel_err; /* NAN when not checked */
    double tolerance;   /* what the verdict compared max_rel_err with */
    bool reference;     /* the variant is the check's reference: nothing to compare */
    size_t workspace_bytes;
    int threads_used;
    int nevents;
    double counts[COUNTERS_MAX];       /* per repetition; NAN = not counted in this sample */
    profile prof;                      /* net/train: per-layer, per repetition */
    double loss, accuracy;             /* train: after this sample's steps; NAN otherwise */
    double loss_start, accuracy_start; /* train: after the first (warm-up) step */
    long step;                         /* train: steps taken so far */
    bool skipped; /* a sweep point not measured: over the sweep's time cap (times NAN) */
} sample;

#endif
