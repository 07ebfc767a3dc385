/* What to measure: a workload, a matmul variant and its settings. Plain values, so that
 * the UI thread can hand a copy to the worker and compare settings cheaply. */
#ifndef TTTOP_EXPERIMENT_H
#define TTTOP_EXPERIMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/variants.h"

typedef enum workload_kind {
    WORKLOAD_MATMUL = 0,
    WORKLOAD_NET,
    WORKLOAD_TRAIN,
    WORKLOAD_COUNT
} workload_kind;

#define EXPERIMENT_MAX_SIZE 50000
#define EXPERIMENT_MAX_BATCH 65536

typedef struct experiment {
    workload_kind workload;
    int variant;                 /* index into the registry (core/variants.h) */
    int m, n, k;                 /* matmul shape */
    int batch;                   /* net and train */
    int knob[VARIANT_MAX_KNOBS]; /* tunable values by knob; 0 = tuned or the variant's own */
    int isa;                     /* SIMD tile: 0 = the best this CPU has */
    int min_reps;                /* repetitions per sample, at least */
    double min_time;             /* seconds per sample, at least */
    unsigned seed;
} experiment;

/* The effective tunables of a run: the values it really used, and where each came from. */
typedef struct experiment_knobs {
    int value[VARIANT_MAX_KNOBS];
    knob_source source[VARIANT_MAX_KNOBS];
} experiment_knobs;

const char *workload_name(workload_kind w);
int workload_parse(const char *text, workload_kind *out); /* 0 or -1 */

/* The dashboard's opening experiment: matmul n=500 with the registry's first-shown
 * variant, 1 thread, the other knobs the variant's own. */
experiment experiment_default(void);

/* Same workload, shape/batch and per-setting knobs (threads): the key of the ladder. */
bool experiment_same_setting(const experiment *a, const experiment *b);
/* Every field equal (not a byte comparison: padding is not part of an experiment). */
bool experiment_equal(const experiment *a, const experiment *b);
/* Same everything that changes a measurement (variant and tunables too). */
bool experiment_same_run(const experiment *a, const experiment *b);

int experiment_threads(const experiment *e); /* the threads knob, at least 1 */
void experiment_set_threads(experiment *e, int threads);

/* Effective values of e's variant: given, else tuned, else the variant's default or its
 * own choice for this shape. */
void experiment_resolve(const experiment *e, experiment_knobs *out);

/* Analytic floating-point operations of one repetition (2mnk for matmul). */
double experiment_flops(const experiment *e);
/* Minimum traffic of a matmul, 8(mk + kn + mn) bytes; NAN for the network. */
double experiment_min_bytes(const experiment *e);
/* Bytes the workload allocates besides the variant's own workspace. */
size_t experiment_data_bytes(const experiment *e);
/* The variant's extra memory (packing buffers) at e's shape and tunables. */
size_t experiment_workspace_bytes(const experiment *e);
/* Refuse absurd or unaffordable settings before allocating: 0, or -1 with a one-line
 * message in err. */
int experiment_validate(const experiment *e, char *err, size_t errlen);

const char *experiment_variant_name(const experiment *e);
/* "n=1000", "512x300x77" or "batch=64": the shape as a user would type it. */
void experiment_describe_shape(const experiment *e, char *buf, size_t len);

#endif
